package dev.hatest.cli;

import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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

    @Option(names = "--ipv6", description = "Run the seed nodes' instance on IPv6 (VRRPv3, an IPv6 VIP on a ULA /64 made from the "
            + "subnet: 198.18.0.0/24 gives fd00:198:18:0::/64 and the VIP fd00:198:18::200).")
    boolean ipv6;

    @Option(names = "--dual-stack", description = "Give the seed nodes an IPv6 instance beside the IPv4 one, in a sync group: two "
            + "VIPs that move together, each probed and judged.")
    boolean dualStack;

    String subnet = SeedTopology.DEFAULT_SUBNET;
    /** Whether --subnet was given (a topology file's own subnet gives way only to it). */
    boolean subnetGiven;

    @Option(names = "--subnet", paramLabel = "CIDR",
            description = "The test network (default " + SeedTopology.DEFAULT_SUBNET + "); nothing is sent outside it.")
    void subnet(String cidr) {
        subnet = cidr;
        subnetGiven = true;
    }

    /** What these options name. */
    ClusterSpec spec() {
        if (ipv6 && dualStack) {
            throw new IllegalArgumentException("--ipv6 and --dual-stack: give one of them");
        }
        return new ClusterSpec(configDir, topologyFile, nodes, daemon, profile, subnet, subnetGiven,
                ipv6 ? IpFamily.IPV6 : dualStack ? IpFamily.DUAL_STACK : IpFamily.IPV4);
    }

    /** The topology these options name. */
    Topology topology() {
        return spec().topology();
    }

    /** A title for reports: what ran. */
    String describe(Topology t) {
        return spec().describe(t);
    }
}
