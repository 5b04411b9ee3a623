package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Split brain: how long two or more nodes held the VIP at once, and how long two or more daemons claimed
 * MASTER at once. The two differ: a killed daemon leaves a stale VIP that is held but claimed by no live
 * master, and GARPs decide where clients go; two live masters is the real split brain.
 */
public final class SingleMasterChecker {

    /** Time with several VIP holders and with several live MASTER daemons, in ms. */
    public record SplitBrain(double multipleHoldersMs, double multipleMastersMs) {
    }

    private SingleMasterChecker() {
    }

    public static SplitBrain measure(List<Event> events, String vip, long start, long end) {
        double holders = 0;
        for (VipHolders.Span s : VipHolders.spans(events, vip, start, end)) {
            if (s.holders().size() > 1) {
                holders += s.micros() / 1000.0;
            }
        }
        Map<String, Boolean> master = new HashMap<>();
        double masters = 0;
        long since = start;
        for (Event e : events) {
            if (!e.kind().equals(Kinds.STATE)) {
                continue;
            }
            long t = Math.min(Math.max(e.timeMicros(), start), end);
            if (count(master) > 1) {
                masters += (t - since) / 1000.0;
            }
            since = t;
            master.put(e.source(), e.value().contains("->MASTER"));
        }
        if (count(master) > 1 && end > since) {
            masters += (end - since) / 1000.0;
        }
        return new SplitBrain(holders, masters);
    }

    private static long count(Map<String, Boolean> master) {
        return master.values().stream().filter(b -> b).count();
    }

    /** Passes when live masters overlapped no longer than {@code boundMs}. */
    public static Verdict verdict(SplitBrain s, double boundMs) {
        return Verdict.of("single master", s.multipleMastersMs() <= boundMs,
                String.format("%.0f ms with 2+ masters, %.0f ms with 2+ VIP holders", s.multipleMastersMs(), s.multipleHoldersMs()),
                String.format("<= %.0f ms with 2+ masters", boundMs),
                "a stale VIP on a dead daemon's node counts as a holder, not a master");
    }
}
