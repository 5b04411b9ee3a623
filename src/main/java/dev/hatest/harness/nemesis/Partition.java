package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a node off: from everyone on the test network (all IP and ARP traffic, in and out), or only from the
 * client (so VRRP still flows and nothing fails over, while the client can't reach the node). iptables and
 * arptables inside the node, and ip6tables on a cluster with IPv6 (its neighbour discovery is IP, so
 * the IPv6 rules cut it too); healing deletes exactly the rules it added. Gratuitous ARPs and unsolicited NAs
 * go out on packet sockets, below netfilter: a partitioned master's still reach the client.
 */
public final class Partition implements Nemesis {

    private final String node;
    private final boolean clientOnly;

    private Partition(String node, boolean clientOnly) {
        this.node = node;
        this.clientOnly = clientOnly;
    }

    /** The node loses every peer and the client. */
    public static Partition fromAll(String node) {
        return new Partition(node, false);
    }

    /** The node and the client can't reach each other; the nodes still can. */
    public static Partition fromClient(String node) {
        return new Partition(node, true);
    }

    @Override
    public String describe() {
        return "partition " + node + (clientOnly ? " from the client" : " from all");
    }

    @Override
    public void inject(Cluster cluster) {
        NodeCommands.run(cluster.node(node), describe(), rules(cluster, "-I").toArray(String[]::new));
    }

    @Override
    public void heal(Cluster cluster) {
        NodeCommands.run(cluster.node(node), "heal " + describe(), rules(cluster, "-D").toArray(String[]::new));
    }

    private List<String> rules(Cluster cluster, String op) {
        String client = cluster.topology().clientAddress();
        return rules(op, client, NodeCommands.hasIpv6(cluster) ? cluster.topology().ipv6Of(client) : null);
    }

    /** The rules; {@code client6} is the client's IPv6 address, or null on an IPv4-only cluster. */
    List<String> rules(String op, String client, String client6) {
        List<String> out = new ArrayList<>();
        if (clientOnly) {
            out.addAll(List.of("iptables " + op + " INPUT -s " + client + " -j DROP",
                    "iptables " + op + " OUTPUT -d " + client + " -j DROP",
                    "arptables " + op + " INPUT -s " + client + " -j DROP",
                    "arptables " + op + " OUTPUT -d " + client + " -j DROP"));
            if (client6 != null) {
                out.addAll(List.of("ip6tables " + op + " INPUT -s " + client6 + " -j DROP",
                        "ip6tables " + op + " OUTPUT -d " + client6 + " -j DROP"));
            }
            return out;
        }
        out.addAll(List.of("iptables " + op + " INPUT -i eth0 -j DROP",
                "iptables " + op + " OUTPUT -o eth0 -j DROP",
                "arptables " + op + " INPUT -i eth0 -j DROP",
                "arptables " + op + " OUTPUT -o eth0 -j DROP"));
        if (client6 != null) {
            out.addAll(List.of("ip6tables " + op + " INPUT -i eth0 -j DROP",
                    "ip6tables " + op + " OUTPUT -o eth0 -j DROP"));
        }
        return out;
    }
}
