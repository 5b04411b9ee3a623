package dev.hatest.vrrp.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * keepalived's enable_script_security, for scripts run as root: a script is unsafe if a non-root user could
 * change it, through the file or through any directory on its path. Measured on keepalived 2.2.7:
 * <ul>
 *   <li>the file or a directory is owned by a user other than root;</li>
 *   <li>it is writable by a group other than root's;</li>
 *   <li>it is writable by others, except a directory with the sticky bit (such as /tmp).</li>
 * </ul>
 * keepalived then logs "Disabling track script NAME due to insecure" and the script counts for nothing.
 */
public final class ScriptSecurity {

    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private ScriptSecurity() {
    }

    /** Why the script that {@code commandLine} runs is unsafe, or empty when it is safe. */
    public static Optional<String> unsafe(String commandLine) {
        Path file = Path.of(commandLine.trim().split("\\s+")[0]);
        try {
            for (Path p = file.toRealPath(); p != null; p = p.getParent()) {
                int uid = (Integer) Files.getAttribute(p, "unix:uid");
                int gid = (Integer) Files.getAttribute(p, "unix:gid");
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                boolean stickyDir = Files.isDirectory(p) && (mode & STICKY) != 0;
                if (uid != 0) {
                    return Optional.of(p + " is owned by uid " + uid + ", not root");
                }
                if ((mode & GROUP_WRITE) != 0 && gid != 0 && !stickyDir) {
                    return Optional.of(p + " is writable by group " + gid);
                }
                if ((mode & OTHER_WRITE) != 0 && !stickyDir) {
                    return Optional.of(p + " is writable by everyone");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot check " + file + ": " + e.getMessage());
        }
    }
}
