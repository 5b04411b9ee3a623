package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Blocks VRRP (IP protocol 112) on one node with iptables: inbound, outbound or both. Gratuitous ARPs are
 * not IP and still pass, as they would past a firewall that drops multicast VRRP. Healing deletes exactly
 * the rules it added.
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
        NodeCommands.run(cluster.node(node), describe(), rules("-I").toArray(String[]::new));
    }

    @Override
    public void heal(Cluster cluster) {
        NodeCommands.run(cluster.node(node), "unblock VRRP", rules("-D").toArray(String[]::new));
    }

    private List<String> rules(String op) {
        List<String> out = new ArrayList<>();
        if (direction != Direction.OUT) {
            out.add("iptables " + op + " INPUT -p 112 -j DROP");
        }
        if (direction != Direction.IN) {
            out.add("iptables " + op + " OUTPUT -p 112 -j DROP");
        }
        return out;
    }
}
