package dev.hatest.harness.history;

import java.util.Objects;

/**
 * One thing that happened: when (microseconds since the epoch, from the shared kernel clock), where
 * ({@code source}: a node name, "client", "nemesis" or "harness") and what, typed ({@link Observation}).
 */
public record Event(long timeMicros, String source, Observation what) implements Comparable<Event> {

    public Event {
        if (source == null || what == null) {
            throw new IllegalArgumentException("source and what are required");
        }
    }

    /**
     * An event read back from its saved text (a saved run's JSON, or a hand-written History in a test): the one
     * place an observation's text is parsed. Producers make the {@link Observation} themselves.
     */
    public static Event saved(long timeMicros, String source, String kind, String value) {
        return new Event(timeMicros, source, Observation.parse(Objects.requireNonNull(kind), value));
    }

    /** The observation's kind, as saved ({@link Kinds}). */
    public String kind() {
        return what.kind();
    }

    /** The observation's text, as saved and shown: for people and files, never parsed by a checker. */
    public String value() {
        return what.value();
    }

    public double timeMillis() {
        return timeMicros / 1000.0;
    }

    @Override
    public int compareTo(Event o) {
        return Long.compare(timeMicros, o.timeMicros);
    }
}
