package dev.hatest.harness.scenario;

import dev.hatest.harness.check.LoadAnalysis;
import dev.hatest.harness.check.RunAnalysis;
import dev.hatest.harness.check.StepAnalysis;
import dev.hatest.harness.check.VipInstance;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Phase;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.history.Requests;
import dev.hatest.harness.nemesis.Nemesis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One chaos run, as {@code hatest chaos}, {@code hatest run} and the integration tests do it: bring the
 * cluster up, wait until it has converged on the expected master, then for each step inject its fault (into
 * the master of the moment, by default), wait for the outcome, heal if asked, and check. Every wait is on a
 * condition over the History, with a stated timeout.
 */
public final class ChaosRun {

    /** Start-up: the first daemon's first state (its containers are up and it runs). */
    public static final String DAEMONS_UP = "daemons up";
    /** Start-up: the first transition to MASTER (after Master_Down_Interval, unless the config says otherwise). */
    public static final String FIRST_MASTER = "first master";
    /** Start-up: the client's first served request. */
    public static final String FIRST_SERVED = "first served";

    /** Converged: one VIP holder, and the client's last {@value} requests all served by it. */
    public static final int STEADY_REQUESTS = StepAnalysis.STEADY_REQUESTS;

    /**
     * One fault of the run, injected once the previous step's outcome has been judged.
     *
     * @param after     how long to wait before injecting it (null: at once)
     * @param targetFor the node to break, given the master at that moment
     * @param planFor   the fault plan, given the master at that moment
     * @param to        the node that must take over, or null for whoever the election gives
     */
    public record Step(Duration after, Function<String, String> targetFor, Function<String, FaultPlan> planFor, String to) {
    }

    /**
     * @param expectedMaster the node that must win the election, or null when the configs don't decide it
     *                       (then whoever holds the VIP once the cluster converges is the master)
     * @param steps          the faults, in order; each step's master is whoever serves when it starts
     * @param attach         null to start a fresh cluster; else the kept cluster to break (its run id, or "" for
     *                       the only one), which is left running afterwards
     */
    public record Options(Topology topology, String expectedMaster, List<Step> steps, OutageBound dualMasterBound, Path probeJar,
                          Consumer<String> progress, String attach) {

        /** These options on {@code t}: the topology as the cluster runs it (moved onto a free subnet when its own was taken). */
        public Options withTopology(Topology t) {
            return t == topology ? this : new Options(t, expectedMaster, steps, dualMasterBound, probeJar, progress, attach);
        }

        /** A run of one fault. */
        public Options(Topology topology, String expectedMaster, Function<String, String> targetFor, Function<String, FaultPlan> planFor,
                       OutageBound dualMasterBound, Path probeJar, Consumer<String> progress, String attach) {
            this(topology, expectedMaster, List.of(new Step(null, targetFor, planFor, null)), dualMasterBound, probeJar, progress, attach);
        }
    }

    /**
     * @param plans     the fault plans of the steps that ran (none when the cluster never converged)
     * @param startup   a fresh cluster's start, in ms from starting it (its images built): {@link #DAEMONS_UP},
     *                  {@link #FIRST_MASTER} and {@link #FIRST_SERVED}, each NaN when not seen; all NaN for a kept cluster
     * @param broken    what broke the run (see {@link History#lost(String)}), or null when it could be judged to its end
     * @param analysis  what its verdicts were judged from, with the History: {@link RunAnalysis#judge} gives them again;
     *                  null for a broken run
     */
    public record Result(boolean passed, List<Verdict> verdicts, List<Failover> failovers, History history, List<FaultPlan> plans,
                         Map<String, Double> startup, String broken, RunAnalysis.Spec analysis) {

        /** From starting the cluster to the client's first served request, in ms; NaN when not seen. */
        public double startupMs() {
            return startup.getOrDefault(FIRST_SERVED, Double.NaN);
        }

        /** The bounds' formulas, each once, or null when no step ran. */
        public String boundFormula() {
            List<String> f = plans.stream().map(p -> p.bound().formula()).distinct().toList();
            return f.isEmpty() ? null : String.join("; ", f);
        }

        /** What the steps did, joined by "then". */
        public String description() {
            return String.join(", then ", plans.stream().map(FaultPlan::description).toList());
        }

        /** The run's events up to the teardown: what happened while the cluster was under test. */
        public List<Event> events() {
            List<Event> out = new ArrayList<>();
            for (Event e : history.events()) {
                out.add(e);
                if (e.what() instanceof Mark m && m.name() == Mark.Name.TEARDOWN) {
                    break;
                }
            }
            return out;
        }
    }

