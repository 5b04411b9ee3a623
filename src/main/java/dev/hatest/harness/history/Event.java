package dev.hatest.harness.history;

/**
 * One thing that happened: when (microseconds since the epoch, from the shared kernel clock), where
 * ({@code source}: a node name, "client" or "nemesis"), what ({@code kind}) and its value.
 */
public record Event(long timeMicros, String source, String kind, String value) implements Comparable<Event> {

    public Event {
        if (source == null || kind == null) {
            throw new IllegalArgumentException("source and kind are required");
        }
        value = value == null ? "" : value;
    }

    public double timeMillis() {
        return timeMicros / 1000.0;
    }

    @Override
    public int compareTo(Event o) {
        return Long.compare(timeMicros, o.timeMicros);
    }
}
