package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.util.List;

/**
 * Cuts a node off: from everyone on the test network (all IP and ARP traffic, in and out), or only from the
 * client (so VRRP still flows and nothing fails over, while the client can't reach the node). iptables and
 * arptables inside the node; healing deletes exactly the rules it added.
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
        if (clientOnly) {
            String c = cluster.topology().clientAddress();
            return List.of("iptables " + op + " INPUT -s " + c + " -j DROP",
                    "iptables " + op + " OUTPUT -d " + c + " -j DROP",
                    "arptables " + op + " INPUT -s " + c + " -j DROP",
                    "arptables " + op + " OUTPUT -d " + c + " -j DROP");
        }
        return List.of("iptables " + op + " INPUT -i eth0 -j DROP",
                "iptables " + op + " OUTPUT -o eth0 -j DROP",
                "arptables " + op + " INPUT -i eth0 -j DROP",
                "arptables " + op + " OUTPUT -o eth0 -j DROP");
    }
}
