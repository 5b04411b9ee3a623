package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The same scenario on all-vrrpd and on all-keepalived clusters, compared: who won each takeover, the order
 * in which nodes became master, how long two nodes were masters at once, and each step of each takeover. Two
 * runs of one scenario differ by chance as well: a fault lands at any phase of the advert and check timers.
 * So timings are compared within a tolerance derived from those timers, and every difference is listed,
 * whether or not it exceeds it.
 */
public final class Differential {

    /** One run's evidence: its events (up to the teardown) and its failovers. */
    /**
     * One daemon's run: its events and takeovers, and the VIP it was probed on (null: the one {@link #compare}
     * is given). Two runs side by side are on two subnets, so each has a VIP of its own.
     */
    public record Side(String daemon, List<Event> events, List<Failover> failovers, String vip) {

        public Side(String daemon, List<Event> events, List<Failover> failovers) {
            this(daemon, events, failovers, null);
        }
    }

    /**
     * How far two runs' timings may differ by the fault's phase alone.
     *
     * @param timingMs   for the outage and each step of a takeover
     * @param advertMs   advert_int: master stints shorter than this are transient and left out of the sequence,
     *                   and split-brain times may differ by this (plus {@link #SPLIT_SLACK_MS})
     */
    public record Tolerance(double timingMs, double advertMs, String formula) {
    }

    /** Split-brain time may differ by a transition's scheduling on top of advert_int. */
    public static final double SPLIT_SLACK_MS = 500;

    private Differential() {
    }

    public static List<Verdict> compare(Side a, Side b, String vip, String instance, Tolerance t) {
        List<Verdict> out = new ArrayList<>();
        List<String> winnersA = a.failovers().stream().map(Failover::to).toList();
        List<String> winnersB = b.failovers().stream().map(Failover::to).toList();
        out.add(Verdict.of("same winners", winnersA.equals(winnersB), a.daemon() + " " + winnersA + ", " + b.daemon() + " " + winnersB,
                "equal", "who served after each takeover"));

        List<String> seqA = masterSequence(a.events(), instance, t.advertMs());
        List<String> seqB = masterSequence(b.events(), instance, t.advertMs());
        List<String> transA = transitions(a.events(), instance);
        List<String> transB = transitions(b.events(), instance);
        out.add(Verdict.of("same transitions", seqA.equals(seqB), a.daemon() + " " + seqA + ", " + b.daemon() + " " + seqB, "equal",
                "the nodes in the order they became master, transient ones (stepped down within advert_int " + (long) t.advertMs() + " ms) left out"
                        + (transA.equals(transB) ? "; every state change alike" : "; state changes differ: " + a.daemon() + " " + transA + ", "
                        + b.daemon() + " " + transB)));

        double splitA = split(a.events(), a.vip() != null ? a.vip() : vip, instance);
        double splitB = split(b.events(), b.vip() != null ? b.vip() : vip, instance);
        double splitBound = t.advertMs() + SPLIT_SLACK_MS;
        out.add(Verdict.of("same split brain", Math.abs(splitA - splitB) <= splitBound,
                Measure.ms(Math.abs(splitA - splitB), String.format(Locale.ROOT, "%s %.0f ms, %s %.0f ms with 2+ masters", a.daemon(), splitA,
                        b.daemon(), splitB)),
                Measure.ms(splitBound, String.format(Locale.ROOT, "differ by <= %.0f ms", splitBound)), "advert_int + " + (long) SPLIT_SLACK_MS + " ms"));

        int n = Math.min(a.failovers().size(), b.failovers().size());
        for (int i = 0; i < n; i++) {
            out.add(timing(i, a, b, t));
        }
        if (a.failovers().size() != b.failovers().size()) {
            out.add(Verdict.of("same takeovers", false, a.daemon() + " " + a.failovers().size() + ", " + b.daemon() + " "
                    + b.failovers().size(), "equal", "the number of takeovers measured"));
        }
        return out;
    }

