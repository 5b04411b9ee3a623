package dev.hatest.harness.cluster;

import com.github.dockerjava.api.model.ContainerNetwork;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port 80 of each VIP, reachable from the host: a container of its own on Docker's default bridge (whose
 * mapped ports the host reaches) and on the cluster's test network, running {@code TcpForwarder}. The host
 * can't reach macvlan children, so a test on the host talks to a VIP through it. It is not the client: the
 * probe's requests, ARP table and capture are the client container's alone, so the forwarder changes
 * nothing the verdicts measure (it is one more host on the test network, like any other client).
 */
public final class VipForwarder implements AutoCloseable {

    /** The first port it listens on inside its container: one per VIP, in the topology's order. */
    static final int FIRST_PORT = 18080;
    private static final String JAR = "/opt/hatest/hatest.jar";

    private final GenericContainer<?> container;
    private final Map<String, Integer> ports;
    private final String address;

    private VipForwarder(GenericContainer<?> container, Map<String, Integer> ports, String address) {
        this.container = container;
        this.ports = ports;
        this.address = address;
    }

    /** Starts the forwarder for {@code cluster}'s VIPs; its container carries the cluster's run label, so the clean-up takes it. */
    public static VipForwarder start(Cluster cluster, Path probeJar) {
        Topology t = cluster.topology();
        String address = freeAddress(t);
        Map<String, Integer> ports = new LinkedHashMap<>();
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < t.vips().size(); i++) {
            ports.put(t.vips().get(i), FIRST_PORT + i);
            args.append(' ').append(FIRST_PORT + i).append('=').append(t.vips().get(i)).append(":80");
        }
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Images.NODE));
        c.withImagePullPolicy(image -> false)
                .withLabels(Map.of(Labels.HATEST, "1", Labels.RUN, cluster.runId(), Labels.PID, Long.toString(ProcessHandle.current().pid()),
                        Labels.NODE, "forwarder"))
                .withExposedPorts(ports.values().toArray(Integer[]::new))
                .withCopyFileToContainer(MountableFile.forHostPath(probeJar), JAR)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withEntrypoint("/usr/bin/tini", "--", "sh", "-c",
                            "exec java -XX:+UseSerialGC -Xmx48m -cp " + JAR + " dev.hatest.harness.probe.TcpForwarder" + args);
                    if (t.ipv6Subnet() != null) {
                        // it starts on an IPv4-only bridge, where Docker turns IPv6 off in the container; the test
                        // network it joins next carries IPv6 VIPs
                        cmd.getHostConfig().withSysctls(Map.of("net.ipv6.conf.all.disable_ipv6", "0"));
                    }
                })
                .waitingFor(Wait.forLogMessage("forwarding .*\\n", 1).withStartupTimeout(Duration.ofSeconds(60)));
        try {
            c.start();
            Docker.client().connectToNetworkCmd().withContainerId(c.getContainerId()).withNetworkId(cluster.network().name())
                    .withContainerNetwork(new ContainerNetwork().withIpamConfig(t.ipv6Subnet() == null
                            ? new ContainerNetwork.Ipam().withIpv4Address(address)
                            : new ContainerNetwork.Ipam().withIpv4Address(address).withIpv6Address(t.ipv6Of(address))))
                    .exec();
        } catch (RuntimeException e) {
            c.stop();
            throw new IllegalStateException("could not start the VIP forwarder: " + e.getMessage(), e);
        }
        return new VipForwarder(c, ports, address);
    }

    /** {@code http://localhost:PORT} for port 80 of {@code vip}. */
    public URI uri(String vip) {
        Integer port = ports.get(vip);
        if (port == null) {
            throw new IllegalArgumentException("no VIP " + vip + "; VIPs: " + List.copyOf(ports.keySet()));
        }
        return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(port));
    }

    /** Its address on the test network. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        container.stop();
    }

    /** The highest host address of the test network that no node, VIP or the client uses. */
    static String freeAddress(Topology t) {
        Set<String> used = new HashSet<>(t.vips());
        used.add(t.clientAddress());
        t.nodes().forEach(n -> used.add(n.address()));
        String prefix = SeedTopology.prefixOf(t.subnet());
        for (int host = 250; host > 1; host--) {
            if (!used.contains(prefix + host)) {
                return prefix + host;
            }
        }
        throw new IllegalArgumentException(t.subnet() + ": no free address for the VIP forwarder");
    }
}
