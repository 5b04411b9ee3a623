package dev.hatest.harness.cluster;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What cluster to run, as the command line and the library name it: the seed pair (or N nodes like it), the
 * operator's own configs (one folder per node), or a topology file; which daemon; which timer profile; which
 * subnet. {@link #topology()} checks the combination and builds the {@link Topology}.
 *
 * @param configDir    the operator's configs, one folder per node, or null
 * @param topologyFile a topology file, or null
 * @param nodes        N seed-like nodes, or null (2)
 * @param daemon       vrrpd or keepalived on every node, or null (vrrpd; a topology file's own)
 * @param profile      seed or fast, or null (seed); only for seed nodes
 * @param subnet       the test network
 * @param subnetGiven  whether the subnet was chosen: a topology file's own subnet gives way to it, and the cluster
 *                     runs there or fails ({@link Topology#pinned}); otherwise it moves to a free one when taken
 * @param family       the seed nodes' address family: IPv4 (the article's, and null's), IPv6 or dual-stack ({@link IpFamily})
 */
public record ClusterSpec(Path configDir, Path topologyFile, Integer nodes, String daemon, String profile, String subnet,
                          boolean subnetGiven, IpFamily family) {

    public ClusterSpec {
        family = family == null ? IpFamily.IPV4 : family;
    }

    /** An IPv4 spec (the article's family). */
    public ClusterSpec(Path configDir, Path topologyFile, Integer nodes, String daemon, String profile, String subnet, boolean subnetGiven) {
        this(configDir, topologyFile, nodes, daemon, profile, subnet, subnetGiven, IpFamily.IPV4);
    }

    /** This spec with seed nodes of {@code f}'s family. */
    public ClusterSpec withFamily(IpFamily f) {
        return new ClusterSpec(configDir, topologyFile, nodes, daemon, profile, subnet, subnetGiven, f);
    }

    /** The seed pair on the default subnet. */
    public static final ClusterSpec SEED = new ClusterSpec(null, null, null, null, null, SeedTopology.DEFAULT_SUBNET, false);

    public ClusterSpec withConfigDir(Path dir) {
        return new ClusterSpec(dir, topologyFile, nodes, daemon, profile, subnet, subnetGiven, family);
    }

    public ClusterSpec withTopologyFile(Path file) {
        return new ClusterSpec(configDir, file, nodes, daemon, profile, subnet, subnetGiven, family);
    }

    public ClusterSpec withNodes(Integer n) {
        return new ClusterSpec(configDir, topologyFile, n, daemon, profile, subnet, subnetGiven, family);
    }

    public ClusterSpec withDaemon(String d) {
        return new ClusterSpec(configDir, topologyFile, nodes, d, profile, subnet, subnetGiven, family);
    }

    public ClusterSpec withProfile(String p) {
        return new ClusterSpec(configDir, topologyFile, nodes, daemon, p, subnet, subnetGiven, family);
    }

    /** This spec on {@code cidr}, chosen (null: the default, not chosen). */
    public ClusterSpec withSubnet(String cidr) {
        return cidr == null ? new ClusterSpec(configDir, topologyFile, nodes, daemon, profile, SeedTopology.DEFAULT_SUBNET, false, family)
                : new ClusterSpec(configDir, topologyFile, nodes, daemon, profile, cidr, true, family);
    }

    /**
     * The topology this spec names.
     *
     * @throws IllegalArgumentException for a combination that can't be, or a file that is wrong (at file:line)
     */
    public Topology topology() {
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
        if (family != IpFamily.IPV4 && (topologyFile != null || configDir != null)) {
            throw new IllegalArgumentException("--" + family.text() + " rewrites the seed's configs; with --topology or --config-dir"
                    + " your files say which addresses they hold");
        }
        if (topologyFile != null) {
            Topology t = TopologyFile.read(topologyFile, subnetGiven ? subnet : null, daemon == null ? null : daemon.toLowerCase(Locale.ROOT));
            return subnetGiven ? t.pin() : t;
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
        t = family.apply(p.apply(t));
        // a chosen subnet is where the cluster runs or fails; the default one it leaves for a free one when taken
        return subnetGiven ? t.pin() : t;
    }

    /** A title for reports: what ran. */
    public String describe(Topology t) {
        long keepalived = t.nodes().stream().filter(n -> n.daemon().equals("keepalived")).count();
        String daemons = keepalived == 0 ? "" : keepalived == t.nodes().size() ? " (keepalived)"
                : " (" + keepalived + " of " + t.nodes().size() + " on keepalived)";
        String what = topologyFile != null ? "the topology " + topologyFile : configDir != null ? "the configs in " + configDir
                : t.nodes().size() == 2 ? "the seed pair" : t.nodes().size() + " seed nodes";
        return what + (family == IpFamily.IPV4 ? "" : " on " + family.text()) + daemons;
    }
}
