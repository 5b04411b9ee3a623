package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each node's VRRP daemon claims, per instance, replayed from the History's {@link Kinds#STATE} events
 * ("INSTANCE FROM->TO: reason"). The nemesis adds node-wide states for what a daemon can't report itself,
 * with instance {@value #ALL}:
 * <ul>
 *   <li>{@value #DEAD}: the daemon was killed; its VIPs stay on the interface but nobody claims them;</li>
 *   <li>{@value #FROZEN}: the node is paused; its kernel still holds (and answers ARP for) its VIPs, but its
 *       daemon neither advertises nor listens; {@value #RESUMED} restores what it claimed before;</li>
 *   <li>{@value #DOWN}: the node is stopped (restarting); it holds nothing.</li>
 * </ul>
 * Any transition the daemon reports afterwards (it was restarted) clears a node-wide state.
 */
public final class DaemonStates {

    public static final String ALL = "*";
    public static final String DEAD = "DEAD";
    public static final String FROZEN = "FROZEN";
    public static final String RESUMED = "RESUMED";
    public static final String DOWN = "DOWN";

    /** A parsed state event. */
    public record Change(String node, String instance, String from, String to) {
    }

    private final Map<String, Map<String, String>> claimed = new HashMap<>();
    private final Map<String, String> nodeWide = new HashMap<>();

    /** The states after every event up to and including {@code at} (µs). */
    public static DaemonStates at(List<Event> events, long at) {
        DaemonStates s = new DaemonStates();
        for (Event e : events) {
            if (e.timeMicros() > at) {
                break;
            }
            s.apply(e);
        }
        return s;
    }

    /** Parses a state event's value, or returns null for any other event. */
    public static Change parse(Event e) {
        if (!e.kind().equals(Kinds.STATE)) {
            return null;
        }
        String v = e.value();
        int sp = v.indexOf(' ');
        int arrow = v.indexOf("->");
        if (sp < 0 || arrow < sp) {
            return null;
        }
        int colon = v.indexOf(':', arrow);
        String to = (colon < 0 ? v.substring(arrow + 2) : v.substring(arrow + 2, colon)).trim();
        return new Change(e.source(), v.substring(0, sp), v.substring(sp + 1, arrow).trim(), to);
    }

    /** Applies one event; events that are not state changes are ignored. */
    public void apply(Event e) {
        Change c = parse(e);
        if (c == null) {
            return;
        }
        if (c.instance().equals(ALL)) {
            if (c.to().equals(RESUMED)) {
                nodeWide.remove(c.node());
            } else {
                nodeWide.put(c.node(), c.to());
                if (!c.to().equals(FROZEN)) {
                    claimed.remove(c.node());
                }
            }
            return;
        }
        nodeWide.remove(c.node());
        claimed.computeIfAbsent(c.node(), k -> new HashMap<>()).put(c.instance(), c.to());
    }

    /** The node's daemon is running and can act on what it claims. */
    public boolean live(String node) {
        return !nodeWide.containsKey(node);
    }

    /** Live daemons that claim MASTER for {@code instance}, or for any instance when it is null. */
    public Set<String> masters(String instance) {
        Set<String> out = new LinkedHashSet<>();
        claimed.forEach((node, byInstance) -> {
            if (live(node)) {
                byInstance.forEach((i, state) -> {
                    if ((instance == null || instance.equals(i)) && state.equals("MASTER")) {
                        out.add(node);
                    }
                });
            }
        });
        return out;
    }

    /** What {@code node} claims for {@code instance}, or null. */
    public String state(String node, String instance) {
        Map<String, String> m = claimed.get(node);
        return m == null ? null : m.get(instance);
    }
}
