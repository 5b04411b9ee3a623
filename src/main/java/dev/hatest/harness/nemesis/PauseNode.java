package dev.hatest.harness.nemesis;

import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.cluster.Cluster;

/**
 * Freezes a whole node ({@code docker pause}): its daemon and nginx stop, but its kernel still holds its
 * VIPs and answers ARP for them, as a VM stalled by its host would. The History records the node as
 * FROZEN ({@link NodeCondition}); healing unpauses it and records it as resumed.
 */
public final class PauseNode implements Nemesis {

    private final String node;

    public PauseNode(String node) {
        this.node = node;
    }

    @Override
    public String describe() {
        return "pause " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        cluster.node(node).pause();
        cluster.history().add(node, new NodeCondition(NodeCondition.Condition.FROZEN, "paused"));
    }

    @Override
    public void heal(Cluster cluster) {
        cluster.node(node).unpause();
        cluster.history().add(node, new NodeCondition(NodeCondition.Condition.RESUMED, "unpaused"));
    }
}
