package dev.hatest.cli;

import dev.hatest.harness.cluster.ConfigDirTopology;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** What cluster to run: the seed pair (or N nodes like it), or the operator's own configs; which daemon. */
public final class ClusterMixin {

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Your own configs: one folder per node (the folder name is the node's), each with keepalived.conf "
                    + "and the scripts it runs. Addresses move onto the test network, interfaces become eth0.")
    Path configDir;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Run N nodes like the seed's (lb01 at priority 101, the others at 100, 99, ...). Default: 2.")
    Integer nodes;

    @Option(names = "--daemon", paramLabel = "vrrpd|keepalived", defaultValue = "vrrpd",
            description = "The VRRP daemon on every node: vrrpd (default) or the real keepalived 2.2.7.")
    String daemon;

    @Option(names = "--subnet", paramLabel = "CIDR", defaultValue = SeedTopology.DEFAULT_SUBNET,
            description = "The test network (default ${DEFAULT-VALUE}); nothing is sent outside it.")
    String subnet;

    /** The topology these options name. */
    Topology topology() {
        if (configDir != null && nodes != null) {
            throw new IllegalArgumentException("--config-dir and --nodes: give one or the other");
        }
        Topology t;
        if (configDir != null) {
            t = ConfigDirTopology.load(configDir, subnet);
        } else {
            int n = nodes == null ? 2 : nodes;
            if (n < 2 || n > 9) {
                throw new IllegalArgumentException("--nodes: " + n + " is not between 2 and 9");
            }
            t = SeedTopology.nodes(subnet, n);
        }
        switch (daemon.toLowerCase(Locale.ROOT)) {
            case "vrrpd" -> {
                return t;
            }
            case "keepalived" -> {
                return new Topology(t.subnet(), t.nodes().stream().map(NodeSpec::withKeepalived).toList(), t.vips(), t.clientAddress());
            }
            default -> throw new IllegalArgumentException("--daemon: unknown daemon '" + daemon + "' (vrrpd or keepalived)");
        }
    }

    /** A title for reports: what ran. */
    String describe(Topology t) {
        return (configDir != null ? "the configs in " + configDir : t.nodes().size() == 2 ? "the seed pair" : t.nodes().size() + " seed nodes")
                + (daemon.equalsIgnoreCase("keepalived") ? " (keepalived)" : "");
    }
}