    private ChaosRun() {
    }

    public static Result run(Options o) throws InterruptedException {
        List<Verdict> verdicts = new ArrayList<>();
        List<Failover> failovers = new ArrayList<>();
        List<FaultPlan> plans = new ArrayList<>();
        long started = System.nanoTime();
        try (Session s = Session.open(o)) {
            verdicts.addAll(s.startVerdicts());
            if (!s.converged()) {
                return new Result(false, verdicts, failovers, s.history(), plans, s.startup(), s.broken().orElse(null),
                        s.broken().isPresent() ? null : new RunAnalysis.Spec(s.o.topology().vip(), o.expectedMaster(), List.of()));
            }
            List<RunAnalysis.StepRecord> records = new ArrayList<>();
            for (int i = 0; i < o.steps().size(); i++) {
                String name = o.steps().size() == 1 ? "" : "step " + (i + 1) + " ";
                StepResult r = s.step(o.steps().get(i));
                records.add(r.record(name));
                if (r.plan() == null || r.broken() != null) {
                    if (r.plan() != null) {
                        plans.add(r.plan());
                        failovers.addAll(r.failovers());
                    }
                    r.verdicts().forEach(v -> verdicts.add(v.renamed(name + v.name(), v.detail())));
                    break;
                }
                plans.add(r.plan());
                failovers.addAll(r.failovers());
                r.verdicts().forEach(v -> verdicts.add(name.isEmpty() ? v : v.renamed(name + v.name(), v.detail())));
            }
            o.progress().accept(String.format("done in %.1f s; removing the cluster", (System.nanoTime() - started) / 1e9));
            s.history().add("harness", Mark.of(Mark.Name.TEARDOWN));
            RunAnalysis.Spec analysis = new RunAnalysis.Spec(s.o.topology().vip(), o.expectedMaster(), records).withLoad(loadSpec(s.o.topology()));
            return new Result(verdicts.stream().allMatch(Verdict::passed), verdicts, failovers, s.history(), plans, s.startup(),
                    s.broken().orElse(null), s.broken().isPresent() ? null : analysis);
        }
    }

    /** How long a step with a load goes on after its outcome: the load's view of the recovery. */
    static final Duration LOAD_TAIL = Duration.ofSeconds(2);

    /** The load's spec for the analysis, or null when the topology's client sends none. */
    public static LoadAnalysis.Spec loadSpec(Topology t) {
        dev.hatest.harness.cluster.Load l = t.load();
        return l == null ? null : new LoadAnalysis.Spec(t.vip(), l.rate(), l.timeoutMs(), l.maxFailed(), l.maxCut());
    }

    /**
     * What one step did: its plan (null when the cluster did not settle on one master before it, and then its
     * only verdict, "converged", says so), its verdicts and failovers, and the master it started from.
     * {@code broken} says what broke the run during the step (its verdicts are then unknown), or is null.
     * {@code spec} and {@code from} are what its judge was given (see {@link RunAnalysis.StepRecord}): a step that
     * never ran has no spec; one that broke has neither (its verdicts can't be judged again).
     */
    public record StepResult(FaultPlan plan, List<Verdict> verdicts, List<Failover> failovers, String master, String broken,
                             StepAnalysis.Spec spec, long from) {

        public StepResult(FaultPlan plan, List<Verdict> verdicts, List<Failover> failovers, String master, String broken) {
            this(plan, verdicts, failovers, master, broken, null, 0);
        }

        /** The step as {@link RunAnalysis} judges it again, its verdicts named with {@code prefix}. */
        public RunAnalysis.StepRecord record(String prefix) {
            return new RunAnalysis.StepRecord(prefix, spec, from);
        }

        public boolean passed() {
            return verdicts.stream().allMatch(Verdict::passed);
        }
    }

    /**
     * A cluster under test, one step at a time: {@link #open} starts it (or attaches) and waits for it to
     * converge, {@link #step} injects a fault and judges what follows, {@link #close} removes it. {@link #run}
     * is a session of all its steps; the library drives one step by step.
     */
    public static final class Session implements AutoCloseable {
        private Options o;
        private final Cluster cluster;
        private final List<Verdict> startVerdicts = new ArrayList<>();
        private final Map<String, Double> startup = new LinkedHashMap<>();
        private boolean converged;
        private String master;
        private int stepsRun;

