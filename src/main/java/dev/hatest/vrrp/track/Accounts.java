package dev.hatest.vrrp.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The host's user and group names, from {@code /etc/passwd} and {@code /etc/group} (keepalived asks NSS, which on
 * the hosts vrrpd runs on, containers, is the same two files; a user known only to LDAP or SSSD is not found).
 * The first entry of a name wins, as with getpwnam.
 */
public final class Accounts {

    /** A user: its id and its primary group's id. */
    public record User(String name, int uid, int gid) {
    }

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Integer> groups = new HashMap<>();

    private Accounts() {
    }

    /** This host's accounts. */
    public static Accounts system() {
        return read(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** The accounts in a passwd and a group file; a missing file has none. */
    public static Accounts read(Path passwd, Path group) {
        Accounts a = new Accounts();
        for (String[] f : fields(passwd, 4)) {
            Integer uid = number(f[2]);
            Integer gid = number(f[3]);
            if (uid != null && gid != null) {
                a.users.putIfAbsent(f[0], new User(f[0], uid, gid));
            }
        }
        for (String[] f : fields(group, 3)) {
            Integer gid = number(f[2]);
            if (gid != null) {
                a.groups.putIfAbsent(f[0], gid);
            }
        }
        return a;
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public OptionalInt group(String name) {
        Integer gid = groups.get(name);
        return gid == null ? OptionalInt.empty() : OptionalInt.of(gid);
    }

    private static List<String[]> fields(Path file, int atLeast) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(":", -1))
                    .filter(f -> f.length >= atLeast)
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Integer number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
