package dev.hatest.harness.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address families a seed-like topology runs on: IPv4 (the article's), IPv6 (its instance moved to
 * VRRPv3 over IPv6) or dual-stack (an IPv6 instance beside the IPv4 one, the two in a sync group, as
 * production pairs run them). The IPv6 test network is a ULA /64 made from the IPv4 subnet, {@code a.b.c.0/24}
 * becoming {@code fd00:a:b:c::/64} (the digits read as hex groups), so that two runs on two IPv4 subnets get
 * two IPv6 ones too; a node keeps its host number: {@code .201} is {@code ::201}.
 */
public enum IpFamily {
    IPV4, IPV6, DUAL_STACK;

    /** "ipv4", "ipv6" or "dual-stack". */
    public static IpFamily parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ipv4", "4" -> IPV4;
            case "ipv6", "6" -> IPV6;
            case "dual-stack", "dualstack", "dual" -> DUAL_STACK;
            default -> throw new IllegalArgumentException("unknown address family '" + s + "' (ipv4, ipv6 or dual-stack)");
        };
    }

    public String text() {
        return this == DUAL_STACK ? "dual-stack" : name().toLowerCase(Locale.ROOT);
    }

    /** The ULA /64 that goes with an IPv4 test subnet a.b.c.0/N. */
    public static String ipv6Subnet(String ipv4Subnet) {
        return ipv6Prefix(ipv4Subnet) + ":/64";
    }

    /** "fd00:a:b:c:" for a.b.c.0/N: a host number appended after one more ':' is an address. */
    static String ipv6Prefix(String ipv4Subnet) {
        String[] o = SeedTopology.prefixOf(ipv4Subnet).split("\\.");
        return "fd00:" + o[0] + ":" + o[1] + ":" + o[2] + ":";
    }

    /** The IPv6 address of an IPv4 address's host on the network that goes with {@code ipv4Subnet}. */
    public static String ipv6Of(String ipv4Subnet, String ipv4) {
        return compact(ipv6Prefix(ipv4Subnet) + ":" + ipv4.substring(ipv4.lastIndexOf('.') + 1));
    }

    /** Whether a VIP (or any address text) is IPv6. */
    public static boolean isIpv6(String address) {
        return address.contains(":");
    }

    /** RFC 5952's text of an IPv6 literal: what {@code ip} prints, and so what the History holds (vrrpd's own text). */
    public static String compact(String v6) {
        return dev.hatest.vrrp.packet.VrrpCodec.text(dev.hatest.vrrp.packet.VrrpCodec.v6(v6));
    }

    private static final Pattern INSTANCE = Pattern.compile("(?m)^vrrp_instance\\s+(\\S+)\\s*\\{");

    /**
     * This family's version of a seed-like topology on {@code subnet}: IPv4 leaves it as it is; IPv6 moves each
     * node's first instance onto the IPv6 VIP (VRRPv3; no PASS authentication, no IPv4 source); dual-stack adds
     * an IPv6 copy of that instance, VI_6, and puts the two in a sync group that keeps their weighted tracking.
     */
    public Topology apply(Topology t) {
        if (this == IPV4) {
            return t;
        }
        String v4vip = t.vip();
        String v6vip = ipv6Of(t.subnet(), v4vip);
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : t.nodes()) {
            String conf = n.files().get(SeedTopology.CONFIG);
            java.util.Map<String, String> files = new java.util.LinkedHashMap<>(n.files());
            files.put(SeedTopology.CONFIG, this == IPV6 ? ipv6Only(conf, v4vip, v6vip) : dualStack(conf, v4vip, v6vip));
            nodes.add(n.withFiles(files));
        }
        List<String> vips = this == IPV6 ? List.of(v6vip) : List.of(v4vip, v6vip);
        return new Topology(t.subnet(), nodes, vips, t.clientAddress());
    }

    /** The first vrrp_instance block: [start, end) of its text, and its name. */
    private static int[] firstInstance(String conf) {
        Matcher m = INSTANCE.matcher(conf);
        if (!m.find()) {
            throw new IllegalArgumentException("no vrrp_instance to run on IPv6");
        }
        int depth = 0;
        for (int i = m.end() - 1; i < conf.length(); i++) {
            char c = conf.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return new int[]{m.start(), i + 1};
            }
        }
        throw new IllegalArgumentException("the vrrp_instance block is not closed");
    }

    /** An instance block moved to IPv6: its VIP replaced, its IPv4 source and authentication gone. */
    static String toIpv6(String block, String v4vip, String v6vip) {
        return block.replaceAll("(?m)^\\s*mcast_src_ip\\s+\\S+\\s*\\n", "")
                .replaceAll("(?s)\\n\\s*authentication\\s*\\{[^}]*\\}", "")
                .replaceAll("(?m)^(\\s*)" + Pattern.quote(v4vip) + "(/\\d+)?\\b.*$", "$1" + Matcher.quoteReplacement(v6vip) + "/64");
    }

    static String ipv6Only(String conf, String v4vip, String v6vip) {
        int[] at = firstInstance(conf);
        return conf.substring(0, at[0]) + toIpv6(conf.substring(at[0], at[1]), v4vip, v6vip) + conf.substring(at[1]);
    }

    static String dualStack(String conf, String v4vip, String v6vip) {
        int[] at = firstInstance(conf);
        String block = conf.substring(at[0], at[1]);
        Matcher m = INSTANCE.matcher(block);
        m.find();
        String name = m.group(1);
        String six = toIpv6(block, v4vip, v6vip).replaceFirst("vrrp_instance\\s+\\S+", "vrrp_instance VI_6");
        String group = "vrrp_sync_group DUAL {\n    group {\n        " + name + "\n        VI_6\n    }\n"
                + "    # the members keep their weighted track_script, as a lone instance does\n    sync_group_tracking_weight\n}\n\n";
        return conf.substring(0, at[0]) + group + block + "\n\n" + six + conf.substring(at[1]);
    }
}
