package dev.hatest.vrrp;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the log says about dropped packets: the first drop of each reason at once, then at most one line per
 * reason every {@link #INTERVAL_MICROS}, saying how many went unlogged since. A flood of bad packets then
 * costs a few lines, not one per packet (a 10 s flood wrote 37 to 60 MB of log; keepalived rate-limits too).
 * Every drop is still counted in {@code /status}. Pure: the caller gives the time.
 */
final class DropLog {

    /** At most one line per reason in this long (µs). */
    static final long INTERVAL_MICROS = 10_000_000;

    private final Map<DropReason, long[]> byReason = new EnumMap<>(DropReason.class);

    /**
     * The line to log for a drop of {@code reason} at {@code now} (µs), or null when it is one of a burst already
     * logged: then it is counted for the next line of its reason.
     */
    String drop(DropReason reason, String detail, long now) {
        long[] s = byReason.computeIfAbsent(reason, r -> new long[]{Long.MIN_VALUE, 0});  // {logged at, unlogged since}
        if (s[0] != Long.MIN_VALUE && now - s[0] < INTERVAL_MICROS) {
            s[1]++;
            return null;
        }
        long unlogged = s[1];
        long since = s[0];
        s[0] = now;
        s[1] = 0;
        return unlogged == 0 ? detail
                : detail + " (and " + unlogged + " more " + reason + " drops unlogged in the last " + Math.round((now - since) / 1e6) + " s)";
    }
}
