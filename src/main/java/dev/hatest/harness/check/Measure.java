package dev.hatest.harness.check;

import java.util.Locale;

/**
 * A figure as a verdict states it: its value and unit, for anything that reads verdicts (JSON, JUnit XML,
 * the differential, the library), and its text, for people. A measure with no number (e.g. "holders [lb01]")
 * has a null value and unit.
 *
 * @param value the number, or null when the measure is not one
 * @param unit  its unit ("ms", "requests", "transitions", "moves"...), or null with a null value
 * @param text  how a report shows it, e.g. "5360 ms" or "<= 11609 ms"
 */
public record Measure(Double value, String unit, String text) {

    public Measure {
        if (text == null) {
            throw new IllegalArgumentException("a measure needs its text");
        }
        if ((value == null) != (unit == null)) {
            throw new IllegalArgumentException("a measure's value and unit come together: " + value + " " + unit);
        }
    }

    /** A measure with no number. */
    public static Measure text(String text) {
        return new Measure(null, null, text == null ? "" : text);
    }

    /** {@code ms} milliseconds, shown rounded: "5360 ms". */
    public static Measure ms(double ms) {
        return new Measure(ms, "ms", String.format(Locale.ROOT, "%.0f ms", ms));
    }

    /** {@code ms} milliseconds, shown as {@code text}. */
    public static Measure ms(double ms, String text) {
        return new Measure(ms, "ms", text);
    }

    /** A bound of at most {@code ms}: "<= 11609 ms". */
    public static Measure atMostMs(double ms) {
        return new Measure(ms, "ms", String.format(Locale.ROOT, "<= %.0f ms", ms));
    }

    /** A count of {@code unit} (e.g. "moves"), shown as {@code text}. */
    public static Measure count(long n, String unit, String text) {
        return new Measure((double) n, unit, text);
    }

    /** Whether this measure has a number. */
    public boolean numeric() {
        return value != null;
    }

    @Override
    public String toString() {
        return text;
    }
}
