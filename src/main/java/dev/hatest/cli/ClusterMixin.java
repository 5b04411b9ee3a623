package dev.hatest.cli;

import dev.hatest.harness.cluster.ConfigDirTopology;
import dev.hatest.harness.cluster.Profile;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.cluster.TopologyFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** What cluster to run: the seed pair (or N nodes like it), or the operator's own configs; which daemon. */
public final class ClusterMixin {

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Your own configs: one folder per node (the folder name is the node's), each with keepalived.conf "
                    + "and the scripts it runs. Addresses move onto the test network, interfaces become eth0.")
    Path configDir;

    @Option(names = "--topology", paramLabel = "FILE",
            description = "A topology file: the nodes, each from its own config folder and with its own daemon (a cluster may mix "
                    + "vrrpd and keepalived). The format is in the README.")
    Path topologyFile;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Run N nodes like the seed's (lb01 at priority 101, the others at 100, 99, ...). Default: 2.")
    Integer nodes;

    @Option(names = "--daemon", paramLabel = "vrrpd|keepalived",
            description = "The VRRP daemon on every node: vrrpd (default) or the real keepalived 2.2.7. With --topology, it "
                    + "overrides the file's.")
    String daemon;

    @Option(names = "--profile", paramLabel = "seed|fast",
            description = "The seed nodes' timers: seed (default; the article's VRRPv2 at advert_int 1 s, nginx checked every 2 s, "
                    + "fall 2) or fast (VRRPv3 at advert_int 0.05 s, nginx tracked as a process; see the README's timer section). "
                    + "Not with --topology or --config-dir, whose files set their own.")
    String profile;

    String subnet = SeedTopology.DEFAULT_SUBNET;
    /** Whether --subnet was given (a topology file's own subnet gives way only to it). */
    boolean subnetGiven;

    @Option(names = "--subnet", paramLabel = "CIDR",
            description = "The test network (default " + SeedTopology.DEFAULT_SUBNET + "); nothing is sent outside it.")
    void subnet(String cidr) {
        subnet = cidr;
        subnetGiven = true;
    }

    /** The topology these options name. */
    Topology topology() {
        if ((configDir != null ? 1 : 0) + (nodes != null ? 1 : 0) + (topologyFile != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--topology, --config-dir and --nodes: give one of them");
        }
        if (daemon != null && !daemon.equalsIgnoreCase("vrrpd") && !daemon.equalsIgnoreCase("keepalived")) {
            throw new IllegalArgumentException("--daemon: unknown daemon '" + daemon + "' (vrrpd or keepalived)");
        }
        Profile p = profile == null ? Profile.SEED : Profile.parse(profile);
        if (profile != null && (topologyFile != null || configDir != null)) {
            throw new IllegalArgumentException("--profile rewrites the seed's configs; with --topology or --config-dir your files set the timers");
        }
        if (topologyFile != null) {
            return TopologyFile.read(topologyFile, subnetGiven ? subnet : null, daemon == null ? null : daemon.toLowerCase(Locale.ROOT));
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
        if (daemon != null && daemon.equalsIgnoreCase("keepalived")) {
            t = t.allKeepalived();
        }
        return p.apply(t);
    }

    /** A title for reports: what ran. */
    String describe(Topology t) {
        long keepalived = t.nodes().stream().filter(n -> n.daemon().equals("keepalived")).count();
        String daemons = keepalived == 0 ? "" : keepalived == t.nodes().size() ? " (keepalived)"
                : " (" + keepalived + " of " + t.nodes().size() + " on keepalived)";
        String what = topologyFile != null ? "the topology " + topologyFile : configDir != null ? "the configs in " + configDir
                : t.nodes().size() == 2 ? "the seed pair" : t.nodes().size() + " seed nodes";
        return what + daemons;
    }
}
