package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Blocks VRRP (IP protocol 112) on one node with iptables: inbound, outbound or both. On a cluster with
 * IPv6 (VRRPv3 over IPv6, or dual-stack) ip6tables drops IPv6's adverts too, so both families' instances
 * stop hearing each other. Gratuitous ARPs and unsolicited NAs are sent on packet sockets and still pass, as
 * they would past a firewall that drops multicast VRRP. Healing deletes exactly the rules it added.
 */
public final class BlockVrrp implements Nemesis {

    public enum Direction {
        IN, OUT, BOTH;

        public static Direction parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown direction '" + s + "' (in, out or both)");
            }
        }
    }

    private final String node;
    private final Direction direction;

    public BlockVrrp(String node, Direction direction) {
        this.node = node;
        this.direction = direction;
    }

    @Override
    public String describe() {
        return "block VRRP " + direction.name().toLowerCase(Locale.ROOT) + " on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        NodeCommands.run(cluster.node(node), describe(), rules("-I", NodeCommands.hasIpv6(cluster)).toArray(String[]::new));
    }

    @Override
    public void heal(Cluster cluster) {
        NodeCommands.run(cluster.node(node), "unblock VRRP", rules("-D", NodeCommands.hasIpv6(cluster)).toArray(String[]::new));
    }

    /** The rules, for iptables and, with {@code ipv6}, ip6tables. */
    List<String> rules(String op, boolean ipv6) {
        List<String> out = new ArrayList<>();
        for (String tool : ipv6 ? List.of("iptables", "ip6tables") : List.of("iptables")) {
            if (direction != Direction.OUT) {
                out.add(tool + " " + op + " INPUT -p 112 -j DROP");
            }
            if (direction != Direction.IN) {
                out.add(tool + " " + op + " OUTPUT -p 112 -j DROP");
            }
        }
        return out;
    }
}
