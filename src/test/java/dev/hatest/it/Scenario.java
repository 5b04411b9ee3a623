package dev.hatest.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.report.TextReport;
import dev.hatest.harness.scenario.ChaosRun;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scenario test's cluster, verdicts and figures, as a JUnit extension:
 * <pre>
 * &#64;RegisterExtension final Scenario scenario = new Scenario();
 * </pre>
 * It starts the cluster and waits for convergence (the "given"), asserts verdicts one by one, and publishes
 * each measured figure as a {@code FIGURE name=value} line on stdout (in the class's Failsafe XML) and, when the
 * test ends, in {@code target/failsafe-reports/hatest/figures/CLASS.properties} as {@code method.name=value}:
 * a file per class, as test classes run side by side (system properties would mix them). When a test fails it
 * saves the container logs, the History and the verdicts under {@code target/failsafe-reports/hatest/CLASS/}
 * before removing the cluster.
 */
final class Scenario implements AfterEachCallback {

    /**
     * The lock of tests that leave a cluster up ({@code hatest up}) and then name none: with test classes side by
     * side, they take it so that theirs is the only one.
     */
    static final String KEPT_CLUSTERS = "hatest.kept-clusters";

    /**
     * Startup election: both nodes start as BACKUP, so the master is chosen within one Master_Down_Interval
     * (3.6 s for the seed) plus container and JVM start; 60 s is a generous bound for a loaded 2-core CI.
     */
    static final Duration CONVERGE = Duration.ofSeconds(60);

    private Cluster cluster;
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    /** Given: the topology is up and has converged on {@code master} (one live holder, serving). */
    Cluster startConvergedOn(Topology topology, String master) throws InterruptedException {
        return startConverged(topology, t -> ChaosRun.servedSteadilyBy(t.vip(), master), "converged on " + master);
    }

    /**
     * Given: the topology is up and {@code converged} holds, made from the topology as it runs ({@link #topology()}:
     * on a free subnet, its addresses moved, when another cluster holds its own).
     */
    Cluster startConverged(Topology topology, java.util.function.Function<Topology, Predicate<List<Event>>> converged, String what)
            throws InterruptedException {
        cluster = new Cluster(topology, new History());
        cluster.start(ProbeJar.locate());
        long started = History.nowMicros();
        assertThat(cluster.history().await(converged.apply(cluster.topology()), CONVERGE)).as("%s within %s", what, CONVERGE).isTrue();
        figure("convergeMs", Math.round((History.nowMicros() - started) / 1000.0));
        cluster.history().add("harness", new dev.hatest.harness.history.Observation.Phase(what));
        return cluster;
    }

    History history() {
        return cluster.history();
    }

    /** The topology as the cluster runs it: the test's own, moved onto a free subnet when another cluster held its own. */
    Topology topology() {
        return cluster.topology();
    }

    Cluster cluster() {
        return cluster;
    }

    /** Starts the VRRP daemon of a node that booted without it ({@code NodeSpec.withoutDaemon()}). */
    void startDaemon(String node) {
        var r = cluster.node(node).sh(dev.hatest.harness.nemesis.NodeProcess.VRRPD.start());
        assertThat(r.getExitCode()).as("start-daemon on %s: %s", node, r.getStderr()).isZero();
    }

    /** The first state event of {@code node} entering {@code state} after {@code after} (µs). */
    java.util.Optional<Event> firstEntered(String node, String state, long after) {
        return cluster.history().events().stream().filter(entering(node, state, after)).findFirst();
    }

    /** What keepalived logs about a peer's packets it does not accept (normal backups "discarding" excepted). */
    private static final java.util.regex.Pattern KEEPALIVED_COMPLAINT = java.util.regex.Pattern.compile(
            "(?i)(invalid|mismatch|bogus|bad checksum|wrong|not present in MASTER advert|not a unicast peer|discard(?!ing))");

    /** The complaints in keepalived's stamped log on {@code node}: lines a test expects to be none. */
    List<String> keepalivedComplaints(String node) {
        return cluster.node(node).getLogs().lines()
                .filter(l -> l.startsWith("KLOG") && KEEPALIVED_COMPLAINT.matcher(l).find()).toList();
    }

    /** A node's keepalived.conf in a topology, as the model parsed it (what bounds are computed from). */
    static dev.hatest.harness.cluster.NodeConfig conf(Topology t, String node) {
        return t.node(node).config();
    }

    /** A node's keepalived.conf in a topology: its text, to edit. */
    static String confText(Topology t, String node) {
        return t.node(node).files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG);
    }

    /** The live daemons claiming MASTER (any instance) are exactly {@code nodes}. */
    static Predicate<List<Event>> masters(String... nodes) {
        java.util.Set<String> want = java.util.Set.of(nodes);
        return events -> dev.hatest.harness.check.DaemonStates.at(events, History.nowMicros()).masters(null).equals(want);
    }

    /** A node reported a transition to {@code state} (for any instance) after {@code after} (µs). */
    static Predicate<List<Event>> entered(String node, String state, long after) {
        return events -> events.stream().anyMatch(entering(node, state, after));
    }

    private static Predicate<Event> entering(String node, String state, long after) {
        return e -> e.timeMicros() >= after && e.source().equals(node) && e.kind().equals(Kinds.STATE)
                && e.value().contains("->" + state + ":");
    }

    /** Injects a fault and returns its recorded event (the takeover's time zero). */
    Event inject(Nemesis fault) {
        fault.invoke(cluster);
        return cluster.history().lastFault().orElseThrow();
    }

    Event heal(Nemesis fault) {
        fault.recover(cluster);
        return cluster.history().lastHeal().orElseThrow();
    }

    /** Waits for {@code condition} over the History, failing with {@code what} after {@code timeout}. */
    void await(String what, Predicate<List<Event>> condition, Duration timeout) throws InterruptedException {
        assertThat(cluster.history().await(condition, timeout)).as("%s within %s", what, timeout).isTrue();
    }

    /**
     * Lets {@code duration} of the scenario pass: for windows that are the point of the test (a steady state
     * to observe, a fault held for a while), not for waiting on an outcome.
     */
    long hold(Duration duration) throws InterruptedException {
        long from = History.nowMicros();
        cluster.history().await(events -> History.nowMicros() - from >= duration.toNanos() / 1000, duration.plusSeconds(1));
        return History.nowMicros();
    }

    /** Records the verdict and its figure, and fails the test unless it passed. */
    Verdict expect(Verdict v) {
        verdicts.add(v);
        figure("verdict." + v.name(), v.measured().text());
        System.out.println("VERDICT " + (v.passed() ? "PASS " : "FAIL ") + v.name() + ": " + v.measured() + " (bound " + v.bound() + ") " + v.detail());
        assertThat(v.passed()).as("%s: measured %s, bound %s; %s", v.name(), v.measured(), v.bound(), v.detail()).isTrue();
        return v;
    }

    void figure(String name, Object value) {
        String key = name.replaceAll("[^A-Za-z0-9.]+", "-");
        String text = value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.1f", d) : String.valueOf(value);
        figures.put(key, text);
        System.out.println("FIGURE " + key + "=" + text);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        writeFigures(context);
        if (cluster == null) {
            return;
        }
        try {
            if (context.getExecutionException().isPresent()) {
                save(context);
            }
        } finally {
            cluster.close();
        }
    }

    /** Appends the test's figures to its class's file (classes run side by side, each test of a class in turn). */
    private void writeFigures(ExtensionContext context) {
        if (figures.isEmpty()) {
            return;
        }
        Path dir = Path.of(System.getProperty("hatest.projectDir", "."), "target", "failsafe-reports", "hatest", "figures");
        StringBuilder f = new StringBuilder();
        String method = context.getRequiredTestMethod().getName();
        figures.forEach((k, v) -> f.append(method).append('.').append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(context.getRequiredTestClass().getSimpleName() + ".properties"), f.toString(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(ExtensionContext context) {
        Path dir = Path.of(System.getProperty("hatest.projectDir", "."), "target", "failsafe-reports", "hatest",
                context.getRequiredTestClass().getSimpleName());
        try {
            Files.createDirectories(dir);
            List<Node> all = new ArrayList<>(cluster.nodes());
            if (cluster.client() != null) {
                all.add(cluster.client());
            }
            for (Node n : all) {
                try {
                    Files.writeString(dir.resolve(n.nodeName() + ".log"), n.getLogs(), StandardCharsets.UTF_8);
                } catch (RuntimeException e) {
                    Files.writeString(dir.resolve(n.nodeName() + ".log"), "logs unavailable: " + e, StandardCharsets.UTF_8);
                }
            }
            List<Event> events = cluster.history().events();
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("history.json").toFile(), events);
            StringBuilder f = new StringBuilder();
            figures.forEach((k, v) -> f.append(k).append('=').append(v).append('\n'));
            Files.writeString(dir.resolve("figures.properties"), f.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.txt"), TextReport.render(new RunReport(
                    context.getDisplayName(), false, verdicts, List.of(), events, null)), StandardCharsets.UTF_8);
            System.out.println("Saved the failed scenario's logs and History in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
