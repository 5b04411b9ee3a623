package dev.hatest.harness.junit;

import dev.hatest.harness.check.RunAnalysis;
import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.Load;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.cluster.NodeImage;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.VipForwarder;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.History;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.ChaosRun;
import org.testcontainers.lifecycle.Startable;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A keepalived + nginx pair (or more nodes) under test, with a client probing its VIP, shaped like a
 * Testcontainers module: configure it with {@code with...} methods, then {@link #start()} it (or let
 * {@code @Testcontainers}/{@code @Container} do it), {@link #inject} faults, and {@link #stop()} it.
 *
 * <pre>{@code
 * try (HaCluster ha = HaCluster.seedPair()) {
 *     ha.start();
 *     assertThat(ha.inject(Fault.kill(Fault.Process.NGINX).onMaster())).tookOverTo("lb02").withoutSplitBrain();
 * }
 *
 * @Container
 * static HaCluster ha = new HaCluster().withConfigDir(Path.of("src/test/resources/ha")).withDaemon(HaCluster.Daemon.KEEPALIVED);
 * }</pre>
 *
 * The nodes run the images that {@code ./hatest} or hatest's own build prepared ({@code hatest/node}); the
 * start fails with a one-line diagnosis when they, the Docker engine or macvlan are missing. Each fault runs
 * as one {@code hatest chaos} step, judged with the same verdicts and bounds.
 */
public class HaCluster implements Startable {

    /** The VRRP daemon the nodes run. */
    public enum Daemon {
        /** hatest's own daemon, which reads keepalived.conf. */
        VRRPD,
        /** keepalived 2.2.7, from the distribution. */
        KEEPALIVED
    }

    private ClusterSpec spec = ClusterSpec.SEED;
    private Load load;
    private Consumer<String> progress = s -> { };
    private Topology topology;
    private String what;
    private ChaosRun.Session session;
    private VipForwarder forwarder;

    /** The seed pair (lb01 at priority 101 and lb02 at 100, VIP .200) on vrrpd; {@code new HaCluster()} is the same. */
    public static HaCluster seedPair() {
        return new HaCluster();
    }

    /** The operator's own configs: one folder per node, each with its {@code keepalived.conf} (and scripts). */
    public HaCluster withConfigDir(Path dir) {
        spec = spec.withConfigDir(Objects.requireNonNull(dir, "dir"));
        return this;
    }

    /** A topology file, as {@code hatest --topology} takes it. */
    public HaCluster withTopology(Path file) {
        spec = spec.withTopologyFile(Objects.requireNonNull(file, "file"));
        return this;
    }

    /** The daemon on every node (vrrpd when not told; a topology file may mix them). */
    public HaCluster withDaemon(Daemon d) {
        spec = spec.withDaemon(d.name().toLowerCase(Locale.ROOT));
        return this;
    }

    /** The seed's timers ({@code seed}, the default) or {@code fast} ones; only for seed nodes. */
    public HaCluster withProfile(String profile) {
        spec = spec.withProfile(Objects.requireNonNull(profile, "profile"));
        return this;
    }

    /**
     * The seed nodes on IPv6 ({@link IpFamily#IPV6}: VRRPv3 over IPv6, one IPv6 VIP) or dual-stack
     * ({@link IpFamily#DUAL_STACK}: an IPv6 instance beside the IPv4 one, in a sync group; {@link #vipUri(String)}
     * reaches either VIP, and a fault's verdicts judge both).
     */
    public HaCluster withFamily(IpFamily family) {
        spec = spec.withFamily(Objects.requireNonNull(family, "family"));
        return this;
    }

    /** {@code n} seed-like nodes (2 to 9) instead of the pair. */
    public HaCluster withNodes(int n) {
        spec = spec.withNodes(n);
        return this;
    }

    /**
     * The test network, e.g. {@code 198.18.7.0/24}, chosen: the cluster runs there or fails to start. Without
     * it the cluster prefers {@code 198.18.0.0/24} (a benchmarking range that is never routed) and moves to a
     * free /24 of {@code 198.19.0.0/16} when another cluster (of this test run or another process) holds it,
     * every address with it: {@link #topology()} and {@link #vip()} say where it runs. Clusters side by side
     * need no subnet given.
     */
    public HaCluster withSubnet(String cidr) {
        spec = spec.withSubnet(Objects.requireNonNull(cidr, "cidr"));
        return this;
    }

    /**
     * The client's load through the VIP beside its probe, as the pair's users would send it ({@link Load#of}: a
     * fixed rate of requests over keep-alive connections, and long downloads in flight). Each fault's
     * {@link Takeover} then has the load's verdicts ({@code load failed requests}, and {@code load cut responses}
     * when {@link Load#withMaxCut} gives a bound) and {@link Takeover#load()} its figures.
     */
    public HaCluster withLoad(Load load) {
        this.load = Objects.requireNonNull(load, "load");
        return this;
    }

    /** Where to say what the cluster is doing ("starting 2 nodes...", "kill -9 nginx on lb01..."); silent by default. */
    public HaCluster withProgress(Consumer<String> progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * Starts the nodes and the client, and waits (up to 60 s) until one node serves the VIP steadily: the
     * one the priorities elect, when they decide it. The base and node images are built first where they are
     * missing or stale ({@link NodeImage}: minutes the first time on a machine, then a cache hit).
     *
     * @throws IllegalArgumentException for a configuration that is wrong ({@code file:line: what is wrong})
     * @throws IllegalStateException    when the images, the engine or macvlan are missing, or the cluster did
     *                                  not converge (and then it is removed)
     */
    @Override
    public void start() {
        if (session != null) {
            return;
        }
        Topology t = spec.topology().withLoad(load);
        ChaosPlan plan = new ChaosPlan(t, spec.describe(t), List.of(), null, null, null);
        plan.check();
        NodeImage.ensure(progress);
        ChaosRun.Session s = interruptible(() -> ChaosRun.Session.open(plan.options(progress)));
        if (!s.converged()) {
            s.close();
            throw new IllegalStateException("the cluster did not converge within 60 s: " + s.startVerdicts());
        }
        topology = s.topology();
        what = plan.what();
        session = s;
    }

    /** Removes the nodes, the client and the test network. Safe to call twice. */
    @Override
    public synchronized void stop() {
        if (forwarder != null) {
            try {
                forwarder.close();
            } finally {
                forwarder = null;
            }
        }
        if (session != null) {
            try {
                session.close();
            } finally {
                session = null;
            }
        }
    }

    /**
     * Injects {@code fault} and judges what follows, as one {@code hatest chaos} step: waits for the outcome,
     * heals when told, and checks the takeover (or its absence), the winner, one master at a time, the
     * clients' ARP entries and the failback. From the second fault on, it first waits (up to 30 s) for one
     * node to serve steadily; that node is the fault's master.
     *
     * @throws IllegalArgumentException for a node that isn't in the cluster or a fault argument that is wrong
     */
    public Takeover inject(Fault fault) {
        ChaosRun.Session s = running();
        ChaosPlan plan = new ChaosPlan(topology, what, List.of(fault.step()), null, null, null);
        try {
            plan.check();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fault + ": " + e.getMessage(), e);
        }
        ChaosRun.StepResult r = interruptible(() -> s.step(plan.runStep(0)));
        String description = r.plan() == null ? fault.toString() : r.plan().description() + " on " + plan.target(0, r.master());
        // judged again from its History as the step was ({@code hatest report} on its JSON): no start verdict, the step
        RunAnalysis.Spec analysis = r.broken() != null ? null
                : new RunAnalysis.Spec(vip(), null, List.of(r.record(""))).withLoad(ChaosRun.loadSpec(topology));
        RunReport report = new RunReport(description + " of " + what, r.passed(), r.verdicts(), r.failovers(), s.history().events(),
                r.plan() == null ? null : r.plan().bound().formula(), r.broken(), analysis);
        return new Takeover(description, r, report);
    }

    /**
     * Where the host reaches port 80 of the first VIP, e.g. {@code http://localhost:32781}, for an HTTP client
     * in the test ({@code given().baseUri(ha.vipUri()).get("/")}): the host can't reach the test network, so the
     * first call starts a forwarder container on a bridge network and on the test network. It is not the
     * probe's client; what the verdicts measure is unchanged. It follows the VIP across takeovers, as any
     * client on the test network does (by the gratuitous ARPs).
     */
    public URI vipUri() {
        return vipUri(vip());
    }

    /** The same for {@code vip}, one of the topology's VIPs. */
    public synchronized URI vipUri(String vip) {
        ChaosRun.Session s = running();
        if (forwarder == null) {
            forwarder = VipForwarder.start(s.cluster(), ProbeJar.locate());
        }
        return forwarder.uri(vip);
    }

    /**
     * The node that holds the first VIP now, as its daemon reports it: one live master (a dead daemon's stale VIP
     * does not count), or null while none or several hold it (during a takeover, or a split brain). It follows
     * the cluster, so a test can wait on it: {@code await().until(() -> "lb01".equals(ha.master()))}.
     */
    public String master() {
        Set<String> holders = VipHolders.live(running().history().events(), vip(), History.nowMicros());
        return holders.size() == 1 ? holders.iterator().next() : null;
    }

    /** The first VIP, e.g. {@code 198.18.0.200}. */
    public String vip() {
        return topology().vip();
    }

    /** The nodes' names, in the topology's order. */
    public List<String> nodeNames() {
        return topology().nodes().stream().map(n -> n.name()).toList();
    }

    /** The cluster's topology: nodes, configs, addresses. Known once started. */
    public Topology topology() {
        running();
        return topology;
    }

    /** Everything the nodes, the probe and the harness recorded so far (states, adverts, VIPs, requests...). */
    public History history() {
        return running().history();
    }

    public boolean isRunning() {
        return session != null;
    }

    private ChaosRun.Session running() {
        if (session == null) {
            throw new IllegalStateException("the cluster is not running: start() it first");
        }
        return session;
    }

    private interface Blocking<T> {
        T get() throws InterruptedException;
    }

    private static <T> T interruptible(Blocking<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
