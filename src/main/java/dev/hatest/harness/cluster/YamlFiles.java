package dev.hatest.harness.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The operator's YAML files (topologies, scenarios): read into records, every mistake as {@code file:line: what}. */
public final class YamlFiles {

    private YamlFiles() {
    }

    /**
     * {@code file} as a {@code type}, or null for an empty file.
     *
     * @param known the fields to name when one is unknown, or null for the record's own
     * @throws IllegalArgumentException {@code file:line: message}: unreadable, not YAML, or an unknown field (at
     *                                  the field's own line: the parser's location is past its value)
     */
    public static <T> T read(Path file, ObjectMapper yaml, Class<T> type, String known) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return yaml.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            int at = e.getLocation() == null ? Integer.MAX_VALUE : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + lastLineOf(file, e.getPropertyName(), at) + ": unknown field '" + e.getPropertyName()
                    + "' (known: " + (known != null ? known : e.getKnownPropertyIds()) + ")");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The 1-based line of the first {@code key:} (or {@code - key:}) in lines [from, to), else {@code otherwise}. */
    public static int lineOf(Path file, String key, int from, int to, int otherwise) {
        List<String> lines = lines(file);
        for (int i = Math.max(from - 1, 0); i < Math.min(to - 1, lines.size()); i++) {
            if (isKey(lines.get(i), key)) {
                return i + 1;
            }
        }
        return otherwise;
    }

    /** The 1-based line of the last {@code key:} at or before line {@code at}, else of the first anywhere. */
    public static int lastLineOf(Path file, String key, int at) {
        List<String> lines = lines(file);
        for (int i = Math.min(at, lines.size()) - 1; i >= 0; i--) {
            if (isKey(lines.get(i), key)) {
                return i + 1;
            }
        }
        return lineOf(file, key, 0, Integer.MAX_VALUE, 1);
    }

    /** The file's lines, or none when it can't be read (the caller has reported that already). */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isKey(String line, String key) {
        return line.matches("\\s*(-\\s+)?" + Pattern.quote(key) + "\\s*:.*");
    }
}
