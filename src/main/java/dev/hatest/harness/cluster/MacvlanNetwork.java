package dev.hatest.harness.cluster;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Network;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Docker macvlan network whose parent is an isolated Linux bridge made for this run alone: never eth0 or
 * any real NIC, so no test traffic leaves the machine. The bridge is made and removed through the engine, by
 * a short-lived container on the host network with NET_ADMIN, so a user with Docker access but no root can
 * run hatest. Created lazily by {@link #create()}; {@link #close()} is idempotent.
 */
public final class MacvlanNetwork implements AutoCloseable {

    private final String runId;
    /** The IPv4 subnet: the one asked for, or the one {@link #create(boolean)} found free. */
    private String subnet;
    private final String bridge;
    private final String name;
    private final Map<String, String> labels;
    /** The IPv6 /64 beside the IPv4 subnet, or null for an IPv4-only network. */
    private String subnet6;
    private String id;
    /** A network this object found rather than made: closing it leaves the network alone. */
    private boolean attached;

    /**
     * @param subnet a /24 (or wider) CIDR that can't clash with real networks, e.g. 198.18.0.0/24
     */
    public MacvlanNetwork(String runId, String subnet) {
        this(runId, subnet, Labels.of(runId));
    }

    public MacvlanNetwork(String runId, String subnet, Map<String, String> labels) {
        this(runId, subnet, null, labels);
    }

    /** A dual-stack network when {@code subnet6} (an IPv6 ULA /64) is given. */
    public MacvlanNetwork(String runId, String subnet, String subnet6, Map<String, String> labels) {
        this.runId = runId;
        this.subnet = subnet;
        this.subnet6 = subnet6;
        this.bridge = "hbr-" + runId;
        this.name = "hatest-" + runId;
        this.labels = Map.copyOf(labels);
    }

    /** The network of a run that is already up (a kept cluster); {@link #close()} leaves it up. */
    static MacvlanNetwork existing(String runId, String subnet) {
        MacvlanNetwork n = new MacvlanNetwork(runId, subnet, null, Labels.kept(runId));
        n.id = n.name;
        n.attached = true;
        return n;
    }

    public String name() {
        return name;
    }

    public String bridge() {
        return bridge;
    }

    public synchronized String subnet() {
        return subnet;
    }

    /** The IPv6 /64, or null: the network is IPv4 only. */
    public synchronized String subnet6() {
        return subnet6;
    }

    public synchronized MacvlanNetwork create() {
        return create(false);
    }

    /**
     * Makes the bridge and the network. With {@code movable}, a subnet another network on the engine holds is
     * not an error: the network goes on the first free /24 of {@link #candidates}, and {@link #subnet()} says
     * which. The engine refuses a pool that overlaps another network's, across processes, so a network made
     * is the subnet's lease; it ends when the network is removed.
     */
    public synchronized MacvlanNetwork create(boolean movable) {
        if (id != null) {
            return this;
        }
        runOnHost("bridge-create.sh", bridge, "hbp-" + runId, "hbq-" + runId);
        List<String> tries = movable ? candidates(subnet) : List.of(subnet);
        java.util.Set<String> taken = movable ? takenSubnets() : java.util.Set.of();
        RuntimeException last = null;
        int attempts = 0;
        for (String s : tries) {
            if (overlapsAny(s, taken)) {
                continue;
            }
            if (++attempts > 32) {
                break;
            }
            String s6 = subnet6 == null ? null : IpFamily.ipv6Subnet(s);
            try {
                id = createNetwork(s, s6);
                subnet = s;
                subnet6 = s6;
                return this;
            } catch (RuntimeException e) {
                last = e;
                if (!firstLine(e).contains("overlaps")) {
                    break;
                }
            }
        }
        deleteBridge(bridge);
        String why = firstLine(last);
        if (why.contains("overlaps") || last == null) {
            throw new EnvironmentException(movable
                    ? "no free test subnet on this engine: " + subnet + " and the next /24s of " + AUTO_RANGE + " are taken by other networks"
                    + " (`docker network ls`; `hatest down --all` removes hatest's); or pass --subnet: " + why
                    : "the test subnet " + subnet + " is taken by another network on this engine"
                    + (Cluster.keptClusters().isEmpty() ? "" : " (a cluster left up by `hatest up`: `hatest down` removes it)")
                    + "; or leave the subnet out (--subnet, withSubnet) to have a free one chosen: " + why, last);
        }
        throw new EnvironmentException("cannot create a macvlan network on bridge " + bridge + ": " + why, last);
    }

    /** Where a cluster that may move looks for a free /24 when its own subnet is taken (RFC 2544's benchmark range's upper half). */
    static final String AUTO_RANGE = "198.19.0.0/16";

    /** The subnets to try, in order: {@code preferred}, then each /24 of {@link #AUTO_RANGE}. */
    static List<String> candidates(String preferred) {
        List<String> out = new ArrayList<>();
        out.add(preferred);
        for (int c = 0; c < 256; c++) {
            String s = "198.19." + c + ".0/24";
            if (!s.equals(preferred)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The IPv4 subnets of the engine's networks now. */
    private static java.util.Set<String> takenSubnets() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Network n : Docker.client().listNetworksCmd().exec()) {
            if (n.getIpam() != null && n.getIpam().getConfig() != null) {
                n.getIpam().getConfig().forEach(c -> {
                    if (c.getSubnet() != null && !c.getSubnet().contains(":")) {
                        out.add(c.getSubnet());
                    }
                });
            }
        }
        return out;
    }

    /** Whether IPv4 CIDR {@code a} overlaps any of {@code others}. */
    static boolean overlapsAny(String a, java.util.Collection<String> others) {
        long[] r = range(a);
        return others.stream().map(MacvlanNetwork::range).anyMatch(o -> o != null && r != null && o[0] <= r[1] && r[0] <= o[1]);
    }

    /** [first, last] of an IPv4 CIDR, or null for one that isn't. */
    private static long[] range(String cidr) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)/(\\d+)").matcher(cidr);
        if (!m.matches()) {
            return null;
        }
        long a = 0;
        for (int i = 1; i <= 4; i++) {
            a = a << 8 | Integer.parseInt(m.group(i));
        }
        int bits = Integer.parseInt(m.group(5));
        long size = 1L << (32 - bits);
        long first = a & ~(size - 1) & 0xffffffffL;
        return new long[]{first, first + size - 1};
    }

    private String createNetwork(String v4, String v6) {
        Map<String, String> labels = new HashMap<>(this.labels);
        labels.put(Labels.BRIDGE, bridge);
        return Docker.client().createNetworkCmd()
                .withName(name)
                .withDriver("macvlan")
                .withOptions(Map.of("parent", bridge, "macvlan_mode", "bridge"))
                // Internal: no default route in the nodes, so nothing can leave the test LAN.
                .withInternal(true)
                .withEnableIpv6(v6 != null)
                .withIpam(v6 == null ? new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(v4))
                        : new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(v4),
                        new Network.Ipam.Config().withSubnet(v6)))
                .withLabels(labels)
                .exec()
                .getId();
    }

    private static String firstLine(RuntimeException e) {
        return e == null ? "" : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    @Override
    public synchronized void close() {
        if (attached) {
            return;
        }
        if (id != null) {
            try {
                Docker.client().removeNetworkCmd(id).exec();
            } catch (RuntimeException e) {
                // already gone
            }
            id = null;
            deleteBridge(bridge);
        }
    }

    /** Removes a bridge made by a run of hatest (named hbr-ID) and its carrier port; a no-op when gone. */
    static void deleteBridge(String bridge) {
        if (!bridge.matches("hbr-[0-9A-Za-z]{1,11}")) {
            throw new IllegalArgumentException("not a hatest bridge: " + bridge);
        }
        runOnHost("bridge-delete.sh", bridge, "hbp-" + bridge.substring(4));
    }

    /** Removes every hatest bridge that is not the parent of one of {@code inUse} (after a crashed run). */
    static void sweepBridges(List<String> inUse) {
        runOnHost("bridge-sweep.sh", inUse.toArray(String[]::new));
    }

    /**
     * Runs one of the shared scripts of {@code /dev/hatest/network/} in the host's network namespace, through
     * the engine, and returns what it printed.
     */
    static String runOnHost(String script, String... args) {
        String text = resource(script);
        List<String> command = new ArrayList<>(List.of("sh", "-c", text, script));
        command.addAll(List.of(args));
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Images.BASE))) {
            c.withNetworkMode("host")
                    .withImagePullPolicy(image -> false)
                    .withLabels(Map.of(Labels.HATEST, "1"))
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(command.toArray(String[]::new))
                            .getHostConfig().withCapAdd(Capability.NET_ADMIN))
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))
                    .start();
            return c.getLogs();
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot " + script.replace(".sh", "").replace('-', ' ') + " " + String.join(" ", args)
                    + " through the engine: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = MacvlanNetwork.class.getResourceAsStream("/dev/hatest/network/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + name, e);
        }
    }
}
