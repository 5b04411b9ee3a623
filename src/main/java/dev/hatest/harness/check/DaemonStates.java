package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.NodeCondition.Condition;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each node's VRRP daemon claims, per instance, replayed from the History's {@link StateChange}s. The nemesis
 * (and the observer of a daemon that exits) adds {@link NodeCondition}s for what a daemon can't report itself:
 * <ul>
 *   <li>DEAD: the daemon is gone; its VIPs stay on the interface but nobody claims them;</li>
 *   <li>FROZEN: the node is paused; its kernel still holds (and answers ARP for) its VIPs, but its daemon neither
 *       advertises nor listens; RESUMED restores what it claimed before;</li>
 *   <li>DOWN: the node is stopped (restarting); it holds nothing.</li>
 * </ul>
 * Any transition the daemon reports afterwards (it was restarted) clears a node-wide condition.
 */
public final class DaemonStates {

    private final Map<String, Map<String, VrrpState>> claimed = new HashMap<>();
    private final Map<String, Condition> nodeWide = new HashMap<>();

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

    /** Applies one event; events that are not state changes or node conditions are ignored. */
    public void apply(Event e) {
        if (e.what() instanceof NodeCondition c) {
            if (c.condition() == Condition.RESUMED) {
                nodeWide.remove(e.source());
            } else {
                nodeWide.put(e.source(), c.condition());
                if (c.condition() != Condition.FROZEN) {
                    claimed.remove(e.source());
                }
            }
        } else if (e.what() instanceof StateChange c) {
            nodeWide.remove(e.source());
            claimed.computeIfAbsent(e.source(), k -> new HashMap<>()).put(c.instance(), c.to());
        }
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
                    if ((instance == null || instance.equals(i)) && state == VrrpState.MASTER) {
                        out.add(node);
                    }
                });
            }
        });
        return out;
    }

    /** What {@code node} claims for {@code instance}, or null. */
    public VrrpState state(String node, String instance) {
        Map<String, VrrpState> m = claimed.get(node);
        return m == null ? null : m.get(instance);
    }
}
