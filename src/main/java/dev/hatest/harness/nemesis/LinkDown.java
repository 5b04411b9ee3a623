package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

/** Takes a node's test-network interface down ({@code ip link set eth0 down}); healing brings it up. */
public final class LinkDown implements Nemesis {

    private final String node;

    public LinkDown(String node) {
        this.node = node;
    }

    @Override
    public String describe() {
        return "link down eth0 on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        NodeCommands.run(cluster.node(node), describe(), "ip link set eth0 down");
    }

    @Override
    public void heal(Cluster cluster) {
        NodeCommands.run(cluster.node(node), "link up", "ip link set eth0 up");
    }
}
