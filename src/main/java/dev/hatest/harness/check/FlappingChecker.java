package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;

import java.util.List;

/**
 * Flapping: mastership changing hands more often than the faults explain. Counts the daemons' transitions
 * to MASTER of one instance (or of all) in a window; the nemesis's own node-wide states are not transitions.
 */
public final class FlappingChecker {

    /** Transitions to MASTER, and all reported transitions, in the window. */
    public record Flaps(int toMaster, int transitions) {
    }

    private FlappingChecker() {
    }

    /** For the instance named {@code instance}, or for every instance when it is null. */
    public static Flaps count(List<Event> events, String instance, long start, long end) {
        int toMaster = 0;
        int all = 0;
        for (Event e : events) {
            if (e.timeMicros() < start || e.timeMicros() > end) {
                continue;
            }
            if (!(e.what() instanceof StateChange c) || (instance != null && !instance.equals(c.instance()))) {
                continue;
            }
            all++;
            if (c.to() == VrrpState.MASTER) {
                toMaster++;
            }
        }
        return new Flaps(toMaster, all);
    }

    /** The smallest count that a Poisson variable of mean {@code mean} exceeds with probability below {@code odds}. */
    public static int poissonBound(double mean, double odds) {
        double term = Math.exp(-mean);
        double cdf = term;
        int k = 0;
        while (1 - cdf >= odds) {
            k++;
            term *= mean / k;
            cdf += term;
        }
        return k;
    }

    public static Verdict verdict(Flaps f, int maxToMaster, String formula) {
        return Verdict.of("flapping", f.toMaster() <= maxToMaster,
                Measure.count(f.toMaster(), "transitions to MASTER", f.toMaster() + " transitions to MASTER (" + f.transitions() + " transitions)"),
                Measure.count(maxToMaster, "transitions to MASTER", "<= " + maxToMaster + " to MASTER"), formula);
    }
}
