package dev.hatest.harness.scenario;

import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.vrrp.config.VrrpInstanceConfig;

import java.util.Arrays;

/**
 * Who the configs say must win the first election for a VIP (RFC 3768 6.4.3): the highest priority, ties
 * going to the highest primary address. Undecided (null) when an instance has nopreempt (then the first to
 * time out keeps it) or a node has no instance for the VIP.
 */
public final class Election {

    private Election() {
    }

    public static String winner(Topology t, String vip) {
        if (!preempts(t, vip)) {
            return null;
        }
        String best = null;
        int bestPriority = -1;
        long bestAddress = -1;
        for (NodeSpec n : t.nodes()) {
            if (!n.config().present()) {
                return null;
            }
            VrrpInstanceConfig i = n.config().get().instanceHolding(dev.hatest.vrrp.packet.VrrpCodec.ip(vip)).orElse(null);
            if (i == null) {
                return null;
            }
            long address = Arrays.stream(n.address().split("\\.")).mapToLong(Long::parseLong).reduce(0, (a, b) -> a * 256 + b);
            int priority = Math.min(i.priority(), 255);
            if (priority > bestPriority || (priority == bestPriority && address > bestAddress)) {
                best = n.name();
                bestPriority = priority;
                bestAddress = address;
            }
        }
        return best;
    }

    /** Whether a recovered node of higher priority takes the VIP back: no instance for it has nopreempt. */
    public static boolean preempts(Topology t, String vip) {
        for (NodeSpec n : t.nodes()) {
            if (n.config().present() && n.config().get().instances().stream()
                    .anyMatch(c -> c.nopreempt() && c.holds(dev.hatest.vrrp.packet.VrrpCodec.ip(vip)))) {
                return false;
            }
        }
        return true;
    }

    /** The node most likely to take over from {@code master}: the highest of the others, else any other. */
    public static String successor(Topology t, String vip, String master) {
        Topology others = new Topology(t.subnet(), t.nodes().stream().filter(n -> !n.name().equals(master)).toList(), t.vips(), t.clientAddress());
        if (others.nodes().isEmpty()) {
            throw new IllegalArgumentException("a chaos run needs at least two nodes");
        }
        String w = winner(others, vip);
        return w != null ? w : others.nodes().get(0).name();
    }
}