    /** Takeover {@code i}: the outage and each step, the largest difference against the tolerance, every one listed. */
    private static Verdict timing(int i, Side a, Side b, Tolerance t) {
        Failover fa = a.failovers().get(i);
        Failover fb = b.failovers().get(i);
        List<String> diffs = new ArrayList<>();
        double worst = Math.abs(fa.outageMs() - fb.outageMs());
        String worstName = "outage";
        diffs.add(String.format(Locale.ROOT, "outage %.0f/%.0f", fa.outageMs(), fb.outageMs()));
        Set<String> steps = new LinkedHashSet<>(fa.steps().keySet());
        steps.addAll(fb.steps().keySet());
        List<String> missing = new ArrayList<>();
        for (String s : steps) {
            Double va = fa.steps().get(s);
            Double vb = fb.steps().get(s);
            if (va == null || vb == null) {
                if (!Objects.equals(va, vb)) {
                    missing.add(s + " (" + (va == null ? a.daemon() : b.daemon()) + ")");
                }
                continue;
            }
            double d = Math.abs(va - vb);
            diffs.add(String.format(Locale.ROOT, "%s %.0f/%.0f", s, va, vb));
            if (d > worst) {
                worst = d;
                worstName = s;
            }
        }
        boolean passed = worst <= t.timingMs() && missing.isEmpty();
        return Verdict.of("takeover " + (i + 1) + " timing", passed,
                Measure.ms(worst, String.format(Locale.ROOT, "max difference %.0f ms (%s)", worst, worstName)), Measure.atMostMs(t.timingMs()),
                t.formula() + "; " + a.daemon() + "/" + b.daemon() + " ms after the fault: " + String.join(", ", diffs)
                        + (missing.isEmpty() ? "" : "; seen in one run only: " + String.join(", ", missing)));
    }

    /**
     * The nodes in the order they became master of {@code instance}, leaving out transient masters: stints
     * shorter than {@code minMs} that ended by stepping down to BACKUP. It starts from the master the cluster
     * converged on: how the startup election got there depends on which container's daemon came up first, which
     * is the machine's doing, not the daemon's (under load lb02's may start seconds before lb01's, win, and be
     * preempted), so the two runs are compared from there on, as their transitions and split brain are.
     */
    static List<String> masterSequence(List<Event> events, String instance, double minMs) {
        List<String> out = new ArrayList<>();
        long from = converged(events);
        java.util.Set<String> first = DaemonStates.at(events.stream().filter(e -> e.timeMicros() < from).toList(), from).masters(instance);
        if (first.size() == 1) {
            out.add(first.iterator().next());
        }
        List<Event> states = events.stream().filter(e -> e.what() instanceof StateChange c && c.instance().equals(instance)
                && e.timeMicros() >= from).toList();
        for (int i = 0; i < states.size(); i++) {
            Event e = states.get(i);
            if (((StateChange) e.what()).to() != VrrpState.MASTER) {
                continue;
            }
            long end = Long.MAX_VALUE;
            boolean yielded = false;
            for (Event later : states.subList(i + 1, states.size())) {
                StateChange d = (StateChange) later.what();
                if (later.source().equals(e.source()) && d.to() != VrrpState.MASTER) {
                    end = later.timeMicros();
                    yielded = d.to() == VrrpState.BACKUP;
                    break;
                }
            }
            // Transient: a brief claim that gave way to another master. A master stopped, crashed or failed
            // soon after it won is no transient.
            boolean transient_ = yielded && (end - e.timeMicros()) / 1000.0 < minMs;
            if (!transient_ && (out.isEmpty() || !out.get(out.size() - 1).equals(e.source()))) {
                out.add(e.source());
            }
        }
        return out;
    }

    /** Every state change of {@code instance} once the cluster had converged, as "node FROM->TO", in order. */
    static List<String> transitions(List<Event> events, String instance) {
        List<String> out = new ArrayList<>();
        long from = converged(events);
        for (Event e : events) {
            if (e.what() instanceof StateChange c && e.timeMicros() >= from && c.instance().equals(instance)) {
                out.add(e.source() + " " + c.from() + "->" + c.to());
            }
        }
        return out;
    }

    private static double split(List<Event> events, String vip, String instance) {
        if (events.isEmpty()) {
            return 0;
        }
        return SingleMasterChecker.measure(events, vip, instance, converged(events), events.get(events.size() - 1).timeMicros())
                .multipleMastersMs();
    }

    /** When the harness saw the cluster converge (the executor's mark), else the first event's time. */
    private static long converged(List<Event> events) {
        return events.stream().filter(e -> e.what() instanceof Mark m && m.is(Mark.Name.CONVERGED, ""))
                .mapToLong(Event::timeMicros).findFirst().orElse(events.isEmpty() ? 0 : events.get(0).timeMicros());
    }
}
