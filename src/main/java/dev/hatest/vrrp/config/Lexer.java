package dev.hatest.vrrp.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits keepalived.conf into tokens. As keepalived does: {@code !} and {@code #} start a comment outside
 * quotes, braces are tokens of their own, double quotes keep spaces, and {@code include PATTERN} (a glob,
 * relative to the including file) is replaced by the tokens of the files it names. A line that starts
 * {@code @ID} is read only when keepalived's config id (its {@code -i}, by default the host name up to its first
 * dot) is ID, and one that starts {@code @^ID} only when it is not (measured with keepalived 2.2.7 -t).
 */
final class Lexer {

    private static final int MAX_INCLUDE_DEPTH = 8;
    /**
     * The largest file read: far beyond any real config (Debian's largest sample is 6 KB), so that an include of
     * a huge or endless file ({@code /dev/zero}) is an error at its include rather than the heap's end.
     */
    static final long MAX_FILE_BYTES = 16L << 20;

    private final Diagnostics diagnostics;
    private final String configId;

    Lexer(Diagnostics diagnostics, String configId) {
        this.diagnostics = diagnostics;
        this.configId = configId;
    }

    /** keepalived's default config id: this host's name up to its first dot. */
    static String localConfigId() {
        String name;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "");
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    List<Token> tokens(Path file) {
        List<Token> out = new ArrayList<>();
        read(file, 0, out, null);
        return out;
    }

    List<Token> tokens(Path name, String text) {
        List<Token> out = new ArrayList<>();
        lex(name, text, 0, out);
        return out;
    }

    private void read(Path file, int depth, List<Token> out, Location from) {
        Location at = from == null ? new Location(file, 0) : from;
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            // at most one byte past the limit: an endless file (/dev/zero) costs 16 MB, not the heap
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            diagnostics.error(at, "cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (bytes.length > MAX_FILE_BYTES) {
            diagnostics.error(at, "cannot read " + file + ": larger than " + (MAX_FILE_BYTES >> 20) + " MB, not a config");
            return;
        }
        // keepalived reads bytes: one that is not UTF-8 (a Latin-1 comment) is no error; it becomes U+FFFD here
        lex(file, new String(bytes, StandardCharsets.UTF_8), depth, out);
    }

    private void lex(Path file, String text, int depth, List<Token> out) {
        // CRLF, LF, or a lone CR (old Mac files): each ends a line, as fgets-style reading plus keepalived's CR
        // trimming sees them, so a CR-only file is not one long comment
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int n = 0; n < lines.length; n++) {
            Location at = new Location(file, n + 1);
            List<Token> line = lexLine(lines[n], at);
            if (!line.isEmpty() && line.get(0).is("include")) {
                include(file, line, depth, out);
            } else {
                out.addAll(line);
            }
        }
    }

    private List<Token> lexLine(String s, Location at) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        String t = s.stripLeading();
        if (t.startsWith("@")) {
            int end = 1;
            while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
                end++;
            }
            String id = t.substring(1, end);
            boolean applies = id.startsWith("^") ? !id.substring(1).equals(configId) : id.equals(configId);
            if (!applies) {
                return out;
            }
            s = t.substring(end);
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '!' || c == '#') {
                break;
            } else if (c == '{' || c == '}') {
                out.add(new Token(String.valueOf(c), false, at));
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    diagnostics.error(at, "unterminated quoted string");
                    end = s.length();
                }
                out.add(new Token(s.substring(i + 1, end), true, at));
                i = end + 1;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "{}\"!#".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), false, at));
            }
        }
        return out;
    }

    private void include(Path file, List<Token> line, int depth, List<Token> out) {
        Location at = line.get(0).at();
        if (line.size() != 2) {
            diagnostics.error(at, "include takes one file name or pattern");
            return;
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            diagnostics.error(at, "includes nested deeper than " + MAX_INCLUDE_DEPTH);
            return;
        }
        String pattern = line.get(1).text();
        Path base = file.toAbsolutePath().getParent();
        Path target;
        try {
            target = base == null ? Path.of(pattern) : base.resolve(pattern);
        } catch (java.nio.file.InvalidPathException e) {
            diagnostics.error(at, "include " + pattern + ": not a valid path: " + e.getReason());
            return;
        }
        Path dir = target.getParent();
        List<Path> matches = new ArrayList<>();
        if (target.getFileName() == null) {
            // "include /": a directory, no file; keepalived's glob gives nothing to read
            diagnostics.note(at, "include " + pattern + " names no file");
            return;
        }
        String glob = target.getFileName().toString();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(matches::add);
            } catch (IOException e) {
                diagnostics.error(at, "cannot list " + dir + ": " + e.getMessage());
            } catch (java.util.regex.PatternSyntaxException e) {
                // glob(3), which keepalived uses, takes such a pattern literally; it then matches nothing.
                matches.clear();
            }
        }
        if (matches.isEmpty()) {
            // keepalived only logs an include pattern that matches nothing; its -t still passes.
            diagnostics.note(at, "include " + pattern + " matches no file");
            return;
        }
        matches.sort(null);
        for (Path m : matches) {
            if (!Files.isRegularFile(m)) {
                // a directory, a device (/dev/zero), a FIFO: no config; keepalived skips what it can't read as one
                diagnostics.note(at, "include " + pattern + ": " + m + " is not a regular file; skipped");
                continue;
            }
            read(m, depth + 1, out, at);
        }
    }
}
