package dev.hatest.harness.nemesis;

import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.cluster.Cluster;

/**
 * Restarts a node as a reboot would, with no graceful shutdown of its daemon: the container restarts, its
 * network namespace and any VIP go with it, and it boots again (nginx, then the daemon) with the same
 * address. Recorded as DOWN ({@link NodeCondition}) until the daemon reports its startup. The heal is a no-op:
 * the node comes back by itself.
 */
public final class RestartNode implements Nemesis {

    private final String node;

    public RestartNode(String node) {
        this.node = node;
    }

    @Override
    public String describe() {
        return "restart " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        cluster.history().add(node, new NodeCondition(NodeCondition.Condition.DOWN, "restarting"));
        cluster.node(node).restart();
    }

    @Override
    public void heal(Cluster cluster) {
    }
}
