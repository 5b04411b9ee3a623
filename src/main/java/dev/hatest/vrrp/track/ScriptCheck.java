package dev.hatest.vrrp.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * keepalived's check of each script before it runs any (check_script_secure), for the account the script will
 * run as. A script that fails it is disabled: it never runs, and a tracked one counts for nothing (neither its
 * weight nor a FAULT), as in keepalived. In order:
 * <ol>
 *   <li>a bare name is looked for on PATH ("WARNING - script `true` resolved by path search to `/usr/bin/true`.
 *       Please specify full path."), and disabled when not there;</li>
 *   <li>a daemon that is not root can't run a script as anyone else ("Unable to set uid:gid");</li>
 *   <li>the file must be reachable by that account through its directories, and executable by it ("not
 *       executable for uid:gid U:G - disabling": root needs any x bit; others the bit of the owner, group or
 *       others class they fall in);</li>
 *   <li>a script run as root's user or group (or set-uid/set-gid root) must not be changeable by anyone but root
 *       ({@link ScriptSecurity}); under enable_script_security an unsafe one is disabled, otherwise logged.</li>
 * </ol>
 */
public final class ScriptCheck {

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;

    /**
     * What the check found.
     *
     * @param argv     the command, its first word resolved on PATH when it was a bare name
     * @param disabled why the script must not run, or empty
     * @param insecure whether it was disabled by enable_script_security
     * @param log      what keepalived would log about it
     */
    public record Result(List<String> argv, Optional<String> disabled, boolean insecure, List<String> log) {
    }

    private ScriptCheck() {
    }

    /** Checks {@code commandLine} (split on white space, as keepalived splits it) to run as {@code as}. */
    public static Result check(String commandLine, RunAs as, RunAs self, boolean scriptSecurity, String path) {
        List<String> argv = new ArrayList<>(Arrays.asList(commandLine.trim().split("\\s+")));
        List<String> log = new ArrayList<>();
        String name = argv.get(0);
        if (!name.contains("/")) {
            Optional<Path> found = searchPath(name, as, path);
            if (found.isEmpty()) {
                return disabled(argv, log, "Cannot find script " + name + " in path - disabling", false);
            }
            log.add("WARNING - script `" + name + "` resolved by path search to `" + found.get() + "`. Please specify full path.");
            argv.set(0, found.get().toString());
        }
        String file = argv.get(0);
        if (!as.sameIds(self) && self.uid() != 0) {
            return disabled(argv, log, "Unable to set uid:gid " + as.uid() + ":" + as.gid() + " for script " + file
                    + " - disabling (vrrpd runs as " + self + ", not root)", false);
        }
        Path real;
        try {
            Optional<String> denied = unreachable(Path.of(file).toAbsolutePath(), as);
            if (denied.isPresent()) {
                return disabled(argv, log, "Script " + file + " cannot be accessed - Permission denied (" + denied.get() + ")", false);
            }
            real = Path.of(file).toRealPath();
        } catch (NoSuchFileException e) {
            return disabled(argv, log, "Script " + file + " cannot be accessed - No such file or directory", false);
        } catch (IOException e) {
            return disabled(argv, log, "Script " + file + " cannot be accessed - " + e.getMessage(), false);
        }
        int mode;
        int owner;
        int group;
        try {
            mode = (Integer) Files.getAttribute(real, "unix:mode");
            owner = (Integer) Files.getAttribute(real, "unix:uid");
            group = (Integer) Files.getAttribute(real, "unix:gid");
        } catch (IOException e) {
            return disabled(argv, log, "Unable to access script `" + file + "` - disabling", false);
        }
        if (!Files.isRegularFile(real) || !permits(mode, owner, group, as, 0111)) {
            return disabled(argv, log, "WARNING - script '" + file + "' is not executable for uid:gid " + as.uid() + ":" + as.gid()
                    + " - disabling.", false);
        }
        boolean protect = as.privileged()
                || (owner == 0 && (mode & 0100) != 0 && (mode & S_ISUID) != 0)
                || (group == 0 && (mode & 0010) != 0 && (mode & S_ISGID) != 0);
        if (protect) {
            Optional<String> unsafe = ScriptSecurity.unsafe(file);
            if (unsafe.isPresent() && scriptSecurity) {
                return disabled(argv, log, "Unsafe permissions found for script '" + file + "' - disabling (" + unsafe.get() + ")", true);
            }
            unsafe.ifPresent(u -> log.add("Unsafe permissions found for script '" + file + "' (" + u + ")."));
        }
        return new Result(List.copyOf(argv), Optional.empty(), false, List.copyOf(log));
    }

    private static Result disabled(List<String> argv, List<String> log, String why, boolean insecure) {
        return new Result(List.copyOf(argv), Optional.of(why), insecure, List.copyOf(log));
    }

    /** The first directory on the way to {@code file} that {@code as} may not search, if any. */
    private static Optional<String> unreachable(Path file, RunAs as) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            dirs.add(0, p);
        }
        for (Path d : dirs) {
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(d.toString());
            }
            Path real = d.toRealPath();
            int mode = (Integer) Files.getAttribute(real, "unix:mode");
            if (!permits(mode, (Integer) Files.getAttribute(real, "unix:uid"), (Integer) Files.getAttribute(real, "unix:gid"), as, 0111)
                    && as.uid() != 0) {
                return Optional.of(d + " is not searchable by uid:gid " + as.uid() + ":" + as.gid());
            }
        }
        return Optional.empty();
    }

    /**
     * keepalived's is_executable (and the kernel's rule for a directory's search bit): root needs the bit in any
     * class; anyone else the bit of the one class they fall in, owner, else group, else others.
     */
    static boolean permits(int mode, int owner, int group, RunAs as, int bits) {
        if (as.uid() == 0) {
            return (mode & bits) != 0;
        }
        if (as.uid() == owner) {
            return (mode & bits & 0700) != 0;
        }
        if (as.gid() == group) {
            return (mode & bits & 0070) != 0;
        }
        return (mode & bits & 0007) != 0;
    }

    private static Optional<Path> searchPath(String name, RunAs as, String path) {
        for (String dir : (path == null || path.isEmpty() ? "/usr/bin:/bin" : path).split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            try {
                if (Files.isRegularFile(p) && permits((Integer) Files.getAttribute(p, "unix:mode"),
                        (Integer) Files.getAttribute(p, "unix:uid"), (Integer) Files.getAttribute(p, "unix:gid"), as, 0111)) {
                    return Optional.of(p);
                }
            } catch (IOException e) {
                // not this one; try the next directory
            }
        }
        return Optional.empty();
    }
}
