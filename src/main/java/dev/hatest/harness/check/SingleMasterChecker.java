package dev.hatest.harness.check;

import java.util.Locale;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.StateChange;

import java.util.ArrayList;
import java.util.List;

/**
 * Split brain: how long two or more nodes held the VIP at once, and how long two or more live daemons
 * claimed MASTER at once. The two differ: a killed daemon leaves a stale VIP that is held but claimed by no
 * live master, and GARPs decide where clients go; two live masters is the real split brain.
 */
public final class SingleMasterChecker {

    /** Time with several VIP holders and with several live MASTER daemons, in ms. */
    public record SplitBrain(double multipleHoldersMs, double multipleMastersMs) {
    }

    /** From {@code at} (µs) on, {@code masters} live daemons claim MASTER. */
    record Step(long at, int masters) {
    }

    private SingleMasterChecker() {
    }

    /** Over all instances: for a topology with one instance per node. */
    public static SplitBrain measure(List<Event> events, String vip, long start, long end) {
        return measure(events, vip, null, start, end);
    }

    /** For the instance named {@code instance} (null: any instance) and the VIP it manages. */
    public static SplitBrain measure(List<Event> events, String vip, String instance, long start, long end) {
        // Summed in whole microseconds, so a split brain compares exactly with the window it spans.
        long holders = 0;
        for (VipHolders.Span s : VipHolders.spans(events, vip, start, end)) {
            if (s.holders().size() > 1) {
                holders += s.micros();
            }
        }
        long masters = 0;
        List<Step> steps = steps(events, instance);
        for (int i = 0; i < steps.size(); i++) {
            long from = Math.max(steps.get(i).at(), start);
            long to = Math.min(i + 1 < steps.size() ? steps.get(i + 1).at() : end, end);
            if (steps.get(i).masters() > 1 && to > from) {
                masters += to - from;
            }
        }
        return new SplitBrain(holders / 1000.0, masters / 1000.0);
    }

    /**
     * How long after {@code from} (ms) the instance settled on at most one live master for good (up to
     * {@code end}), or null if two or more still claim MASTER at {@code end}.
     */
    public static Double settledAfter(List<Event> events, String instance, long from, long end) {
        long settled = from;
        for (Step s : steps(events, instance)) {
            if (s.at() > end) {
                break;
            }
            if (s.masters() > 1) {
                settled = -1;
            } else if (settled < 0) {
                settled = Math.max(s.at(), from);
            }
        }
        return settled < 0 ? null : (settled - from) / 1000.0;
    }

    /** The number of live masters after each state change, in time order. */
    static List<Step> steps(List<Event> events, String instance) {
        List<Step> out = new ArrayList<>();
        DaemonStates states = new DaemonStates();
        out.add(new Step(Long.MIN_VALUE / 2, 0));
        for (Event e : events) {
            if (!(e.what() instanceof StateChange || e.what() instanceof NodeCondition)) {
                continue;
            }
            states.apply(e);
            int n = states.masters(instance).size();
            if (n != out.get(out.size() - 1).masters()) {
                out.add(new Step(e.timeMicros(), n));
            }
        }
        return out;
    }

    /** Passes when live masters overlapped no longer than {@code boundMs}. */
    public static Verdict verdict(SplitBrain s, double boundMs) {
        return Verdict.of("single master", s.multipleMastersMs() <= boundMs,
                Measure.ms(s.multipleMastersMs(), String.format(Locale.ROOT, "%.0f ms with 2+ masters, %.0f ms with 2+ VIP holders",
                        s.multipleMastersMs(), s.multipleHoldersMs())),
                Measure.ms(boundMs, String.format(Locale.ROOT, "<= %.0f ms with 2+ masters", boundMs)),
                "a stale VIP on a dead or paused node counts as a holder, not a master");
    }

    /**
     * For a fault that must cause split brain (VRRP blocked, a partition, an auth mismatch): passes when two
     * live masters were seen for at least {@code minMs}, so the harness detected and reports it.
     */
    public static Verdict detected(SplitBrain s, double minMs) {
        return Verdict.of("split brain detected", s.multipleMastersMs() >= minMs,
                Measure.ms(s.multipleMastersMs(), String.format(Locale.ROOT, "%.0f ms with 2+ masters, %.0f ms with 2+ VIP holders",
                        s.multipleMastersMs(), s.multipleHoldersMs())),
                Measure.ms(minMs, String.format(Locale.ROOT, ">= %.0f ms with 2+ masters", minMs)),
                "the fault cuts the masters off from each other's adverts, so both must claim MASTER");
    }

    /** After a heal: one master again within {@code boundMs}. */
    public static Verdict healed(Double settledMs, double boundMs, String formula) {
        return Verdict.of("healed to one master", settledMs != null && settledMs <= boundMs,
                settledMs == null ? Measure.text("still 2+ masters") : Measure.ms(settledMs),
                Measure.atMostMs(boundMs), formula);
    }
}
