package dev.hatest.harness.cluster;

import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation.Phase;
import dev.hatest.harness.history.Observation.VrrpState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import com.github.dockerjava.api.model.Container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * A running topology: the macvlan network, one container per node and a client container that probes the
 * VIP. Everything it makes carries its run's labels. {@link #close()} is idempotent and removes it all.
 * <p>
 * A cluster can also outlive its process ({@link #keep}, for {@code hatest up}): it is labelled as kept,
 * carries its topology on its client, and a later process {@link #attach}es to it to observe it and break
 * it. Closing an attached cluster stops observing it and leaves it running; {@code hatest down} removes it.
 */
public final class Cluster implements AutoCloseable {

    private static final String PROBE_JAR = "/opt/hatest/hatest.jar";
    private static final String CLIENT = "client";

    private final String runId;
    /** What runs: as given, then {@linkplain Topology#movedTo moved} when its subnet was taken. */
    private volatile Topology topology;
    private final History history;
    private MacvlanNetwork network;
    private final List<Node> nodes = new ArrayList<>();
    private Node client;
    private volatile boolean closed;
    /** What a kept cluster is, for titles; null for a cluster this process owns. */
    private String keptAs;
    private boolean attached;

    public Cluster(Topology topology, History history) {
        this(UUID.randomUUID().toString().replace("-", "").substring(0, 8), topology, history);
    }

    private Cluster(String runId, Topology topology, History history) {
        this.runId = runId;
        this.topology = topology;
        this.history = history;
    }

    /** A cluster that lives on after this process: call before {@link #start}; {@code what} describes it (e.g. "the seed pair"). */
    public Cluster keep(String what) {
        this.keptAs = what;
        return this;
    }

    /** A cluster left running by {@code hatest up}: its run, what it is, its topology and its containers by node name. */
    public record Kept(String runId, String what, Topology topology, Map<String, String> containers, Map<String, String> states) {
    }

    /** The clusters left running on this engine, oldest first. */
    public static List<Kept> keptClusters() {
        List<Container> all = Docker.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.KEPT, "1")).exec();
        Map<String, List<Container>> byRun = new TreeMap<>();
        all.forEach(c -> byRun.computeIfAbsent(c.getLabels().get(Labels.RUN), r -> new ArrayList<>()).add(c));
        List<Kept> out = new ArrayList<>();
        for (Map.Entry<String, List<Container>> run : byRun.entrySet()) {
            Map<String, String> ids = new LinkedHashMap<>();
            Map<String, String> states = new LinkedHashMap<>();
            Topology t = null;
            String what = null;
            long created = Long.MAX_VALUE;
            for (Container c : run.getValue()) {
                String node = c.getLabels().getOrDefault(Labels.NODE, "?");
                ids.put(node, c.getId());
                states.put(node, c.getState());
                created = Math.min(created, c.getCreated());
                if (CLIENT.equals(node) && c.getLabels().containsKey(Labels.TOPOLOGY)) {
                    t = TopologyJson.read(c.getLabels().get(Labels.TOPOLOGY));
                    what = c.getLabels().get(Labels.WHAT);
                }
            }
            if (t != null) {
                out.add(new Kept(run.getKey(), what, t, ids, states));
            }
        }
        return out;
    }

    /** The kept cluster of run {@code runId}, or the only one when it is null; a usage error when there is none to pick. */
    public static Kept findKept(String runId) {
        List<Kept> kept = keptClusters();
        if (runId != null) {
            return kept.stream().filter(c -> c.runId().equals(runId)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "no cluster " + runId + " is up" + (kept.isEmpty() ? "" : "; up: " + kept.stream().map(Kept::runId).toList())));
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no cluster is up: start one with `hatest up`");
        }
        if (kept.size() > 1) {
            throw new IllegalArgumentException("several clusters are up (" + kept.stream().map(Kept::runId).toList() + "): name one");
        }
        return kept.get(0);
    }

    /**
     * The kept cluster of run {@code runId}, or the only one when it is null, attached: faults act on its
     * containers, and with {@code follow} its nodes' logs are read from their start into {@code history}.
     */
    public static Cluster attach(String runId, History history, boolean follow) {
        Kept k = findKept(runId);
        k.states().forEach((node, state) -> {
            if (!"running".equals(state)) {
                throw new EnvironmentException("node " + node + " of cluster " + k.runId() + " is " + state
                        + ", not running: `hatest down` and `hatest up` again");
            }
        });
        Cluster c = new Cluster(k.runId(), k.topology(), history);
        c.attached = true;
        c.keptAs = k.what();
        c.network = MacvlanNetwork.existing(k.runId(), k.topology().subnet());
        Map<String, String> names = new HashMap<>();
        for (NodeSpec spec : k.topology().nodes()) {
            String id = k.containers().get(spec.name());
            if (id == null) {
                throw new EnvironmentException("cluster " + k.runId() + " has lost node " + spec.name() + ": `hatest down` and `hatest up` again");
            }
            Node n = Node.attach(id, spec.name(), spec.address(), history, Function.identity(), follow);
            c.nodes.add(n);
            names.put(n.macAddress(), spec.name());
            names.put(spec.address(), spec.name());
        }
        c.client = Node.attach(k.containers().get(CLIENT), CLIENT, k.topology().clientAddress(), history, a -> names.getOrDefault(a, a),
                follow);
        if (follow) {
            // The History starts now: seed it with what each node is doing (before the log's look-back window, so
            // anything the log says comes after), as if it had been seen to happen.
            long at = (System.currentTimeMillis() / 1000 - Node.ATTACH_LOOKBACK_SECONDS) * 1_000_000L - 1;
            for (ClusterStatus.NodeStatus s : ClusterStatus.of(c).nodes()) {
                Node n = c.node(s.name());
                s.vipsHeld().forEach(v -> n.observer().seedVip(at, v));
                s.instances().forEach(i -> VrrpState.named(i.state()).ifPresent(state -> n.observer().seedState(at, i.name(), state)));
            }
        }
        history.add("harness", new Phase("attached to cluster " + k.runId() + ": " + c.nodes.stream().map(Node::nodeName).toList()));
        return c;
    }

    /** Starts the network, the nodes (in parallel) and the client's probe. */
    public Cluster start(Path probeJar) {
        Images.requirePresent(Images.NODE);
        Images.requirePresent(Images.BASE);
        Stale.removeStale();
        topology.nodes().forEach(Cluster::checkNginx);
        Map<String, String> labels = keptAs == null ? Labels.of(runId) : Labels.kept(runId);
        network = new MacvlanNetwork(runId, topology.subnet(), topology.ipv6Subnet(), labels);
        try {
            network.create(!topology.pinned());
            if (!network.subnet().equals(topology.subnet())) {
                String wanted = topology.subnet();
                topology = topology.movedTo(network.subnet());
                history.add("harness", new Phase(wanted + " is taken on this engine (another cluster's): the cluster runs on "
                        + network.subnet() + ", every address moved with it"));
            }
            for (NodeSpec spec : topology.nodes()) {
                nodes.add(new Node(labels, runId, spec.name(), spec.address(), network, history, Function.identity())
                        .withFiles(spec.files()).withEnv(spec.env()));
            }
            nodes.forEach(this::watch);
            inParallel(nodes, Node::start);
            java.util.Map<String, String> names = new java.util.HashMap<>();
            for (Node n : nodes) {
                names.put(n.macAddress(), n.nodeName());
                names.put(n.address(), n.nodeName());
                if (topology.ipv6Subnet() != null) {
                    names.put(topology.ipv6Of(n.address()), n.nodeName());
                }
            }
            // The client observes: its probe of each VIP, its neighbour table (did GARP move it?), and a
            // capture of every VRRP advert and ARP on the test network (who advertised, who sent GARPs).
            client = new Node(labels, runId, CLIENT, topology.clientAddress(), network, history, a -> names.getOrDefault(a, a))
                    .withCopyFileToContainer(MountableFile.forHostPath(probeJar), PROBE_JAR)
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/usr/bin/tini", "--", "sh", "-c",
                            "(ip -o -ts monitor neigh | sed -u 's/^/IPMON /') & "
                                    + "(tcpdump -i eth0 -l -n -e -tt 'ip proto 112 or arp or ip6 proto 112 or (icmp6 and ip6[40] == 136)'"
                                    + " 2>/dev/null | sed -u 's/^/WIRE /') & "
                                    + loadCommand()
                                    + "echo hatest-node-ready; "
                                    + "exec java -XX:+UseSerialGC -Xmx64m -cp " + PROBE_JAR
                                    + " dev.hatest.harness.probe.HttpProbe " + String.join(",", topology.vips()) + " 80 20 250"));
            watch(client);
            if (keptAs != null) {
                client.withLabel(Labels.TOPOLOGY, TopologyJson.write(topology)).withLabel(Labels.WHAT, keptAs);
            }
            client.start();
            history.add("harness", new Phase("cluster up: " + nodes.stream().map(Node::nodeName).toList()));
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The client's load process ({@link Load}), started in the background before its probe; "" with no load. */
    private String loadCommand() {
        Load l = topology.load();
        if (l == null) {
            return "";
        }
        return "(exec java -XX:+UseSerialGC -Xmx64m -Xss256k -cp " + PROBE_JAR + " dev.hatest.harness.probe.LoadClient " + topology.vip() + " "
                + l.rate() + " 80 " + l.timeoutMs() + " " + l.downloads() + " " + Load.GO_FILE + ") & ";
    }

    /** Starts the client's load ({@link Load}), which waits for this: call it once the cluster has converged. */
    public void startLoad() {
        if (topology.load() != null && client != null) {
            client.exec("touch", Load.GO_FILE);
        }
    }

    /**
     * A node's own nginx.conf must pass {@code nginx -t} in the node image before anything starts: a broken one
     * is a config error (with nginx's file:line), not a node that never comes up.
     */
    private static void checkNginx(NodeSpec spec) {
        String conf = spec.files().get(ConfigDirTopology.NGINX_CONF);
        if (conf == null) {
            return;
        }
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Images.NODE))) {
            c.withImagePullPolicy(image -> false)
                    .withNetworkMode("none")
                    .withLabels(Map.of(Labels.HATEST, "1"))
                    .withCopyToContainer(Transferable.of(conf), ConfigDirTopology.NGINX_CONF)
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh", "-c", "nginx -t 2>&1; echo nginx-t-exit=$?"))
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))
                    .start();
            String out = c.getLogs();
            if (!out.contains("nginx-t-exit=0")) {
                throw new IllegalArgumentException("node " + spec.name() + ": its nginx.conf fails nginx -t: "
                        + out.lines().filter(l -> l.contains("emerg") || l.contains("failed")).findFirst().orElse(out.strip()));
            }
        }
    }

    /**
     * What makes this run impossible to judge now, in one line, or null when nothing does: a node's container
     * removed, the client's gone or stopped (its probe is the run's eyes), or the engine not answering. A node
     * that is stopped, paused or restarting is a fault's doing, not a lost run.
     */
    public String lostReason() {
        List<Node> all = new ArrayList<>(nodes);
        if (client != null) {
            all.add(client);
        }
        try {
            for (Node n : all) {
                String gone = n.gone(n == client);
                if (gone != null) {
                    return n == client ? "the client container (the probe of the VIP) is " + gone : "node " + n.nodeName() + "'s container is " + gone;
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "the Docker engine does not answer: " + e.getMessage();
        }
    }

    /**
     * After a start that did not converge: a node the History heard nothing from, although its container's log
     * (asked of the engine now) holds what its daemon said, means the engine's stream of that log failed, and the
     * run can't be judged: that is returned. A node whose daemon said nothing at all is a finding about the node,
     * not the harness: it is noted in the History with the end of its log, and null is returned.
     */
    public String silentNodeReason() {
        for (Node n : nodes) {
            if (history.events().stream().anyMatch(e -> e.source().equals(n.nodeName()))) {
                continue;
            }
            String logs;
            try {
                logs = n.getLogs();
            } catch (RuntimeException e) {
                return "node " + n.nodeName() + "'s log can't be read: " + e.getMessage();
            }
            History replay = new History();
            dev.hatest.harness.probe.LogObserver o = new dev.hatest.harness.probe.LogObserver(n.nodeName(), replay);
            logs.lines().forEach(o);
            if (!replay.events().isEmpty()) {
                return "node " + n.nodeName() + "'s log stream delivered nothing, though its log holds " + replay.events().size()
                        + " events (the engine's log follow failed): what it did is unknown";
            }
            List<String> lines = logs.lines().toList();
            history.add("harness", new Phase(n.nodeName() + " logged no event; its log ends: "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()))));
        }
        return null;
    }

    /** When {@code n}'s log ends while the run goes on, finds out (off the engine's thread) whether the run is lost. */
    private void watch(Node n) {
        n.onLogEnd(() -> {
            if (closed) {
                return;
            }
            Thread t = new Thread(() -> {
                String why = closed ? null : lostReason();
                if (why != null && !closed) {
                    history.lost(why);
                }
            }, "hatest-watch-" + n.nodeName());
            t.setDaemon(true);
            t.start();
        });
    }

    public String runId() {
        return runId;
    }

    /** What a kept cluster is (e.g. "the seed pair"), or null. */
    public String what() {
        return keptAs;
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
        if (attached) {
            // Someone else's cluster: stop watching it, and leave it up.
            nodes.forEach(Node::detach);
            if (client != null) {
                client.detach();
            }
            return;
        }
        List<Node> all = new ArrayList<>(nodes);
        if (client != null) {
            all.add(client);
        }
        inParallel(all, n -> {
            try {
                n.stop();
            } catch (RuntimeException e) {
                // removed below by label if it survived
            }
        });
        Stale.removeRun(runId);
        if (network != null) {
            network.close();
        }
    }

    /**
     * {@code action} on each of {@code items} at once, each on a thread of its own, and waits for all; the first
     * failure is rethrown, the others added to it. Not a parallel stream: called from a ForkJoinPool worker (JUnit's
     * parallel execution, a user's own pool) a parallel stream runs in that pool and can exhaust it.
     */
    static <T> void inParallel(List<T> items, java.util.function.Consumer<T> action) {
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (T item : items) {
            Thread t = new Thread(() -> {
                try {
                    action.accept(item);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "hatest-" + item);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
