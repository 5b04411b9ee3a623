package dev.hatest.harness.cluster;

import java.util.List;

/**
 * The nodes of a cluster, the VIP the client probes, and the client's own address, all on one subnet.
 */
public record Topology(String subnet, List<NodeSpec> nodes, String vip, String clientAddress) {

    public Topology {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one node");
        }
    }

    public NodeSpec node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "'; nodes: "
                        + nodes.stream().map(NodeSpec::name).toList()));
    }
}
