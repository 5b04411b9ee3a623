package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who holds an address over time, rebuilt from the nodes' address add/delete events. */
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
            if (!vip.equals(e.value()) || !(e.kind().equals(Kinds.VIP_ADD) || e.kind().equals(Kinds.VIP_DEL))) {
                continue;
            }
            if (e.timeMicros() > end) {
                break;
            }
            if (e.timeMicros() > since) {
                out.add(new Span(since, e.timeMicros(), Set.copyOf(holders)));
                since = e.timeMicros();
            }
            if (e.kind().equals(Kinds.VIP_ADD)) {
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
     * The holders at {@code at} whose daemon is alive: a node whose VRRP daemon was killed keeps its VIP
     * (nothing removes it) but claims nothing; GARPs from the new master move the clients away from it.
     */
    public static Set<String> live(List<Event> events, String vip, long at) {
        Set<String> holders = new LinkedHashSet<>(at(events, vip, at));
        java.util.Map<String, Boolean> dead = new java.util.HashMap<>();
        for (Event e : events) {
            if (e.timeMicros() > at) {
                break;
            }
            if (e.kind().equals(Kinds.STATE)) {
                dead.put(e.source(), e.value().contains("->DEAD"));
            }
        }
        holders.removeIf(h -> dead.getOrDefault(h, false));
        return holders;
    }

    /** The holders at {@code at}. */
    public static Set<String> at(List<Event> events, String vip, long at) {
        List<Span> s = spans(events, vip, Long.MIN_VALUE / 2, at + 1);
        return s.isEmpty() ? Set.of() : s.get(s.size() - 1).holders();
    }
}
