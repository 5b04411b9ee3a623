package dev.hatest.harness.scenario;

import java.time.Duration;

/** Parses durations as people write them: 500ms, 5s, 1.5s, 2m. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + ": '" + text + "' is not a duration (e.g. 500ms, 5s, 2m)");
    }
}
