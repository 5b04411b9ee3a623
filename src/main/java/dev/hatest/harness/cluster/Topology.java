package dev.hatest.harness.cluster;

import java.util.List;

/**
 * The nodes of a cluster, the VIPs the client probes (one for a single instance, two for a dual-active
 * pair), and the client's own address, all on one subnet.
 */
public record Topology(String subnet, List<NodeSpec> nodes, List<String> vips, String clientAddress) {

    public Topology {
        nodes = List.copyOf(nodes);
        vips = List.copyOf(vips);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one node");
        }
        if (vips.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one VIP to probe");
        }
    }

    public Topology(String subnet, List<NodeSpec> nodes, String vip, String clientAddress) {
        this(subnet, nodes, List.of(vip), clientAddress);
    }

    /** The first (or only) VIP. */
    public String vip() {
        return vips.get(0);
    }

    public NodeSpec node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "'; nodes: "
                        + nodes.stream().map(NodeSpec::name).toList()));
    }

    /** The same topology with every node running real keepalived instead of vrrpd. */
    public Topology allKeepalived() {
        return new Topology(subnet, nodes.stream().map(NodeSpec::withKeepalived).toList(), vips, clientAddress);
    }

    /** The same topology with one node replaced by {@code spec} (matched by name). */
    public Topology with(NodeSpec spec) {
        node(spec.name());
        return new Topology(subnet, nodes.stream().map(n -> n.name().equals(spec.name()) ? spec : n).toList(), vips, clientAddress);
    }
}
