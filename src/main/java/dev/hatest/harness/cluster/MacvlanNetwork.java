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
    private final String subnet;
    private final String bridge;
    private final String name;
    private final Map<String, String> labels;
    /** The IPv6 /64 beside the IPv4 subnet, or null for an IPv4-only network. */
    private final String subnet6;
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

    public String subnet() {
        return subnet;
    }

    /** The IPv6 /64, or null: the network is IPv4 only. */
    public String subnet6() {
        return subnet6;
    }

    public synchronized MacvlanNetwork create() {
        if (id != null) {
            return this;
        }
        runOnHost("bridge-create.sh", bridge, "hbp-" + runId, "hbq-" + runId);
        Map<String, String> labels = new HashMap<>(this.labels);
        labels.put(Labels.BRIDGE, bridge);
        try {
            id = Docker.client().createNetworkCmd()
                    .withName(name)
                    .withDriver("macvlan")
                    .withOptions(Map.of("parent", bridge, "macvlan_mode", "bridge"))
                    // Internal: no default route in the nodes, so nothing can leave the test LAN.
                    .withInternal(true)
                    .withEnableIpv6(subnet6 != null)
                    .withIpam(subnet6 == null ? new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet))
                            : new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet),
                            new Network.Ipam.Config().withSubnet(subnet6)))
                    .withLabels(labels)
                    .exec()
                    .getId();
        } catch (RuntimeException e) {
            deleteBridge(bridge);
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            if (why.contains("overlaps")) {
                throw new EnvironmentException("the test subnet " + subnet + " is taken by another network on this engine"
                        + (Cluster.keptClusters().isEmpty() ? "" : " (a cluster left up by `hatest up`: `hatest down` removes it)")
                        + "; or pass --subnet: " + why, e);
            }
            throw new EnvironmentException("cannot create a macvlan network on bridge " + bridge + ": " + why, e);
        }
        return this;
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
