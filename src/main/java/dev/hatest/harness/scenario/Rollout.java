package dev.hatest.harness.scenario;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.RolloutAnalysis;
import dev.hatest.harness.check.RunAnalysis;
import dev.hatest.harness.check.StepAnalysis;
import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
import dev.hatest.harness.cluster.NodeConfig;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation.ConfigChecked;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.Phase;
import dev.hatest.harness.history.Observation.Reload;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.ReloadDaemon;
import dev.hatest.harness.nemesis.RestartDaemon;
import dev.hatest.harness.report.RunReport;
import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import org.testcontainers.containers.Container.ExecResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A config change rolled out to a running cluster, node by node, as an operator rolls it out: the gate's
 * question before a production rollout. The cluster starts on the old configs and the client probes the VIP;
 * then, one node at a time (by default the backups first, the master last), the node's new files go in, the
 * daemon's own config test runs on the node, and the daemon is reloaded (SIGHUP) or restarted. The next node
 * waits until the cluster has settled: the daemon reported its reload, no state has moved for
 * Master_Down_Interval + 1 s, and one node serves.
 *
 * <p>Verdicts: each node's config test and reload; the outage over the whole rollout within its bound (by
 * default no failed request at all when the new configs elect the same master, else one preemption's worth);
 * the VIP moving exactly as often as the election changes (0 or 1 times); never two live masters beyond the
 * usual bound; the final master the one the new configs elect. Then a fault on the new configs (nginx killed on
 * the master, unless told otherwise) must pass as a chaos run would. A new config that fails its test on a
 * node stops the rollout there: its {@code file:line} is the verdict, and the node goes on serving on the
 * old config, which is judged too.
 */
public final class Rollout {

    /** How each node takes its new config. */
    public enum By {
        /** SIGHUP: the daemon re-reads its config, as {@code systemctl reload keepalived}. */
        RELOAD,
        /** Stop (SIGTERM) and start again, as {@code systemctl restart keepalived}. */
        RESTART;

