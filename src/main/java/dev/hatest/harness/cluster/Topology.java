package dev.hatest.harness.cluster;

import java.util.List;

/**
 * The nodes of a cluster, the VIPs the client probes (one for a single instance, two for a dual-active
 * pair), and the client's own address, all on one subnet.
 * <p>
 * The subnet is where the cluster would like to run. When another network on the engine holds it (a cluster
 * of another test or process), the cluster {@linkplain #movedTo moves} onto a free one, every address with
 * it, unless the subnet was {@linkplain #pinned chosen} ({@code --subnet}, {@code HaCluster.withSubnet}).
 *
 * @param pinned whether the subnet was chosen: the cluster runs there or not at all
 * @param load   what the client sends through the first VIP beside its probe ({@link Load}), or null for the probe alone
 */
public record Topology(String subnet, List<NodeSpec> nodes, List<String> vips, String clientAddress, boolean pinned, Load load) {

    public Topology(String subnet, List<NodeSpec> nodes, List<String> vips, String clientAddress) {
        this(subnet, nodes, vips, clientAddress, false, null);
    }

    public Topology(String subnet, List<NodeSpec> nodes, List<String> vips, String clientAddress, boolean pinned) {
        this(subnet, nodes, vips, clientAddress, pinned, null);
    }

    /** The same topology, its client sending {@code l} (null: the probe alone). */
    public Topology withLoad(Load l) {
        return new Topology(subnet, nodes, vips, clientAddress, pinned, l);
    }

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
            dev.hatest.vrrp.config.KeepalivedConfig c = n.config().ifValid().orElse(null);
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
        return new Topology(subnet, nodes.stream().map(NodeSpec::withKeepalived).toList(), vips, clientAddress, pinned, load);
    }

    /** The same topology with one node replaced by {@code spec} (matched by name). */
    public Topology with(NodeSpec spec) {
        node(spec.name());
        return new Topology(subnet, nodes.stream().map(n -> n.name().equals(spec.name()) ? spec : n).toList(), vips, clientAddress, pinned, load);
    }

    /** The same topology, its subnet chosen: it runs there or fails to start. */
    public Topology pin() {
        return new Topology(subnet, nodes, vips, clientAddress, true, load);
    }

    /**
     * The same topology on {@code other} (an a.b.c.0/24 like its own): every address of its subnet, and of the
     * IPv6 /64 that goes with it, keeps its host part on the new one, in the nodes' addresses, the VIPs, the
     * client's and every file (configs, check scripts, nginx.conf) and environment value. Other addresses
     * (multicast groups, another network's) are left as they are.
     */
    public Topology movedTo(String other) {
        if (other.equals(subnet)) {
            return this;
        }
        Relocation r = new Relocation(subnet, other);
        List<NodeSpec> moved = nodes.stream().map(n -> new NodeSpec(n.name(), r.address(n.address()), r.values(n.files()),
                r.values(n.env()))).toList();
        return new Topology(other, moved, vips.stream().map(r::address).toList(), r.address(clientAddress), pinned, load);
    }

    /** Moves addresses from one test subnet (and its IPv6 /64) to another, keeping their host parts. */
    private record Relocation(String from, String to) {

        private static final java.util.regex.Pattern IPV4 =
                java.util.regex.Pattern.compile("(?<![\\d.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.)(\\d{1,3})(?![\\d.])");
        private static final java.util.regex.Pattern IPV6 =
                java.util.regex.Pattern.compile("(?<![\\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\\w:.])");

        String address(String a) {
            return a == null ? null : text(a);
        }

        java.util.Map<String, String> values(java.util.Map<String, String> m) {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, text(v)));
            return out;
        }

        String text(String s) {
            String p4 = SeedTopology.prefixOf(from);
            String n4 = SeedTopology.prefixOf(to);
            java.util.regex.Matcher m = IPV4.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(m.group(1).equals(p4) ? n4 + m.group(2) : m.group()));
            }
            m.appendTail(b);
            byte[] net6 = net6(from);
            byte[] new6 = net6(to);
            m = IPV6.matcher(b.toString());
            StringBuilder c = new StringBuilder();
            while (m.find()) {
                String replacement = m.group();
                try {
                    byte[] a = dev.hatest.vrrp.packet.VrrpCodec.v6(m.group(1)).getAddress();
                    if (java.util.Arrays.equals(a, 0, 8, net6, 0, 8)) {
                        System.arraycopy(new6, 0, a, 0, 8);
                        replacement = dev.hatest.vrrp.packet.VrrpCodec.text(java.net.InetAddress.getByAddress(a));
                    }
                } catch (IllegalArgumentException | java.net.UnknownHostException e) {
                    // not an address (a MAC, a time): left as it is
                }
                m.appendReplacement(c, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            m.appendTail(c);
            return c.toString();
        }

        private static byte[] net6(String ipv4Subnet) {
            return dev.hatest.vrrp.packet.VrrpCodec.v6(IpFamily.ipv6Prefix(ipv4Subnet) + ":1").getAddress();
        }
    }
}
