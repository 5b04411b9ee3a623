package dev.hatest.vrrp.track;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The account a script runs as: a user id and a group id, and no other group (keepalived 2.2.7 sets the
 * supplementary groups to that one group, measured: {@code id} in its scripts prints {@code groups=GID}).
 *
 * @param name how to name it in messages (the user name, with ":group" when the group is not the user's own)
 */
public record RunAs(String name, int uid, int gid) {

    /** The account this process runs as (its effective ids). */
    public static RunAs self() {
        try {
            int uid = -1;
            int gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.split("\\s+")[2]);
                } else if (line.startsWith("Gid:")) {
                    gid = Integer.parseInt(line.split("\\s+")[2]);
                }
            }
            return new RunAs(System.getProperty("user.name"), uid, gid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** Whether a script run as this account is one that enable_script_security protects (root's user or group). */
    public boolean privileged() {
        return uid == 0 || gid == 0;
    }

    public boolean sameIds(RunAs other) {
        return uid == other.uid && gid == other.gid;
    }

    /**
     * The command that runs {@code argv} as this account from a daemon running as {@code self}: argv itself when
     * the ids are the same, else through util-linux's setpriv, which sets the ids and the one group and then
     * execs the script in its place (so the script keeps the pid the daemon started, and a timeout kills it).
     * Numeric ids, which every setpriv takes (CentOS 7's 2.23 as well as Debian's 2.38).
     */
    public List<String> command(List<String> argv, RunAs self) {
        if (sameIds(self)) {
            return List.copyOf(argv);
        }
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--groups=" + gid, "--"));
        c.addAll(argv);
        return List.copyOf(c);
    }

    @Override
    public String toString() {
        return name + " (" + uid + ":" + gid + ")";
    }
}
