package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.util.List;
import java.util.Locale;

/**
 * Drops a share of the VRRP adverts each node receives, at random, with iptables' {@code statistic} match
 * (this kernel has no netem). Applied on every listed node's input, so each advert has the same chance of
 * being lost on its way to each receiver. On a cluster with IPv6, ip6tables drops the same share of IPv6's
 * adverts.
 */
public final class PacketLoss implements Nemesis {

    private final List<String> nodes;
    private final double percent;

    public PacketLoss(List<String> nodes, double percent) {
        if (percent <= 0 || percent >= 100) {
            throw new IllegalArgumentException("loss must be between 0 and 100 percent, got " + percent);
        }
        this.nodes = List.copyOf(nodes);
        this.percent = percent;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "drop %.0f%% of VRRP received by %s", percent, String.join(", ", nodes));
    }

    @Override
    public void inject(Cluster cluster) {
        for (String n : nodes) {
            NodeCommands.run(cluster.node(n), describe(), rules("-I", NodeCommands.hasIpv6(cluster)).toArray(String[]::new));
        }
    }

    @Override
    public void heal(Cluster cluster) {
        for (String n : nodes) {
            NodeCommands.run(cluster.node(n), "stop dropping VRRP", rules("-D", NodeCommands.hasIpv6(cluster)).toArray(String[]::new));
        }
    }

    /** The rule, for iptables and, with {@code ipv6}, ip6tables. */
    List<String> rules(String op, boolean ipv6) {
        return (ipv6 ? List.of("iptables", "ip6tables") : List.of("iptables")).stream()
                .map(tool -> String.format(Locale.ROOT, "%s %s INPUT -p 112 -m statistic --mode random --probability %.4f -j DROP",
                        tool, op, percent / 100))
                .toList();
    }
}
