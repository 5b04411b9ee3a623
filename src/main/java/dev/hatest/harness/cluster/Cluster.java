package dev.hatest.harness.cluster;

import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A running topology: the macvlan network, one container per node and a client container that probes the
 * VIP. Everything it makes carries its run's labels. {@link #close()} is idempotent and removes it all.
 */
public final class Cluster implements AutoCloseable {

    private static final String PROBE_JAR = "/opt/hatest/hatest.jar";

    private final String runId;
    private final Topology topology;
    private final History history;
    private final MacvlanNetwork network;
    private final List<Node> nodes = new ArrayList<>();
    private Node client;
    private boolean closed;

    public Cluster(Topology topology, History history) {
        this.runId = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.topology = topology;
        this.history = history;
        this.network = new MacvlanNetwork(runId, topology.subnet());
    }

    /** Starts the network, the nodes (in parallel) and the client's probe. */
    public Cluster start(Path probeJar) {
        Images.requirePresent(Images.NODE);
        Images.requirePresent(Images.BASE);
        Stale.removeStale();
        try {
            network.create();
            for (NodeSpec spec : topology.nodes()) {
                nodes.add(new Node(runId, spec.name(), spec.address(), network, history).withFiles(spec.files()).withEnv(spec.env()));
            }
            nodes.parallelStream().forEach(Node::start);
            java.util.Map<String, String> names = new java.util.HashMap<>();
            for (Node n : nodes) {
                names.put(n.macAddress(), n.nodeName());
                names.put(n.address(), n.nodeName());
            }
            // The client observes: its probe of each VIP, its neighbour table (did GARP move it?), and a
            // capture of every VRRP advert and ARP on the test network (who advertised, who sent GARPs).
            client = new Node(runId, "client", topology.clientAddress(), network, history, a -> names.getOrDefault(a, a))
                    .withCopyFileToContainer(MountableFile.forHostPath(probeJar), PROBE_JAR)
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/usr/bin/tini", "--", "sh", "-c",
                            "(ip -o -ts monitor neigh | sed -u 's/^/IPMON /') & "
                                    + "(tcpdump -i eth0 -l -n -e -tt 'ip proto 112 or arp' 2>/dev/null | sed -u 's/^/WIRE /') & "
                                    + "echo hatest-node-ready; "
                                    + "exec java -XX:+UseSerialGC -Xmx64m -cp " + PROBE_JAR
                                    + " dev.hatest.harness.probe.HttpProbe " + String.join(",", topology.vips()) + " 80 20 250"));
            client.start();
            history.add("harness", Kinds.PHASE, "cluster up: " + nodes.stream().map(Node::nodeName).toList());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String runId() {
        return runId;
    }

    public Topology topology() {
        return topology;
    }

    public History history() {
        return history;
    }

    public MacvlanNetwork network() {
        return network;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(String name) {
        return nodes.stream().filter(n -> n.nodeName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "'; nodes: "
                        + nodes.stream().map(Node::nodeName).toList()));
    }

    public Node client() {
        return client;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Node> all = new ArrayList<>(nodes);
        if (client != null) {
            all.add(client);
        }
        all.parallelStream().forEach(n -> {
            try {
                n.stop();
            } catch (RuntimeException e) {
                // removed below by label if it survived
            }
        });
        Stale.removeRun(runId);
        network.close();
    }
}
