package dev.hatest.harness.scenario;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
import dev.hatest.harness.cluster.NodeConfig;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.Phase;
import dev.hatest.harness.history.Observation.Reload;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.history.Requests;
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
import java.util.LinkedHashMap;
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
    public static final String CONFIG_TESTED = "config test passed";
    public static final String SIGHUP_SENT = "SIGHUP sent";
    public static final String RESTART_SENT = "SIGTERM sent";
    public static final String RELOAD_REPORTED = "reload reported";
    public static final String DAEMON_UP = "daemon up again";
    public static final String SETTLED = "settled";

    /** How long a node's daemon may take to report its reload or restart. */
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);
    /** How long the cluster may take to settle after a node's change. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** Where the new config waits on a node while the daemon's config test reads it. */
    static final String STAGED = SeedTopology.CONFIG + ".rollout";

    private Rollout() {
    }

    public static RunReport run(Plan p, String title, Consumer<String> progress) throws InterruptedException {
        String vip = p.from().vip();
        String expectedBefore = Election.winner(p.from(), vip);
        List<Verdict> verdicts = new ArrayList<>();
        List<Failover> steps = new ArrayList<>();
        ChaosRun.Options o = new ChaosRun.Options(p.from(), expectedBefore, List.of(), OutageBound.dualMasters(conf(p.from(), 0), vip),
                ProbeJar.locate(), progress, null);
        try (ChaosRun.Session s = ChaosRun.Session.open(o)) {
            Plan moved = p.movedTo(s.topology().subnet());
            try {
                return rollOut(moved, title, progress, s, o.withTopology(s.topology()), verdicts, steps);
            } catch (RuntimeException e) {
                // a container or the engine gone makes the engine's calls fail: the run broke, hatest did not
                String why = s.cluster().lostReason();
                if (why == null) {
                    throw e;
                }
                s.history().lost(why);
                return report(moved, title, verdicts, steps, s.history());
            }
        }
    }

    private static RunReport rollOut(Plan p, String title, Consumer<String> progress, ChaosRun.Session s, ChaosRun.Options o,
                                     List<Verdict> verdicts, List<Failover> steps) throws InterruptedException {
        String vip = p.from().vip();
        verdicts.addAll(s.startVerdicts());
        History history = s.history();
        if (!s.converged()) {
            return report(p, title, verdicts, steps, history);
        }
        String master = s.master();
        String expectedAfter = expectedAfter(p, vip, master);
        List<String> order = p.order() != null ? p.order() : defaultOrder(p.from(), vip, master);
        progress.accept("rolling out to " + String.join(", ", order) + " by " + p.by().name().toLowerCase(Locale.ROOT));
        history.add("harness", new Phase("rollout: " + String.join(", ", order) + " by " + p.by().name().toLowerCase(Locale.ROOT)));
        history.add("harness", Mark.of(Mark.Name.ROLLOUT_START));
        long start = History.nowMicros();
        boolean complete = true;
        for (String node : order) {
            Step step = roll(p, s.cluster(), node, progress);
            verdicts.addAll(step.verdicts());
            if (step.failover() != null) {
                steps.add(step.failover());
            }
            if (!step.passed()) {
                complete = false;
                break;
            }
        }
        long end = History.nowMicros();
        history.add("harness", Mark.of(Mark.Name.ROLLOUT_END));
        history.add("harness", new Phase(complete ? "rolled out" : "rollout stopped"));
        String instance = OutageBound.instanceFor(conf(p.from(), master), vip);
        boolean moves = complete && !Objects.equals(expectedAfter, master);
        verdicts.add(outage(history.events(), vip, start, end, p, moves, conf(p.to(), 0)));
        verdicts.add(moves(history.events(), vip, start, end, moves ? 1 : 0));
        verdicts.add(SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), vip, instance, start, end),
                o.dualMasterBound().millis()));
        String finalMaster = complete ? expectedAfter : master;
        verdicts.add(WinnerChecker.verdict(history.events(), vip, finalMaster, History.nowMicros())
                .as("final master", complete ? "the one the new configs elect" : "the rollout stopped: the master of the old configs"));
        if (complete && !p.then().isEmpty()) {
            s.reconfigured(p.to());
            for (int i = 0; i < p.then().size(); i++) {
                progress.accept("judging a fault on the new configs");
                ChaosRun.StepResult r = s.step(p.then().get(i));
                String prefix = "after the rollout: " + (p.then().size() == 1 ? "" : "step " + (i + 1) + " ");
                r.verdicts().forEach(v -> verdicts.add(v.renamed(prefix + v.name(), v.detail())));
                steps.addAll(r.failovers());
                if (r.plan() == null || r.broken() != null) {
                    break;  // the cluster did not settle on one master, or broke: the later steps can't be judged
                }
            }
        }
        history.add("harness", Mark.of(Mark.Name.TEARDOWN));
        return report(p, title, verdicts, steps, history);
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
        List<String> out = new ArrayList<>();
        boolean rolling = false;
        for (Event e : events) {
            if (e.what() instanceof Mark m && (m.name() == Mark.Name.ROLLOUT_START || m.name() == Mark.Name.ROLLOUT_END)) {
                rolling = m.name() == Mark.Name.ROLLOUT_START;
            } else if (rolling && e.what() instanceof StateChange c) {
                out.add(e.source() + " " + c.from() + "->" + c.to());
            }
        }
        return out;
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

    private static RunReport report(Plan p, String title, List<Verdict> verdicts, List<Failover> steps, History history) {
        List<Event> events = new ArrayList<>();
        for (Event e : history.events()) {
            events.add(e);
            if (e.what() instanceof Mark m && m.name() == Mark.Name.TEARDOWN) {
                break;
            }
        }
        String broken = history.lost().orElse(null);
        List<Verdict> judged = broken == null ? verdicts : verdicts.stream().map(v -> v.passed() ? v : v.unjudged(broken)).toList();
        return new RunReport(title + ": roll out " + p.toWhere() + " by " + p.by().name().toLowerCase(Locale.ROOT) + " to " + p.what(),
                judged.stream().allMatch(Verdict::passed), judged, steps, events,
                p.bound() != null ? p.bound().formula() : "0 failed requests when the new configs elect the same master, else "
                        + "advert_int + " + (long) OutageBound.MARGIN_MS + " ms (one preemption)", broken);
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

    private record Step(List<Verdict> verdicts, Failover failover) {
        boolean passed() {
            return verdicts.stream().allMatch(Verdict::passed);
        }
    }

    /** One node: its files in, its config test, its reload or restart, and the cluster settled after it. */
    private static Step roll(Plan p, Cluster cluster, String name, Consumer<String> progress) throws InterruptedException {
        History history = cluster.history();
        Node node = cluster.node(name);
        NodeSpec spec = p.to().node(name);
        String vip = p.from().vip();
        List<Verdict> verdicts = new ArrayList<>();
        progress.accept(name + ": new config in, config test");
        long t0 = History.nowMicros();
        history.add("harness", new Phase("rollout " + name + ": config test"));
        spec.files().forEach((path, content) -> node.putFile(path.equals(SeedTopology.CONFIG) ? STAGED : path, content));
        ExecResult test = node.exec(configTest(spec.daemon()));
        long tested = History.nowMicros();
        String source = p.toWhere() + "/" + name + "/keepalived.conf";
        List<String> findings = test.getStdout().concat(test.getStderr()).lines()
                .map(l -> l.replace(STAGED, source)).filter(l -> !l.isBlank() && !l.endsWith(" is valid") && !l.endsWith("(note)")).toList();
        Verdict checked = configVerdict(name, spec, source, test.getExitCode(), findings);
        verdicts.add(checked);
        if (!checked.passed()) {
            node.exec("rm", "-f", STAGED);
            history.add("harness", new Phase("rollout " + name + ": config test failed, not applied"));
            verdicts.add(stillServing(cluster, name));
            return new Step(verdicts, null);
        }
        node.exec("mv", STAGED, SeedTopology.CONFIG);
        Nemesis change = p.by() == By.RELOAD ? new ReloadDaemon(name) : new RestartDaemon(name);
        progress.accept(name + ": " + change.describe());
        change.invoke(cluster);
        Event fault = history.lastFault().orElseThrow();
        long at = fault.timeMicros();
        boolean reported = history.await(events -> p.by() == By.RELOAD ? events.stream().anyMatch(e -> e.what() instanceof Reload
                && e.source().equals(name) && e.timeMicros() >= at) : up(events, name, at), REPORT_TIMEOUT);
        Event report = history.events().stream().filter(e -> e.source().equals(name) && e.timeMicros() >= at
                && (p.by() == By.RELOAD ? e.what() instanceof Reload : e.what() instanceof StateChange)).findFirst().orElse(null);
        verdicts.add(p.by() == By.RELOAD ? dev.hatest.harness.check.ReloadChecker.verdict(history.events(), name, at)
                : Verdict.of("restarted " + name, reported, reported ? "up" : "not up", "up within " + REPORT_TIMEOUT.toSeconds() + " s",
                "the daemon's first state after its start"));
        double settleMs = settleMillis(spec, vip);
        boolean settled = history.await(events -> quiet(events, at, settleMs) && ChaosRun.servedSteadilyByOne(vip).test(events),
                SETTLE_TIMEOUT);
        long done = History.nowMicros();
        verdicts.add(Verdict.of("settled after " + name, settled, settled ? String.format(Locale.ROOT, "%.0f ms", (done - at) / 1000.0)
                        : "not within " + SETTLE_TIMEOUT.toSeconds() + " s", "one node serving, no state moved for " + (long) settleMs + " ms",
                "Master_Down_Interval + 1000 ms of the new config"));
        // The node's breakdown, in ms from the start of its turn: what the operator's rollout would have waited for.
        Failover f = window(history.events(), "roll out to " + name + " by " + p.by().name().toLowerCase(Locale.ROOT), t0, done, vip);
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put(CONFIG_TESTED, (tested - t0) / 1000.0);
        breakdown.put(p.by() == By.RELOAD ? SIGHUP_SENT : RESTART_SENT, (at - t0) / 1000.0);
        breakdown.put(p.by() == By.RELOAD ? RELOAD_REPORTED : DAEMON_UP, report == null ? null : (report.timeMicros() - t0) / 1000.0);
        Event moved = history.events().stream().filter(e -> e.what() instanceof StateChange c && e.timeMicros() >= at && c.to() == VrrpState.MASTER)
                .findFirst().orElse(null);
        breakdown.put(Failover.NEW_MASTER, moved == null ? null : (moved.timeMicros() - t0) / 1000.0);
        breakdown.put(SETTLED, settled ? (done - t0) / 1000.0 : null);
        return new Step(verdicts, new Failover(f.fault(), t0, f.from(), f.to(), f.outageMs(), f.failedRequests(), breakdown));
    }

    /** Master_Down_Interval + 1 s of the node's new config (a config vrrpd can't read but keepalived took: 4.6 s). */
    private static double settleMillis(NodeSpec spec, String vip) {
        try {
            return OutageBound.masterDownMillis(conf(spec), vip) + 1000;
        } catch (RuntimeException e) {
            return 4600;
        }
    }

    /**
     * The config test's verdict on a node's new config. Both daemons' -t fail on warnings as well as errors, and
     * the seed's own configs have one (scripts run without enable_script_security), so the gate refuses what
     * the daemon itself would refuse: a config with errors (it would not start on it, and keepalived 2.2.7 exits
     * on such a reload); with {@code reload_check_config}, a config with any finding, as the daemon then
     * checks it itself. Warnings otherwise pass, listed in the detail. The finding shown is the daemon's own
     * line (vrrpd's {@code file:line:}, keepalived's {@code (file: Line N)}), the file being the user's.
     */
    static Verdict configVerdict(String name, NodeSpec spec, String source, int exit, List<String> findings) {
        String error = null;
        boolean strict = false;
        try {
            // parsed here under the user's own file name, so that its errors name the file they came from
            strict = ConfigParser.parse(source, spec.files().get(SeedTopology.CONFIG)).globalDefs().reloadCheckConfig() != null;
        } catch (ConfigException e) {
            // the first error, not the first finding: a warning may come before it (keepalived's order)
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+): ").matcher(e.errors().get(0));
            String line = m.find() ? m.group(1) : null;
            error = findings.stream().filter(f -> !f.endsWith("(warning)")
                            && (line == null || f.contains(":" + line + ": ") || f.contains("Line " + line + ")")))
                    .findFirst().orElse(e.errors().get(0));
        }
        boolean refused = error != null || (strict && exit != 0);
        String shown = error != null ? error : refused && !findings.isEmpty() ? findings.get(0) : refused ? "exit " + exit : "valid";
        String detail = spec.daemon() + " -t on the node" + (refused ? (error != null ? ": an error, the daemon would not take it"
                : ": reload_check_config refuses any finding") : findings.isEmpty() ? "" : "; warnings: " + String.join("; ",
                findings.subList(0, Math.min(findings.size(), 3))));
        return Verdict.of("config test on " + name, !refused, shown, "no errors", detail);
    }

    /** A node whose new config was refused goes on serving on its old one: its daemon is alive, and one node serves. */
    private static Verdict stillServing(Cluster cluster, String name) throws InterruptedException {
        String vip = cluster.topology().vip();
        boolean steady = cluster.history().await(ChaosRun.servedSteadilyByOne(vip), Duration.ofSeconds(10));
        boolean alive = cluster.node(name).exec(dev.hatest.harness.nemesis.NodeProcess.VRRPD.find()).getExitCode() == 0;
        return Verdict.of("old config still serving", steady && alive, (alive ? name + "'s daemon runs" : name + "'s daemon is gone")
                + (steady ? ", one node serves" : ", no steady service"), "daemon running, one node serving",
                "the refused config never reached the daemon");
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

    /** What the client saw of {@code vip} between {@code from} and {@code to}: who served first and last, the failures. */
    static Failover window(List<Event> events, String what, long from, long to, String vip) {
        String first = null;
        String last = null;
        int failed = 0;
        double outage = 0;
        Long lastOk = null;
        Long failingSince = null;
        for (Event e : events) {
            if (!Requests.isFor(e, vip)) {
                continue;
            }
            if (e.timeMicros() < from) {
                if (Requests.ok(e)) {
                    lastOk = e.timeMicros();
                    first = Requests.detail(e);
                }
                continue;
            }
            if (e.timeMicros() > to) {
                break;
            }
            if (Requests.ok(e)) {
                if (failingSince != null) {
                    outage += (e.timeMicros() - failingSince) / 1000.0;
                    failingSince = null;
                }
                lastOk = e.timeMicros();
                if (first == null) {
                    first = Requests.detail(e);
                }
                last = Requests.detail(e);
            } else {
                failed++;
                if (failingSince == null) {
                    failingSince = lastOk != null ? lastOk : e.timeMicros();
                }
            }
        }
        if (failingSince != null) {
            outage += (to - failingSince) / 1000.0;
        }
        return new Failover(what, from, first, last, outage, failed, Map.of());
    }

    /** How many times the node serving the VIP changed between {@code from} and {@code to}. */
    static int servingChanges(List<Event> events, long from, long to, String vip) {
        String serving = null;
        int changes = 0;
        for (Event e : events) {
            if (!Requests.isFor(e, vip) || !Requests.ok(e) || e.timeMicros() > to) {
                continue;
            }
            String by = Requests.detail(e);
            if (e.timeMicros() >= from && serving != null && !serving.equals(by)) {
                changes++;
            }
            serving = by;
        }
        return changes;
    }

    private static Verdict outage(List<Event> events, String vip, long from, long to, Plan p, boolean moves, NodeConfig newConf) {
        Failover w = window(events, "rollout", from, to, vip);
        if (p.bound() != null) {
            return Verdict.of("rollout outage", w.outageMs() <= p.bound().millis(), outage(w), Measure.atMostMs(p.bound().millis()),
                    p.bound().formula());
        }
        if (!moves) {
            // judged on failed requests; the figure stays the outage in ms, which the differential compares
            return Verdict.of("rollout outage", w.failedRequests() == 0, Measure.ms(w.outageMs(), w.failedRequests() + " failed requests"
                    + String.format(Locale.ROOT, " (%.0f ms)", w.outageMs())), Measure.text("0 failed requests"),
                    "the new configs elect the same master: nothing may fail");
        }
        double bound = OutageBound.advertMillis(newConf, vip) + OutageBound.MARGIN_MS;
        return Verdict.of("rollout outage", w.outageMs() <= bound, outage(w), Measure.atMostMs(bound),
                "the master changes: one preemption, advert_int + " + (long) OutageBound.MARGIN_MS + " ms");
    }

    /** The rollout's outage in ms, with its failed requests in the text. */
    private static Measure outage(Failover w) {
        return Measure.ms(w.outageMs(), String.format(Locale.ROOT, "%.0f ms, %d failed requests", w.outageMs(), w.failedRequests()));
    }

    private static Verdict moves(List<Event> events, String vip, long from, long to, int expected) {
        int n = servingChanges(events, from, to, vip);
        return Verdict.of("VIP moves", n == expected, Measure.count(n, "moves", n + (n == 1 ? " move" : " moves")),
                Measure.count(expected, "moves", "exactly " + expected),
                expected == 0 ? "the new configs elect the same master" : "the new configs elect another master: one move, no flap");
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
