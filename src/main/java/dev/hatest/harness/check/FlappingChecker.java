package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;

import java.util.List;

/**
 * Flapping: mastership changing hands more often than the faults explain. Counts the daemons' transitions
 * to MASTER in a window (the nemesis's own node-wide states are not transitions).
 */
public final class FlappingChecker {

    /** Transitions to MASTER, and all reported transitions, in the window. */
    public record Flaps(int toMaster, int transitions) {
    }

    private FlappingChecker() {
    }

    public static Flaps count(List<Event> events, long start, long end) {
        int toMaster = 0;
        int all = 0;
        for (Event e : events) {
            if (e.timeMicros() < start || e.timeMicros() > end) {
                continue;
            }
            DaemonStates.Change c = DaemonStates.parse(e);
            if (c == null || c.instance().equals(DaemonStates.ALL) || !e.kind().equals(Kinds.STATE)) {
                continue;
            }
            all++;
            if (c.to().equals("MASTER")) {
                toMaster++;
            }
        }
        return new Flaps(toMaster, all);
    }

    public static Verdict verdict(Flaps f, int maxToMaster, String formula) {
        return Verdict.of("flapping", f.toMaster() <= maxToMaster,
                f.toMaster() + " transitions to MASTER (" + f.transitions() + " transitions)",
                "<= " + maxToMaster + " to MASTER", formula);
    }
}
