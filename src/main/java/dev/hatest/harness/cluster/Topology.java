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
     * The VIPs that move with the first: those of the other family whose instance is in a
     * {@code vrrp_sync_group} with the first VIP's (a dual-stack pair's IPv6 VIP), as the first node whose config
     * holds the first VIP says. Further VIPs of the first's family are a dual-active pair's, with masters of
     * their own; one of the other family outside the group is probed but not judged with the first. When no
     * config can be read, every VIP of the other family is taken.
     */
    public List<String> companions() {
        List<String> other = vips.stream().skip(1).filter(v -> IpFamily.isIpv6(v) != IpFamily.isIpv6(vip())).toList();
        if (other.isEmpty()) {
            return other;
        }
        for (NodeSpec n : nodes) {
            String conf = n.files().get(SeedTopology.CONFIG);
            dev.hatest.vrrp.config.KeepalivedConfig c;
            try {
                c = conf == null ? null : dev.hatest.vrrp.config.ConfigParser.parse("keepalived.conf", conf);
            } catch (dev.hatest.vrrp.config.ConfigException | RuntimeException e) {
                c = null;
            }
            String first = c == null ? null : instanceOf(c, vip());
            if (first == null) {
                continue;
            }
            dev.hatest.vrrp.config.KeepalivedConfig parsed = c;
            return other.stream().filter(v -> {
                String i = instanceOf(parsed, v);
                return i != null && parsed.syncGroups().stream().anyMatch(g -> g.members().contains(first) && g.members().contains(i));
            }).toList();
        }
        return other;
    }

    private static String instanceOf(dev.hatest.vrrp.config.KeepalivedConfig c, String vip) {
        return c.instanceHolding(dev.hatest.vrrp.packet.VrrpCodec.ip(vip)).map(dev.hatest.vrrp.config.VrrpInstanceConfig::name).orElse(null);
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