        public static By parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--by: '" + s + "' is neither reload nor restart");
            }
        }
    }

    /**
     * @param from      the configs the cluster starts on
     * @param to        the same nodes with the new configs ({@link dev.hatest.harness.cluster.ConfigDirTopology#withConfigsOf})
     * @param toWhere   where the new configs came from, for messages: a node's {@code file:line} is told as
     *                  {@code toWhere/NODE/keepalived.conf:line}
     * @param order     the nodes in the order to roll out to, or null for the backups first (lowest priority first),
     *                  the master last
     * @param bound     the outage bound for the whole rollout, or null for the derived one
     * @param then      the faults to judge on the new configs once they are all in, one after another (none: empty)
     */
    public record Plan(Topology from, Topology to, String what, String toWhere, By by, List<String> order, OutageBound bound,
                       List<ChaosRun.Step> then) {

        public Plan {
            then = List.copyOf(then);
            if (order != null) {
                order.forEach(from::node);
                if (order.stream().distinct().count() != order.size()) {
                    throw new IllegalArgumentException("--order names a node twice: " + order);
                }
            }
        }

        /** This plan with both configs {@linkplain Topology#movedTo moved} onto {@code subnet} (where the cluster runs). */
        Plan movedTo(String subnet) {
            return subnet.equals(from.subnet()) ? this
                    : new Plan(from.movedTo(subnet), to.movedTo(subnet), what, toWhere, by, order, bound, then);
        }
    }

    /** The steps of a node's turn, in its breakdown. */
    public static final String CONFIG_TESTED = RolloutAnalysis.CONFIG_TESTED;
    public static final String SIGHUP_SENT = RolloutAnalysis.SIGHUP_SENT;
    public static final String RESTART_SENT = RolloutAnalysis.RESTART_SENT;
    public static final String RELOAD_REPORTED = RolloutAnalysis.RELOAD_REPORTED;
    public static final String DAEMON_UP = RolloutAnalysis.DAEMON_UP;
    public static final String SETTLED = RolloutAnalysis.SETTLED;

    /** How long a node's daemon may take to report its reload or restart. */
    static final Duration REPORT_TIMEOUT = Duration.ofMillis(RolloutAnalysis.REPORT_TIMEOUT_MS);
    /** How long the cluster may take to settle after a node's change. */
    static final Duration SETTLE_TIMEOUT = Duration.ofMillis(RolloutAnalysis.SETTLE_TIMEOUT_MS);
    /** Where the new config waits on a node while the daemon's config test reads it. */
    static final String STAGED = SeedTopology.CONFIG + ".rollout";

    private Rollout() {
    }

    public static RunReport run(Plan p, String title, Consumer<String> progress) throws InterruptedException {
        String vip = p.from().vip();
        String expectedBefore = Election.winner(p.from(), vip);
        ChaosRun.Options o = new ChaosRun.Options(p.from(), expectedBefore, List.of(), OutageBound.dualMasters(conf(p.from(), 0), vip),
                ProbeJar.locate(), progress, null);
        Recorded r = new Recorded();
        try (ChaosRun.Session s = ChaosRun.Session.open(o)) {
            r.startVerdicts.addAll(s.startVerdicts());
            Plan moved = p.movedTo(s.topology().subnet());
            r.vip = vip;
            r.expectedMaster = expectedBefore;
            try {
                rollOut(moved, progress, s, r, o.dualMasterBound().millis());
            } catch (RuntimeException e) {
                // a container or the engine gone makes the engine's calls fail: the run broke, hatest did not
                String why = s.cluster().lostReason();
                if (why == null) {
                    throw e;
                }
                s.history().lost(why);
            }
            s.history().add("harness", Mark.of(Mark.Name.TEARDOWN));
            return report(moved, title, r, s.history());
        }
    }

    /** What the executor recorded besides the History: the start's verdicts, and the specs to judge it by. */
    private static final class Recorded {
        final List<Verdict> startVerdicts = new ArrayList<>();
        RolloutAnalysis.Spec spec;
        final List<RunAnalysis.StepRecord> after = new ArrayList<>();
        String expectedMaster;
        String vip;
    }

    /**
     * Rolls the new configs out, node by node, recording each turn in the History (its TURN mark, the daemon's config
     * test, the reload or restart through the nemesis, the SETTLED mark); whether to go on after a node is the
     * analysis's answer on the History so far. Then the faults on the new configs, as chaos runs them.
     */
    private static void rollOut(Plan p, Consumer<String> progress, ChaosRun.Session s, Recorded r, double dualMs) throws InterruptedException {
        String vip = p.from().vip();
        History history = s.history();
        if (!s.converged()) {
            return;
        }
        String master = s.master();
        String expectedAfter = expectedAfter(p, vip, master);
        List<String> order = p.order() != null ? p.order() : defaultOrder(p.from(), vip, master);
        r.spec = spec(p, vip, master, expectedAfter, order, dualMs);
        progress.accept("rolling out to " + String.join(", ", order) + " by " + p.by().name().toLowerCase(Locale.ROOT));
        history.add("harness", new Phase("rollout: " + String.join(", ", order) + " by " + p.by().name().toLowerCase(Locale.ROOT)));
        history.add("harness", Mark.of(Mark.Name.ROLLOUT_START));
        boolean complete = true;
        for (RolloutAnalysis.Turn turn : r.spec.turns()) {
            if (!roll(p, r.spec, turn, s.cluster(), progress)) {
                complete = false;
                break;
            }
        }
        history.add("harness", Mark.of(Mark.Name.ROLLOUT_END));
        history.add("harness", new Phase(complete ? "rolled out" : "rollout stopped"));
        if (complete && !p.then().isEmpty()) {
            s.reconfigured(p.to());
            for (int i = 0; i < p.then().size(); i++) {
                progress.accept("judging a fault on the new configs");
                ChaosRun.StepResult step = s.step(p.then().get(i));
                r.after.add(step.record("after the rollout: " + (p.then().size() == 1 ? "" : "step " + (i + 1) + " ")));
                if (step.plan() == null || step.broken() != null) {
                    break;  // the cluster did not settle on one master, or broke: the later steps can't be judged
                }
            }
        }
    }

    /** A node's turn as its new config says it: what its config test is judged by, and how long it must settle. */
    static RolloutAnalysis.Turn turn(NodeSpec n, String source, boolean restart, String vip) {
        boolean strict = false;
        String error = null;
        Integer line = null;
        try {
            // parsed here under the user's own file name, so that its errors name the file they came from
            strict = ConfigParser.parse(source, n.files().get(SeedTopology.CONFIG)).globalDefs().reloadCheckConfig() != null;
        } catch (ConfigException e) {
            error = e.errors().get(0);
            line = e.firstError().map(f -> f.at().line()).orElse(null);
        }
        return new RolloutAnalysis.Turn(n.name(), n.daemon(), source, strict, error, line, restart, settleMillis(n, vip));
    }

    /** The config test's verdict on node {@code spec}'s new config, given what its daemon's -t said. */
    static Verdict configVerdict(String name, NodeSpec spec, String source, int exit, List<String> findings) {
        return RolloutAnalysis.configVerdict(turn(spec, source, false, "0.0.0.0"), ConfigChecked.of(exit, findings));
    }

    /** What the analysis judges the rollout by, all from the configs: the model of each node's new config. */
    private static RolloutAnalysis.Spec spec(Plan p, String vip, String master, String expectedAfter, List<String> order, double dualMs) {
        List<RolloutAnalysis.Turn> turns = new ArrayList<>();
        for (String name : order) {
            turns.add(turn(p.to().node(name), p.toWhere() + "/" + name + "/keepalived.conf", p.by() == By.RESTART, vip));
        }
        String instance = OutageBound.instanceFor(conf(p.from(), master), vip);
        double newAdvert;
        try {
            newAdvert = OutageBound.advertMillis(conf(p.to(), 0), vip);
        } catch (IllegalArgumentException e) {
            newAdvert = OutageBound.advertMillis(conf(p.from(), 0), vip);  // a new config that doesn't parse stops the rollout first
        }
        return new RolloutAnalysis.Spec(vip, master, expectedAfter, instance, turns, p.bound() == null ? null : p.bound().millis(),
                p.bound() == null ? null : p.bound().formula(), newAdvert, OutageBound.MARGIN_MS, dualMs);
    }

    /**
     * The same rollout on vrrpd and on keepalived, compared: the same transitions during the rollout (node and
     * state, in order), the same number of VIP moves, and outages within advert_int of each other.
     */
    public static RunReport differential(RunReport vrrpd, RunReport keepalived, double advertMs) {
        String title = "hatest rollout --differential: vrrpd against keepalived";
        String broken = vrrpd.broken() != null ? "the vrrpd run: " + vrrpd.broken()
                : keepalived.broken() != null ? "the keepalived run: " + keepalived.broken() : null;
        if (broken != null) {
            return new RunReport(title, false, List.of(Verdict.unknown("differential", broken)), List.of(), List.of(), null, broken);
        }
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, List<String>> a = byNode(transitions(vrrpd.events()));
        Map<String, List<String>> b = byNode(transitions(keepalived.events()));
        verdicts.add(Verdict.of("same transitions", a.equals(b), "vrrpd " + a + ", keepalived " + b, "equal",
                "every state change during the rollout, each node's in order (two nodes' changes within a millisecond of "
                        + "each other may be logged either way round)"));
        Measure movesA = measured(vrrpd, "vip-moves");
        Measure movesB = measured(keepalived, "vip-moves");
        verdicts.add(Verdict.of("same VIP moves", movesA.numeric() && Objects.equals(movesA.value(), movesB.value()),
                "vrrpd " + movesA + ", keepalived " + movesB, "equal", "how often the serving node changed"));
        Measure outA = measured(vrrpd, "rollout-outage");
        Measure outB = measured(keepalived, "rollout-outage");
        if (outA.numeric() && outB.numeric()) {
            double diff = Math.abs(outA.value() - outB.value());
            verdicts.add(Verdict.of("outage difference", diff <= advertMs,
                    Measure.ms(diff, String.format(Locale.ROOT, "%.0f ms (vrrpd %.0f ms, keepalived %.0f ms)", diff, outA.value(), outB.value())),
                    Measure.atMostMs(advertMs), "advert_int: one advert's worth of timing"));
        } else {
            verdicts.add(Verdict.unknown("outage difference", "a run has no rollout outage measured (vrrpd " + outA + ", keepalived " + outB + ")"));
        }
        return new RunReport(title, verdicts.stream().allMatch(Verdict::passed), verdicts,
                List.of(), List.of(), "advert_int");
    }

    /** The state changes from the rollout's start to its end, as "NODE FROM->TO". */
    public static List<String> transitions(List<Event> events) {
        return RolloutAnalysis.transitions(events);
    }

    private static Map<String, List<String>> byNode(List<String> transitions) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String t : transitions) {
            String[] w = t.split(" ", 2);
            out.computeIfAbsent(w[0], k -> new ArrayList<>()).add(w[1]);
        }
        return out;
    }

    /** What the run's verdict {@code id} measured, or "none" when it has no such verdict. */
    private static Measure measured(RunReport r, String id) {
        return r.verdicts().stream().filter(v -> v.id().equals(id)).map(Verdict::measured).findFirst().orElse(Measure.text("none"));
    }

    /**
     * The rollout's report: its History judged by the analysis ({@link RunAnalysis} with the rollout's {@link RolloutAnalysis}
     * spec), which a saved report carries, so {@code hatest report} judges a rollout again as it does a chaos run. A run that
     * broke keeps the verdicts it could prove; the others are unknown.
     */
    private static RunReport report(Plan p, String title, Recorded r, History history) {
        List<Event> events = new ArrayList<>();
        for (Event e : history.events()) {
            events.add(e);
            if (e.what() instanceof Mark m && m.name() == Mark.Name.TEARDOWN) {
                break;
            }
        }
        String broken = history.lost().orElse(null);
        RunAnalysis.Spec analysis = new RunAnalysis.Spec(r.vip, r.expectedMaster, r.after, r.spec).withLoad(ChaosRun.loadSpec(p.from()));
        List<Verdict> verdicts;
        List<Failover> failovers;
        if (r.spec == null) {
            // it never converged: the start's verdicts say why
            verdicts = r.startVerdicts;
            failovers = List.of();
            analysis = null;
        } else {
            StepAnalysis.Judged j;
            try {
                j = RunAnalysis.judge(analysis, events);
            } catch (IllegalArgumentException e) {
                if (broken == null) {
                    throw e;
                }
                j = new StepAnalysis.Judged(r.startVerdicts, List.of());  // it broke before its marks were written
            }
            verdicts = j.verdicts();
            failovers = j.failovers();
        }
        if (broken != null) {
            verdicts = verdicts.stream().map(v -> v.passed() ? v : v.unjudged(broken)).toList();
            if (verdicts.stream().allMatch(Verdict::passed)) {
                verdicts = new ArrayList<>(verdicts);
                verdicts.add(Verdict.unknown("rollout", broken));
            }
            analysis = null;
        }
        return new RunReport(title + ": roll out " + p.toWhere() + " by " + p.by().name().toLowerCase(Locale.ROOT) + " to " + p.what(),
                verdicts.stream().allMatch(Verdict::passed), verdicts, failovers, events,
                p.bound() != null ? p.bound().formula() : "0 failed requests when the new configs elect the same master, else "
                        + "advert_int + " + (long) OutageBound.MARGIN_MS + " ms (one preemption)", broken, analysis);
    }

    /** Who must hold the VIP once every node runs its new config. */
    private static String expectedAfter(Plan p, String vip, String master) {
        try {
            String w = Election.winner(p.to(), vip);
            return w != null ? w : master;  // nopreempt: the master stays where it is
        } catch (IllegalArgumentException e) {
            return master;  // a new config that doesn't parse: its node's config test stops the rollout first
        }
    }

    /** The backups first, lowest base priority first (the least likely to matter), the master last. */
    static List<String> defaultOrder(Topology t, String vip, String master) {
        List<NodeSpec> backups = new ArrayList<>(t.nodes().stream().filter(n -> !n.name().equals(master)).toList());
        backups.sort(Comparator.comparingInt(n -> priority(n, vip)));
        List<String> out = new ArrayList<>(backups.stream().map(NodeSpec::name).toList());
        out.add(master);
        return out;
    }

    private static int priority(NodeSpec n, String vip) {
        try {
            return OutageBound.priority(n.config(), vip);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * One node's turn: its files in, its daemon's config test recorded, then (the config passing as the analysis
     * judges it) its reload or restart and the wait for the cluster to settle, each end marked. Returns whether the
     * rollout goes on: the analysis's answer for this turn on the History so far.
     */
    private static boolean roll(Plan p, RolloutAnalysis.Spec rs, RolloutAnalysis.Turn turn, Cluster cluster, Consumer<String> progress)
            throws InterruptedException {
        History history = cluster.history();
        String name = turn.node();
        Node node = cluster.node(name);
        NodeSpec spec = p.to().node(name);
        String vip = p.from().vip();
        progress.accept(name + ": new config in, config test");
        long t0 = History.nowMicros();
        history.add(new Event(t0, "harness", new Mark(Mark.Name.TURN, name)));
        history.add("harness", new Phase("rollout " + name + ": config test"));
        spec.files().forEach((path, content) -> node.putFile(path.equals(SeedTopology.CONFIG) ? STAGED : path, content));
        ExecResult test = node.exec(configTest(spec.daemon()));
        List<String> findings = test.getStdout().concat(test.getStderr()).lines()
                .map(l -> l.replace(STAGED, turn.source())).filter(l -> !l.isBlank() && !l.endsWith(" is valid") && !l.endsWith("(note)")).toList();
        ConfigChecked checked = ConfigChecked.of(test.getExitCode(), findings);
        history.add(name, checked);
        if (!RolloutAnalysis.configVerdict(turn, checked).passed()) {
            node.exec("rm", "-f", STAGED);
            history.add("harness", new Phase("rollout " + name + ": config test failed, not applied"));
            boolean steady = history.await(ChaosRun.servedSteadilyByOne(cluster.topology().vip()), Duration.ofSeconds(10));
            history.add("harness", new Mark(steady ? Mark.Name.SERVING : Mark.Name.NOT_SERVING, name));
            boolean alive = node.exec(dev.hatest.harness.nemesis.NodeProcess.VRRPD.find()).getExitCode() == 0;
            history.add("harness", new Mark(alive ? Mark.Name.DAEMON_RUNNING : Mark.Name.DAEMON_GONE, name));
            return false;
        }
        node.exec("mv", STAGED, SeedTopology.CONFIG);
        Nemesis change = p.by() == By.RELOAD ? new ReloadDaemon(name) : new RestartDaemon(name);
        progress.accept(name + ": " + change.describe());
        change.invoke(cluster);
        long at = history.lastFault().orElseThrow().timeMicros();
        history.await(events -> p.by() == By.RELOAD ? events.stream().anyMatch(e -> e.what() instanceof Reload
                && e.source().equals(name) && e.timeMicros() >= at) : up(events, name, at), REPORT_TIMEOUT);
        boolean settled = history.await(events -> quiet(events, at, turn.settleMs()) && ChaosRun.servedSteadilyByOne(vip).test(events),
                SETTLE_TIMEOUT);
        history.add("harness", new Mark(settled ? Mark.Name.SETTLED : Mark.Name.NOT_SETTLED, name));
        return RolloutAnalysis.turn(rs, turn, history.events(), t0).passed();
    }

    /** Master_Down_Interval + 1 s of the node's new config (a config vrrpd can't read but keepalived took: 4.6 s). */
    private static double settleMillis(NodeSpec spec, String vip) {
        try {
            return OutageBound.masterDownMillis(conf(spec), vip) + 1000;
        } catch (RuntimeException e) {
            return 4600;
        }
    }

    /** The command that checks the staged config on a node, with its daemon's own -t. */
    static String[] configTest(String daemon) {
        return daemon.equals("keepalived")
                ? new String[]{"keepalived", "-t", "-l", "-f", STAGED}
                : new String[]{"java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-jar", "/opt/vrrpd/vrrpd.jar", "-t", "-f", STAGED};
    }

    /** The daemon on {@code node} reported a state since {@code from}: it is up again after a restart. */
    private static boolean up(List<Event> events, String node, long from) {
        return events.stream().anyMatch(e -> e.what() instanceof StateChange c && e.source().equals(node) && e.timeMicros() > from
                && (c.to() == VrrpState.BACKUP || c.to() == VrrpState.MASTER));
    }

    /** No state moved on any node for {@code ms}, counted from the change at {@code from} at the earliest. */
    private static boolean quiet(List<Event> events, long from, double ms) {
        long last = from;
        for (Event e : events) {
            if ((e.what() instanceof StateChange || e.what() instanceof NodeCondition) && e.timeMicros() > last) {
                last = e.timeMicros();
            }
        }
        return (History.nowMicros() - last) / 1000.0 >= ms;
    }

    private static NodeConfig conf(Topology t, int node) {
        return t.nodes().get(node).config();
    }

    private static NodeConfig conf(Topology t, String node) {
        return t.node(node).config();
    }

    private static NodeConfig conf(NodeSpec n) {
        return n.config();
    }
}
