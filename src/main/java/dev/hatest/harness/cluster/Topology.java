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

    /**
     * The IPv6 test network, when a VIP is IPv6 ({@link IpFamily}): the ULA /64 that goes with the IPv4 subnet;
     * null for an IPv4-only topology.
     */
    public String ipv6Subnet() {
        return vips.stream().anyMatch(IpFamily::isIpv6) ? IpFamily.ipv6Subnet(subnet) : null;
    }

    /** A node's (or the client's) IPv6 address on {@link #ipv6Subnet()}, or null when there is none. */
    public String ipv6Of(String ipv4) {
        return ipv6Subnet() == null ? null : IpFamily.ipv6Of(subnet, ipv4);
    }

    /**
     * The VIPs that move with the first: those of the other family (a dual-stack pair's IPv6 VIP, in a sync
     * group with the IPv4 one). Further VIPs of the first's family are a dual-active pair's, with masters of
     * their own.
     */
    public List<String> companions() {
        return vips.stream().skip(1).filter(v -> IpFamily.isIpv6(v) != IpFamily.isIpv6(vip())).toList();
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
