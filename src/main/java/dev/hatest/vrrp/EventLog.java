package dev.hatest.vrrp;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's log on stdout. Human lines read like keepalived's; machine events are single lines
 * {@code EVENT {"ts":..., ...}} (JSON, epoch milliseconds with a fraction) that tools can follow.
 */
final class EventLog {

    private final PrintStream out;

    EventLog(PrintStream out) {
        this.out = out;
    }

    synchronized void info(String message) {
        out.println(Instant.now() + " vrrpd: " + message);
        out.flush();
    }

    synchronized void event(String kind, Map<String, Object> fields) {
        Instant now = Instant.now();
        Map<String, Object> all = new TreeMap<>(fields);
        StringBuilder b = new StringBuilder("EVENT {\"ts\":").append(now.toEpochMilli())
                .append('.').append(String.format("%03d", (now.getNano() / 1000) % 1000))
                .append(",\"kind\":").append(Json.string(kind));
        all.forEach((k, v) -> b.append(',').append(Json.string(k)).append(':').append(Json.value(v)));
        out.println(b.append('}'));
        out.flush();
    }
}
