package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Node;
import org.testcontainers.containers.Container.ExecResult;

/** Runs a fault's commands in a node and fails loudly when one does not succeed. */
final class NodeCommands {

    private NodeCommands() {
    }

    /** Whether the cluster's test network carries IPv6 (an IPv6 VIP): then the IPv6 rules of a fault are due too. */
    static boolean hasIpv6(dev.hatest.harness.cluster.Cluster cluster) {
        return cluster.topology().ipv6Subnet() != null;
    }

    /** Runs each shell command line in turn; the first that fails stops the fault with its output. */
    static void run(Node node, String what, String... commandLines) {
        for (String c : commandLines) {
            ExecResult r = node.sh(c);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException(what + " on " + node.nodeName() + ": '" + c + "' exited "
                        + r.getExitCode() + ": " + (r.getStderr() + r.getStdout()).strip());
            }
        }
    }
}
