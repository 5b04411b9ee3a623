package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.VrrpTrackProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which processes a vrrp_track_process counts, from what /proc shows of them. As keepalived compares (an exact
 * match, not pgrep's regular expression): the name with {@code /proc/PID/comm}, or, when parameters,
 * {@code param_match} or {@code full_command} are given, the first word of {@code /proc/PID/cmdline}, and the
 * parameters with the words after it. Zombies don't count: they are not running.
 */
public final class ProcessMatcher {

    /** What /proc says of one process; {@code argv} is empty when it was not read. */
    public record Proc(int pid, String comm, char state, List<String> argv) {
    }

    /** The kernel keeps 15 characters of a process's name. */
    static final int COMM_LENGTH = 15;

    private ProcessMatcher() {
    }

    public static boolean matches(VrrpTrackProcess p, Proc proc) {
        if (proc.state() == 'Z' || proc.state() == 'X') {
            return false;
        }
        if (!p.matchesCommandLine()) {
            String name = p.process().length() > COMM_LENGTH ? p.process().substring(0, COMM_LENGTH) : p.process();
            return name.equals(proc.comm());
        }
        if (proc.argv().isEmpty() || !proc.argv().get(0).equals(p.process())) {
            return false;
        }
        String given = String.join("\0", p.params());
        String actual = String.join("\0", proc.argv().subList(1, proc.argv().size()));
        if (p.paramMatch() != VrrpTrackProcess.ParamMatch.NONE && given.isEmpty()) {
            // "To specify that a command must have no parameters, don't specify any parameters, but specify
            // param_match."
            return actual.isEmpty();
        }
        return switch (p.paramMatch()) {
            case NONE -> true;
            case EXACT -> actual.equals(given);
            case PARTIAL -> actual.equals(given) || actual.startsWith(given + "\0");
            case INITIAL -> actual.startsWith(given);
        };
    }

    /** The pids under {@code proc} (processes, not threads). */
    public static List<Integer> pids(Path proc) {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
                    out.add(Integer.parseInt(n));
                }
            }
        } catch (IOException e) {
            // an unreadable /proc shows no processes
        }
        return out;
    }

    /**
     * Reads one process from {@code proc}/PID/stat (name and state) and, when {@code withArgv}, its cmdline;
     * null when it is gone.
     */
    public static Proc read(Path proc, int pid, boolean withArgv) {
        try {
            String stat = Files.readString(proc.resolve(pid + "/stat"), StandardCharsets.UTF_8);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open || close + 2 >= stat.length()) {
                return null;
            }
            String comm = stat.substring(open + 1, close);
            char state = stat.charAt(close + 2);
            List<String> argv = List.of();
            if (withArgv) {
                String cmdline = new String(Files.readAllBytes(proc.resolve(pid + "/cmdline")), StandardCharsets.UTF_8);
                argv = cmdline.isEmpty() ? List.of() : Arrays.asList(cmdline.split("\0"));
            }
            return new Proc(pid, comm, state, argv);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