        private Session(Options o, Cluster cluster) {
            this.o = o;
            this.cluster = cluster;
        }

        /** Starts {@code o}'s cluster (or attaches to the kept one) and waits up to 60 s for it to converge. */
        public static Session open(Options o) throws InterruptedException {
            History history = new History();
            long opening = History.nowMicros();
            Cluster cluster = ChaosRun.open(o, history);
            // from here on, the topology as it runs: its addresses moved when its subnet was taken
            o = o.withTopology(cluster.topology());
            String vip = o.topology().vip();
            Session s = new Session(o, cluster);
            try {
                o.progress().accept("waiting for the cluster to converge" + (o.expectedMaster() == null ? "" : " on " + o.expectedMaster()));
                // Every daemon up first: under load one node's daemon can start seconds after another's, which then
                // wins and serves steadily until the late one preempts it; converging on that would judge a handover.
                java.util.function.Predicate<List<Event>> up = o.attach() == null ? daemonsUp(o.topology()) : e -> true;
                s.converged = history.await(up.and(o.expectedMaster() == null ? servedSteadilyByOne(vip) : servedSteadilyBy(vip, o.expectedMaster())),
                        Duration.ofSeconds(60));
                String first = o.expectedMaster() != null ? o.expectedMaster() : single(VipHolders.live(history.events(), vip, History.nowMicros()));
                if (s.converged && first != null) {
                    // a dual-stack pair's other VIP must be on the same master before any fault: its sync group says so
                    for (String other : o.topology().companions()) {
                        s.converged &= history.await(servedSteadilyBy(other, first), Duration.ofSeconds(30));
                    }
                }
                long now = mark(history, s.converged ? Mark.Name.CONVERGED : Mark.Name.NOT_CONVERGED, "");
                s.master = o.expectedMaster() != null ? o.expectedMaster() : single(VipHolders.live(history.events(), vip, now));
                if (o.expectedMaster() != null || !s.converged) {
                    s.startVerdicts.add(StepAnalysis.converged(history.events(), vip, o.expectedMaster(), now));
                }
                s.startup.put(DAEMONS_UP, since(history, opening, o.attach(), e -> e.what() instanceof StateChange));
                s.startup.put(FIRST_MASTER, since(history, opening, o.attach(), e -> e.what() instanceof StateChange c && c.to() == VrrpState.MASTER));
                s.startup.put(FIRST_SERVED, since(history, opening, o.attach(), Requests::ok));
                if (s.converged) {
                    history.add("harness", new Phase("converged on " + s.master));
                    if (o.topology().load() != null && o.attach() == null) {
                        // the load starts now, on the converged master, and runs a second before any fault
                        long go = History.nowMicros();
                        cluster.startLoad();
                        boolean flowing = history.await(events -> events.stream().anyMatch(e -> e.timeMicros() > go + 1_000_000
                                && e.what() instanceof dev.hatest.harness.history.Observation.LoadRequest), Duration.ofSeconds(15));
                        history.add("harness", new Phase(flowing ? "the users' load is running" : "the users' load did not start within 15 s"));
                    }
                } else {
                    String silent = cluster.silentNodeReason();
                    if (silent != null && history.lost().isEmpty()) {
                        history.lost(silent);
                    }
                    String why = s.lostNow();
                    if (why != null) {
                        // it did not converge because it broke: that says nothing of the pair
                        s.startVerdicts.replaceAll(v -> v.unjudged(why));
                        if (s.startVerdicts.isEmpty()) {
                            s.startVerdicts.add(Verdict.unknown("converged", why));
                        }
                    }
                }
                return s;
            } catch (InterruptedException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        /**
         * From now on the nodes run {@code t}'s configs (a rollout put them there): later steps take their bounds
         * and instances from it, and start from whoever serves steadily by then. The cluster itself is not touched.
         */
        public void reconfigured(Topology t) {
            o = new Options(t, null, o.steps(), OutageBound.dualMasters(t.nodes().get(0).config(), t.vip()), o.probeJar(),
                    o.progress(), o.attach());
            stepsRun = Math.max(stepsRun, 1);  // the next step starts from whoever serves by then
        }

        /** The topology as the cluster runs it: its addresses moved onto a free subnet when its own was taken. */
        public Topology topology() {
            return o.topology();
        }

        /** What broke the run, if anything has; see {@link History#lost(String)}. */
        public java.util.Optional<String> broken() {
            return cluster.history().lost();
        }

        /**
         * What broke the run, asking the engine now as well (a wait may have ended before the watch on the
         * containers said so), recorded in the History; null when nothing did.
         */
        private String lostNow() {
            History history = cluster.history();
            if (history.lost().isEmpty()) {
                String why = cluster.lostReason();
                if (why != null) {
                    history.lost(why);
                }
            }
            return history.lost().orElse(null);
        }

        /** Whether the cluster converged on one master (the expected one, when there is one) within 60 s of the start. */
        public boolean converged() {
            return converged;
        }

        /** The master the next step starts from, as last seen; null when there was none. */
        public String master() {
            return master;
        }

        public Cluster cluster() {
            return cluster;
        }

        public History history() {
            return cluster.history();
        }

        /** The start's verdicts: the election's winner, when expected or when the cluster did not converge. */
        public List<Verdict> startVerdicts() {
            return List.copyOf(startVerdicts);
        }

        /** The start-up times; see {@link Result#startup()}. */
        public Map<String, Double> startup() {
            return Map.copyOf(startup);
        }

        /**
         * Injects {@code step}'s fault and judges what follows. After the first step, it first waits (up to 30 s)
         * for one node to serve the VIP steadily: whoever serves is this step's master.
         */
        public StepResult step(Step step) throws InterruptedException {
            if (!converged) {
                throw new IllegalStateException("the cluster never converged: " + startVerdicts);
            }
            String before = lostNow();
            if (before != null) {
                return new StepResult(null, List.of(Verdict.unknown("step", before)), List.of(), master, before);
            }
            StepResult r;
            try {
                r = judgedStep(step);
            } catch (RuntimeException e) {
                // a container or the engine gone mid-step makes the engine's calls fail: the run broke, hatest did not
                String why = lostNow();
                if (why == null) {
                    throw e;
                }
                return new StepResult(null, List.of(Verdict.unknown("step", why)), List.of(), master, why);
            }
            String why = lostNow();
            if (why == null) {
                return r;
            }
            return new StepResult(r.plan(), r.verdicts().stream().map(v -> v.passed() ? v : v.unjudged(why)).toList(), r.failovers(), r.master(),
                    why);
        }

        private StepResult judgedStep(Step step) throws InterruptedException {
            History history = cluster.history();
            String vip = o.topology().vip();
            if (stepsRun++ > 0) {
                // The previous step's outcome has been judged; whoever serves now is this step's master.
                boolean steady = history.await(servedSteadilyByOne(vip), Duration.ofSeconds(30));
                master = single(VipHolders.live(history.events(), vip, History.nowMicros()));
                if (!steady || master == null) {
                    long at = History.nowMicros();
                    return new StepResult(null, List.of(StepAnalysis.readyForNextStep(history.events(), vip, at)), List.of(), master, null, null, at);
                }
            }
            if (step.after() != null) {
                // The scenario says wait this long first; nothing to wait for but the clock.
                history.await(events -> false, step.after());
            }
            return ChaosRun.step(o, cluster, step, master);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** Ms from {@code opening} to the first event matching {@code p}; NaN for a kept cluster or when there is none. */
    private static double since(History history, long opening, String attach, java.util.function.Predicate<Event> p) {
        return attach != null ? Double.NaN : history.events().stream().filter(e -> e.timeMicros() >= opening && p.test(e)).findFirst()
                .map(e -> (e.timeMicros() - opening) / 1000.0).orElse(Double.NaN);
    }

    /**
     * Injects one step's fault into the cluster converged on {@code master}, carries the step out (waits, the heal,
     * and {@link Kinds#MARK marks} for its judge in the History), then judges it: {@link StepAnalysis} reads the
     * History back, so what was recorded is what is judged.
     */
    private static StepResult step(Options o, Cluster cluster, Step step, String master) throws InterruptedException {
        History history = cluster.history();
        FaultPlan plan = step.planFor().apply(master);
        String target = step.targetFor().apply(master);
        Nemesis fault = plan.fault().apply(target);
        StepAnalysis.Spec spec = spec(o, cluster, plan, fault, master, step.to());
        o.progress().accept("injecting: " + fault.describe() + " (expected: " + plan.outcome().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + (step.to() == null ? "" : " by " + step.to()) + ")");
        long stepAt = mark(history, Mark.Name.STEP, "");
        fault.invoke(cluster);
        switch (plan.outcome()) {
            case TAKEOVER -> takeover(o, plan, cluster, fault, spec);
            case SPLIT_BRAIN -> splitBrain(o, plan, cluster, fault, spec);
            case NO_TAKEOVER, FLAPPING -> hold(o, plan, cluster, fault, spec);
            default -> throw new IllegalStateException(plan.outcome().name());
        }
        if (o.topology().load() != null) {
            // the load's window goes on past the outcome, so its figures and plot show the users served again
            history.await(events -> false, LOAD_TAIL);
        }
        long stepEnd = mark(history, Mark.Name.STEP_END, "");
        if (o.topology().load() != null) {
            // the load's requests are judged once its log has passed the step's end: its lines leave in the order of their
            // ends, so once one that ended after it is here, every one that ended before it is too, and this judge and a
            // later one (hatest report) read the same window. A request due after the end ends within one timeout.
            boolean caughtUp = history.await(events -> events.stream().anyMatch(e -> e.timeMicros() > stepEnd
                    && e.what() instanceof dev.hatest.harness.history.Observation.LoadRequest), Duration.ofMillis(o.topology().load().timeoutMs() + 2000L));
            if (!caughtUp) {
                history.add("harness", new dev.hatest.harness.history.Observation.Phase("the load's log did not reach the step's end: "
                        + "its last requests may be missing from the step's figures"));
            }
        }
        StepAnalysis.Judged judged;
        List<Verdict> verdicts = new ArrayList<>();
        try {
            judged = StepAnalysis.judge(spec, history.events(), stepAt);
            verdicts.addAll(judged.verdicts());
            LoadAnalysis.Spec load = loadSpec(o.topology());
            if (load != null) {
                verdicts.addAll(LoadAnalysis.judge(load, history.events(), List.of(new RunAnalysis.StepRecord("", spec, stepAt))));
            }
        } catch (IllegalArgumentException e) {
            // the executor writes every mark its judge needs: one missing is hatest's bug, not a usage error
            throw new IllegalStateException("the step's record is incomplete: " + e.getMessage(), e);
        }
        return new StepResult(plan, verdicts, judged.failovers(), master, null, spec, stepAt);
    }

    /**
     * What the step's judge needs besides the History, all from the configs (and the nodes' MACs): the VIPs it
     * judges with the instances that carry them on the master, the bounds and timers, and what the fault is.
     */
    private static StepAnalysis.Spec spec(Options o, Cluster cluster, FaultPlan plan, Nemesis fault, String master, String to) {
        String vip = o.topology().vip();
        dev.hatest.harness.cluster.NodeConfig conf = o.topology().node(master).config();
        List<StepAnalysis.JudgedVip> vips = new ArrayList<>();
        vips.add(new StepAnalysis.JudgedVip(vip, carrier(o, master, vip)));
        for (String other : o.topology().companions()) {
            VipInstance c = carrier(o, master, other);
            // a companion the master's config doesn't hold has nothing to be judged by, but a takeover's client still sees it move
            if (c != null || plan.outcome() == FaultPlan.Outcome.TAKEOVER) {
                vips.add(new StepAnalysis.JudgedVip(other, c));
            }
        }
        Map<String, String> macs = new LinkedHashMap<>();
        cluster.nodes().forEach(n -> macs.put(n.nodeName(), n.macAddress()));
        return new StepAnalysis.Spec(StepAnalysis.Outcome.valueOf(plan.outcome().name()), master, to, vips, plan.bound().millis(),
                plan.bound().formula(), plan.heal() == null ? 0 : plan.heal().toMillis(), plan.lossPercent(), o.dualMasterBound().millis(),
                OutageBound.advertMillis(conf, vip), OutageBound.masterDownMillis(conf, vip), Election.preempts(o.topology(), vip),
                o.expectedMaster() != null, macs, fault instanceof dev.hatest.harness.nemesis.ReloadDaemon r ? r.node() : null,
                fault instanceof dev.hatest.harness.nemesis.CpuHog);
    }

    /** Writes mark {@code name} about {@code about} ("" for none) for the step's judge (see {@link StepAnalysis}); returns its time. */
    private static long mark(History history, Mark.Name name, String about) {
        long at = History.nowMicros();
        history.add(new Event(at, "harness", new Mark(name, about)));
        return at;
    }

    /**
     * A fresh cluster, started; or a kept one, attached, once its log has caught up with the present (a request
     * answered after the attach), so that "converged" is about now.
     */
    private static Cluster open(Options o, History history) {
        if (o.attach() == null) {
            o.progress().accept("starting " + o.topology().nodes().size() + " nodes and a client" + (o.topology().pinned()
                    ? " on " + o.topology().subnet() : ""));
            Cluster c = new Cluster(o.topology(), history).start(o.probeJar());
            o.progress().accept(c.topology().subnet().equals(o.topology().subnet()) ? "up on " + c.topology().subnet()
                    : "up on " + c.topology().subnet() + " (" + o.topology().subnet() + " is taken on this engine; every address moved with it)");
            return c;
        }
        long from = History.nowMicros();
        Cluster c = Cluster.attach(o.attach().isEmpty() ? null : o.attach(), history, true);
        o.progress().accept("attached to cluster " + c.runId() + " (" + c.what() + ")");
        try {
            history.await(events -> events.stream().anyMatch(e -> e.timeMicros() >= from
                    && Requests.is(e)), Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IllegalStateException("interrupted", e);
        }
        return c;
    }

    /**
     * The VIP must move to another node ({@code to}, when given) within the bound: wait for a new master to serve
     * each VIP; after a heal (if asked), for the VIP to come back (preempt) or to stay (nopreempt).
     */
    private static void takeover(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, StepAnalysis.Spec spec) throws InterruptedException {
        History history = cluster.history();
        String vip = o.topology().vip();
        String master = spec.master();
        String to = spec.to();
        Duration outcomeTimeout = Duration.ofMillis((long) plan.bound().millis() + 30_000);
        for (StepAnalysis.JudgedVip j : spec.vips()) {
            // the first VIP moves within the bound; a companion follows within the same transition, or is late
            boolean moved = history.await(to != null ? servedSteadilyBy(j.vip(), to) : servedSteadilyByOtherThan(j.vip(), master),
                    j.vip().equals(vip) ? outcomeTimeout : Duration.ofSeconds(30));
            mark(history, moved ? Mark.Name.MOVED : Mark.Name.STAYED, j.vip());
        }
        if (plan.heal() != null) {
            // The schedule says heal after this long; nothing to wait for but the clock.
            history.await(events -> false, plan.heal());
            o.progress().accept("healing: " + fault.describe());
            fault.recover(cluster);
            if (spec.preempt()) {
                boolean back = history.await(servedSteadilyBy(vip, master), outcomeTimeout);
                mark(history, back ? Mark.Name.BACK : Mark.Name.NOT_BACK, vip);
            } else {
                // Without a decided winner (nopreempt), the VIP must stay where it went and keep being served.
                history.await(events -> false, Duration.ofSeconds(5));
                mark(history, Mark.Name.HELD, vip);
            }
        }
    }

    /**
     * The nodes can't hear each other: wait for a second master of each instance, hold the fault, heal it, then
     * wait for one master of each, and (when the configs decide the winner) for it to serve each VIP.
     */
    private static void splitBrain(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, StepAnalysis.Spec spec) throws InterruptedException {
        History history = cluster.history();
        long t0 = history.lastFault().orElseThrow().timeMicros();
        for (StepAnalysis.JudgedVip j : spec.vips()) {
            String inst = j.carrier() == null ? null : j.carrier().name();
            history.await(events -> StepAnalysis.secondMasterAt(events, inst, t0) != null, Duration.ofMillis((long) plan.bound().millis() + 10_000));
        }
        history.await(events -> false, plan.heal());
        mark(history, Mark.Name.HELD, "");
        o.progress().accept("healing: " + fault.describe());
        fault.recover(cluster);
        for (StepAnalysis.JudgedVip j : spec.vips()) {
            String inst = j.carrier() == null ? null : j.carrier().name();
            history.await(events -> mastersAt(events, inst).size() == 1, Duration.ofSeconds(30));
            mark(history, Mark.Name.ONE_MASTER, String.valueOf(inst));
        }
        if (spec.winnerKnown()) {
            for (StepAnalysis.JudgedVip j : spec.vips()) {
                // A partitioned node's clients may have to wait out their ARP entry: up to 58 s (see MasterPartitionedIT).
                history.await(servedSteadilyBy(j.vip(), spec.master()), Duration.ofSeconds(65));
                mark(history, Mark.Name.SERVED, j.vip());
            }
        }
    }

    /**
     * Nothing may move (or, for VRRP loss, only within its odds): hold the fault, heal it, and wait for the master
     * to serve each VIP again.
     */
    private static void hold(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, StepAnalysis.Spec spec) throws InterruptedException {
        History history = cluster.history();
        history.await(events -> false, plan.heal());
        mark(history, Mark.Name.HELD, "");
        o.progress().accept("healing: " + fault.describe());
        fault.recover(cluster);
        for (StepAnalysis.JudgedVip j : spec.vips()) {
            history.await(servedSteadilyBy(j.vip(), spec.master()), Duration.ofSeconds(30));
            mark(history, Mark.Name.SERVED, j.vip());
        }
    }

    /**
     * The instance that carries {@code vip} in {@code master}'s config, with its VRID: a takeover's steps are its
     * own, not another instance's on the same nodes. Null when that config holds no such VIP.
     */
    private static VipInstance carrier(Options o, String master, String vip) {
        dev.hatest.harness.cluster.NodeConfig conf = o.topology().node(master).config();
        String instance = OutageBound.instanceFor(conf, vip);
        return instance == null ? null : new VipInstance(instance, OutageBound.vrid(conf, vip));
    }

    private static Set<String> mastersAt(List<Event> events, String instance) {
        return dev.hatest.harness.check.DaemonStates.at(events, Long.MAX_VALUE).masters(instance);
    }

    private static String single(Set<String> s) {
        return s.size() == 1 ? s.iterator().next() : null;
    }

    /** One live holder of the VIP, whoever it is, and the client's last requests all served by it. */
    /**
     * Every node of {@code t} that starts with its VRRP daemon has reported a state (its daemon is up and has
     * started its instances); a node booted without one ({@code NodeSpec.withoutDaemon()}) is not waited for.
     */
    public static java.util.function.Predicate<List<Event>> daemonsUp(Topology t) {
        java.util.Set<String> want = new java.util.HashSet<>();
        t.nodes().stream().filter(n -> !"1".equals(n.env().get("HATEST_NO_DAEMON"))).forEach(n -> want.add(n.name()));
        return events -> {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Event e : events) {
                if (e.what() instanceof StateChange) {
                    seen.add(e.source());
                }
            }
            return seen.containsAll(want);
        };
    }

    public static java.util.function.Predicate<List<Event>> servedSteadilyByOne(String vip) {
        return events -> {
            Set<String> holders = VipHolders.live(events, vip, History.nowMicros());
            return holders.size() == 1 && servedSteadilyBy(vip, holders.iterator().next()).test(events);
        };
    }

    /**
     * One live holder of the VIP, {@code node} (a dead daemon's stale VIP doesn't count), and the client's
     * last requests all served by it.
     */
    public static java.util.function.Predicate<List<Event>> servedSteadilyBy(String vip, String node) {
        return events -> {
            if (!VipHolders.live(events, vip, History.nowMicros()).equals(Set.of(node))) {
                return false;
            }
            List<Event> last = lastClientResults(events, vip);
            return last.size() == STEADY_REQUESTS && last.stream().allMatch(e -> Requests.servedBy(e, vip, node));
        };
    }

    /** One live holder of the VIP other than {@code node}, and the client's last requests all served by it. */
    public static java.util.function.Predicate<List<Event>> servedSteadilyByOtherThan(String vip, String node) {
        return events -> {
            Set<String> holders = VipHolders.live(events, vip, History.nowMicros());
            if (holders.size() != 1 || holders.contains(node)) {
                return false;
            }
            String other = holders.iterator().next();
            List<Event> last = lastClientResults(events, vip);
            return last.size() == STEADY_REQUESTS && last.stream().allMatch(e -> Requests.servedBy(e, vip, other));
        };
    }

    private static List<Event> lastClientResults(List<Event> events, String vip) {
        List<Event> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && out.size() < STEADY_REQUESTS; i--) {
            Event e = events.get(i);
            if (Requests.isFor(e, vip)) {
                out.add(e);
            }
        }
        return out;
    }
}
