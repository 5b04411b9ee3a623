package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.AddressChange;
import dev.hatest.harness.history.Observation.NodeCondition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who holds an address over time, rebuilt from the nodes' address add/delete events. A node that is
 * stopped (DOWN, a {@link NodeCondition}) loses its addresses with its network namespace, and no observer is
 * left to report it, so that state counts as deleting them.
 */
public final class VipHolders {

    /** From {@code from} (µs) on, until the next change, {@code holders} hold the address. */
    public record Span(long from, long to, Set<String> holders) {
        public long micros() {
            return to - from;
        }
    }

    private VipHolders() {
    }

    /** The spans between {@code start} and {@code end} (µs since the epoch), in order. */
    public static List<Span> spans(List<Event> events, String vip, long start, long end) {
        List<Span> out = new ArrayList<>();
        Set<String> holders = new LinkedHashSet<>();
        long since = start;
        for (Event e : events) {
            boolean addressEvent = e.what() instanceof AddressChange a && a.address().equals(vip);
            boolean nodeDown = e.what() instanceof NodeCondition c && c.condition() == NodeCondition.Condition.DOWN;
            if (!addressEvent && !nodeDown) {
                continue;
            }
            if (e.timeMicros() > end) {
                break;
            }
            if (e.timeMicros() > since) {
                out.add(new Span(since, e.timeMicros(), Set.copyOf(holders)));
                since = e.timeMicros();
            }
            if (e.what() instanceof AddressChange a && a.added()) {
                holders.add(e.source());
            } else {
                holders.remove(e.source());
            }
        }
        if (end > since) {
            out.add(new Span(since, end, Set.copyOf(holders)));
        }
        return out;
    }

    /**
     * The holders at {@code at} whose daemon is alive and running: a node whose VRRP daemon was killed, or
     * which is paused, keeps its VIP but claims nothing; GARPs from the new master move the clients away.
     */
    public static Set<String> live(List<Event> events, String vip, long at) {
        Set<String> holders = new LinkedHashSet<>(at(events, vip, at));
        DaemonStates states = DaemonStates.at(events, at);
        holders.removeIf(h -> !states.live(h));
        return holders;
    }

    /** The holders at {@code at}. */
    public static Set<String> at(List<Event> events, String vip, long at) {
        List<Span> s = spans(events, vip, Long.MIN_VALUE / 2, at + 1);
        return s.isEmpty() ? Set.of() : s.get(s.size() - 1).holders();
    }
}
