package dev.hatest.harness.scenario;

import dev.hatest.harness.check.ArpChecker;
import dev.hatest.harness.check.FailbackChecker;
import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
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
    public static final int STEADY_REQUESTS = 10;

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
     */
    public record Result(boolean passed, List<Verdict> verdicts, List<Failover> failovers, History history, List<FaultPlan> plans,
                         Map<String, Double> startup, String broken) {

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
                if (e.kind().equals(Kinds.PHASE) && e.value().equals("teardown")) {
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
                return new Result(false, verdicts, failovers, s.history(), plans, s.startup(), s.broken().orElse(null));
            }
            for (int i = 0; i < o.steps().size(); i++) {
                String name = o.steps().size() == 1 ? "" : "step " + (i + 1) + " ";
                StepResult r = s.step(o.steps().get(i));
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
            s.history().add("harness", Kinds.PHASE, "teardown");
            return new Result(verdicts.stream().allMatch(Verdict::passed), verdicts, failovers, s.history(), plans, s.startup(),
                    s.broken().orElse(null));
        }
    }

    /**
     * What one step did: its plan (null when the cluster did not settle on one master before it, and then its
     * only verdict, "converged", says so), its verdicts and failovers, and the master it started from.
     * {@code broken} says what broke the run during the step (its verdicts are then unknown), or is null.
     */
    public record StepResult(FaultPlan plan, List<Verdict> verdicts, List<Failover> failovers, String master, String broken) {

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
            String vip = o.topology().vip();
            long opening = History.nowMicros();
            Session s = new Session(o, ChaosRun.open(o, history));
            try {
                o.progress().accept("waiting for the cluster to converge" + (o.expectedMaster() == null ? "" : " on " + o.expectedMaster()));
                s.converged = history.await(o.expectedMaster() == null ? servedSteadilyByOne(vip) : servedSteadilyBy(vip, o.expectedMaster()),
                        Duration.ofSeconds(60));
                String first = o.expectedMaster() != null ? o.expectedMaster() : single(VipHolders.live(history.events(), vip, History.nowMicros()));
                if (s.converged && first != null) {
                    // a dual-stack pair's other VIP must be on the same master before any fault: its sync group says so
                    for (String other : o.topology().companions()) {
                        s.converged &= history.await(servedSteadilyBy(other, first), Duration.ofSeconds(30));
                    }
                }
                long now = History.nowMicros();
                s.master = o.expectedMaster() != null ? o.expectedMaster() : single(VipHolders.live(history.events(), vip, now));
                if (o.expectedMaster() != null || !s.converged) {
                    s.startVerdicts.add(WinnerChecker.verdict(history.events(), vip, o.expectedMaster(), now));
                }
                s.startup.put(DAEMONS_UP, since(history, opening, o.attach(), e -> e.kind().equals(Kinds.STATE)));
                s.startup.put(FIRST_MASTER, since(history, opening, o.attach(), e -> e.kind().equals(Kinds.STATE) && e.value().contains("->MASTER")));
                s.startup.put(FIRST_SERVED, since(history, opening, o.attach(), e -> e.kind().equals(Kinds.HTTP_OK)));
                if (s.converged) {
                    history.add("harness", Kinds.PHASE, "converged on " + s.master);
                } else {
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
            o = new Options(t, null, o.steps(), OutageBound.dualMasters(t.nodes().get(0).files().get(SeedTopology.CONFIG), t.vip()), o.probeJar(),
                    o.progress(), o.attach());
            stepsRun = Math.max(stepsRun, 1);  // the next step starts from whoever serves by then
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
                    return new StepResult(null, List.of(WinnerChecker.verdict(history.events(), vip, null, History.nowMicros())
                            .as("converged", "one node must serve the VIP before the next fault")), List.of(), master, null);
                }
            }
            if (step.after() != null) {
                // The scenario says wait this long first; nothing to wait for but the clock.
                history.await(events -> false, step.after());
            }
            List<Verdict> verdicts = new ArrayList<>();
            List<Failover> failovers = new ArrayList<>();
            List<FaultPlan> plans = new ArrayList<>();
            String from = master;
            ChaosRun.step(o, cluster, step, from, plans, verdicts, failovers);
            return new StepResult(plans.get(0), List.copyOf(verdicts), List.copyOf(failovers), from, null);
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

    /** Injects one step's fault into the cluster converged on {@code master}, and judges what follows. */
    private static void step(Options o, Cluster cluster, Step step, String master, List<FaultPlan> plans, List<Verdict> verdicts,
                             List<Failover> failovers) throws InterruptedException {
        History history = cluster.history();
        FaultPlan plan = step.planFor().apply(master);
        plans.add(plan);
        String target = step.targetFor().apply(master);
        String instance = OutageBound.instanceFor(o.topology().node(master).files().get(SeedTopology.CONFIG), o.topology().vip());
        Nemesis fault = plan.fault().apply(target);
        o.progress().accept("injecting: " + fault.describe() + " (expected: " + plan.outcome().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + (step.to() == null ? "" : " by " + step.to()) + ")");
        long steadyFrom = History.nowMicros();
        fault.invoke(cluster);
        Event faultEvent = history.last(Kinds.FAULT).orElseThrow();
        switch (plan.outcome()) {
            case TAKEOVER -> takeover(o, plan, cluster, fault, faultEvent, master, step.to(), instance, steadyFrom, verdicts, failovers);
            case SPLIT_BRAIN -> splitBrain(o, plan, cluster, fault, faultEvent, master, instance, verdicts, failovers);
            case NO_TAKEOVER -> noTakeover(o, plan, cluster, fault, faultEvent, master, instance, verdicts);
            case FLAPPING -> flapping(o, plan, cluster, fault, faultEvent, master, instance, verdicts);
            default -> throw new IllegalStateException();
        }
    }

    /**
     * A fresh cluster, started; or a kept one, attached, once its log has caught up with the present (a request
     * answered after the attach), so that "converged" is about now.
     */
    private static Cluster open(Options o, History history) {
        if (o.attach() == null) {
            o.progress().accept("starting " + o.topology().nodes().size() + " nodes and a client on " + o.topology().subnet());
            return new Cluster(o.topology(), history).start(o.probeJar());
        }
        long from = History.nowMicros();
        Cluster c = Cluster.attach(o.attach().isEmpty() ? null : o.attach(), history, true);
        o.progress().accept("attached to cluster " + c.runId() + " (" + c.what() + ")");
        try {
            history.await(events -> events.stream().anyMatch(e -> e.timeMicros() >= from
                    && (e.kind().equals(Kinds.HTTP_OK) || e.kind().equals(Kinds.HTTP_FAIL))), Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IllegalStateException("interrupted", e);
        }
        return c;
    }

    /**
     * The VIP must move to another node ({@code to}, when given) within the bound; after a heal (if asked) it
     * must come back.
     */
    private static void takeover(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, Event faultEvent, String master, String to,
                                 String instance, long steadyFrom, List<Verdict> verdicts, List<Failover> failovers) throws InterruptedException {
        History history = cluster.history();
        String vip = o.topology().vip();
        Duration outcomeTimeout = Duration.ofMillis((long) plan.bound().millis() + 30_000);
        boolean movedAway = history.await(to != null ? servedSteadilyBy(vip, to) : servedSteadilyByOtherThan(vip, master), outcomeTimeout);
        long afterFailover = History.nowMicros();
        Failover f = TakeoverChecker.failover(history.events(), faultEvent, vip, carrier(o, master, vip), afterFailover);
        failovers.add(f);
        verdicts.add(TakeoverChecker.verdict(f, master, plan.bound().millis()));
        if (to != null && !movedAway) {
            verdicts.add(WinnerChecker.verdict(history.events(), vip, to, afterFailover));
        }
        if (movedAway && f.to() != null) {
            long settled = History.nowMicros();
            verdicts.add(WinnerChecker.verdict(history.events(), vip, to != null ? to : f.to(), settled));
            Double transition = f.steps().get(Failover.NEW_MASTER);
            if (transition != null) {
                // The new master's GARPs go out with its transition.
                String mac = cluster.node(f.to()).macAddress();
                long from = f.faultAtMicros() + (long) (transition * 1000);
                verdicts.add(ArpChecker.verdict(vip, ArpChecker.movedAfter(history.events(), vip, mac, from, settled),
                        f.to(), mac, OutageBound.ARP_MOVE_MS, IpFamily.isIpv6(vip) ? "unsolicited NAs leave with the transition"
                                : "GARPs leave with the transition"));
            }
        }
        verdicts.add(SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), vip, instance, steadyFrom,
                History.nowMicros()), o.dualMasterBound().millis()));
        for (String other : o.topology().companions()) {
            companionTakeover(o, plan, cluster, faultEvent, master, to, other, steadyFrom, verdicts, failovers);
        }
        if (plan.heal() != null) {
            // The schedule says heal after this long; nothing to wait for but the clock.
            history.await(events -> false, plan.heal());
            o.progress().accept("healing: " + fault.describe());
            fault.recover(cluster);
            Event heal = history.last(Kinds.HEAL).orElseThrow();
            boolean preempt = Election.preempts(o.topology(), vip);
            boolean back = preempt && history.await(servedSteadilyBy(vip, master), outcomeTimeout);
            Failover fb = TakeoverChecker.failover(history.events(), heal, vip, carrier(o, master, vip), History.nowMicros());
            if (preempt) {
                failovers.add(fb);
                verdicts.add(Verdict.of("failback", back, "served by " + fb.to(), "back to " + master + " (preempt)",
                        String.format("failback outage %.0f ms", fb.outageMs())));
            } else {
                // Without a decided winner (nopreempt), the VIP must stay where it went and keep being served.
                history.await(events -> false, Duration.ofSeconds(5));
                verdicts.add(FailbackChecker.stayed(history.events(), vip, f.to() == null ? master : f.to(), heal.timeMicros(),
                        History.nowMicros(), STEADY_REQUESTS));
            }
        }
    }

    /**
     * A dual-stack pair's other VIP ({@link Topology#companions()}): it moves with the first, their instances in a
     * sync group, and is judged as the first is, under the same bounds; its verdicts and breakdown name it.
     */
    private static void companionTakeover(Options o, FaultPlan plan, Cluster cluster, Event faultEvent, String master, String to,
                                          String vip, long steadyFrom, List<Verdict> verdicts, List<Failover> failovers)
            throws InterruptedException {
        History history = cluster.history();
        // the first VIP has moved already: its companion follows within the same transition, or is late
        boolean moved = history.await(to != null ? servedSteadilyBy(vip, to) : servedSteadilyByOtherThan(vip, master),
                Duration.ofSeconds(30));
        long settled = History.nowMicros();
        Failover f = TakeoverChecker.failover(history.events(), faultEvent, vip, carrier(o, master, vip), settled);
        failovers.add(new Failover(f.fault() + " [" + vip + "]", f.faultAtMicros(), f.from(), f.to(), f.outageMs(), f.failedRequests(), f.steps()));
        String tag = " [" + vip + "]";
        Verdict takeover = TakeoverChecker.verdict(f, master, plan.bound().millis());
        verdicts.add(takeover.renamed(takeover.name() + tag, takeover.detail()));
        if (moved && f.to() != null) {
            Verdict winner = WinnerChecker.verdict(history.events(), vip, to != null ? to : f.to(), settled);
            verdicts.add(winner.renamed(winner.name() + tag, winner.detail()));
            Double transition = f.steps().get(Failover.NEW_MASTER);
            if (transition != null) {
                String mac = cluster.node(f.to()).macAddress();
                long from = f.faultAtMicros() + (long) (transition * 1000);
                Verdict moves = ArpChecker.verdict(vip, ArpChecker.movedAfter(history.events(), vip, mac, from, settled),
                        f.to(), mac, OutageBound.ARP_MOVE_MS, IpFamily.isIpv6(vip) ? "unsolicited NAs leave with the transition"
                                : "GARPs leave with the transition");
                verdicts.add(moves.renamed(moves.name() + tag, moves.detail()));
            }
        }
        String instance = OutageBound.instanceFor(o.topology().node(master).files().get(SeedTopology.CONFIG), vip);
        if (instance != null) {  // null: the master's own config doesn't hold it (a null instance would mean any)
            Verdict single = SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), vip, instance, steadyFrom,
                    History.nowMicros()), o.dualMasterBound().millis());
            verdicts.add(single.renamed(single.name() + tag, single.detail()));
        }
    }

    /**
     * The nodes can't hear each other: another must claim MASTER within Master_Down_Interval, both must stay
     * masters until the heal, and after it one master (the first) must remain and serve.
     */
    private static void splitBrain(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, Event faultEvent, String master, String instance,
                                   List<Verdict> verdicts, List<Failover> failovers) throws InterruptedException {
        History history = cluster.history();
        String primary = o.topology().vip();
        String conf = o.topology().node(master).files().get(SeedTopology.CONFIG);
        // a dual-stack pair's IPv6 VIP is judged as the first is, its verdicts tagged with it
        Map<String, String> instances = new LinkedHashMap<>();
        instances.put(primary, instance);
        instances.putAll(companionInstances(o, master));
        long t0 = faultEvent.timeMicros();
        Map<String, Long> seconds = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : instances.entrySet()) {
            String inst = e.getValue();
            history.await(events -> secondMasterAt(events, inst, t0) != null, Duration.ofMillis((long) plan.bound().millis() + 10_000));
            Long second = secondMasterAt(history.events(), inst, t0);
            seconds.put(e.getKey(), second);
            verdicts.add(tagged(Verdict.of("second master", second != null && (second - t0) / 1000.0 <= plan.bound().millis(),
                    second == null ? Measure.text("not seen") : Measure.ms((second - t0) / 1000.0),
                    Measure.atMostMs(plan.bound().millis()), plan.bound().formula()), e.getKey(), primary));
        }
        history.await(events -> false, plan.heal());
        long end = History.nowMicros();
        // Neither side may step down while they can't hear each other: two masters from the second's claim on.
        for (Map.Entry<String, String> e : instances.entrySet()) {
            Long second = seconds.get(e.getKey());
            verdicts.add(tagged(SingleMasterChecker.detected(SingleMasterChecker.measure(history.events(), e.getKey(), e.getValue(), t0, end),
                    second == null ? plan.heal().toMillis() : (end - second) / 1000.0), e.getKey(), primary));
        }
        o.progress().accept("healing: " + fault.describe());
        fault.recover(cluster);
        Event heal = history.last(Kinds.HEAL).orElseThrow();
        double advert = OutageBound.advertMillis(conf, primary);
        for (Map.Entry<String, String> e : instances.entrySet()) {
            String inst = e.getValue();
            history.await(events -> mastersAt(events, inst).size() == 1, Duration.ofSeconds(30));
            verdicts.add(tagged(SingleMasterChecker.healed(SingleMasterChecker.settledAfter(history.events(), inst, heal.timeMicros(),
                    History.nowMicros()), advert + 1000, "advert_int " + advert + " ms + 1000 ms"), e.getKey(), primary));
        }
        if (o.expectedMaster() != null) {
            for (String vip : instances.keySet()) {
                // A partitioned node's clients may have to wait out their ARP entry: up to 58 s (see MasterPartitionedIT).
                history.await(servedSteadilyBy(vip, master), Duration.ofSeconds(65));
                long now = History.nowMicros();
                verdicts.add(tagged(WinnerChecker.verdict(history.events(), vip, master, now), vip, primary));
                Failover back = TakeoverChecker.failover(history.events(), heal, vip, carrier(o, master, vip), now);
                if (back.failedRequests() > 0 || (back.to() != null && !back.to().equals(back.from()))) {
                    // the client saw the heal: report how it came back
                    failovers.add(vip.equals(primary) ? back : new Failover(back.fault() + " [" + vip + "]", back.faultAtMicros(),
                            back.from(), back.to(), back.outageMs(), back.failedRequests(), back.steps()));
                }
            }
        }
    }

    /** {@code v}, its name tagged with {@code vip} unless that is the first VIP. */
    private static Verdict tagged(Verdict v, String vip, String primary) {
        return vip.equals(primary) ? v : v.renamed(v.name() + " [" + vip + "]", v.detail());
    }

    /** Nothing may move: the master keeps the VIP and serves throughout, then the fault is healed. */
    private static void noTakeover(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, Event faultEvent, String master, String instance,
                                   List<Verdict> verdicts) throws InterruptedException {
        History history = cluster.history();
        String vip = o.topology().vip();
        history.await(events -> false, plan.heal());
        long until = History.nowMicros();
        verdicts.add(FailbackChecker.stayed(history.events(), vip, master, faultEvent.timeMicros(), until, STEADY_REQUESTS)
                .as("no takeover", "the fault is on a node whose loss no one notices"));
        verdicts.add(SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), vip, instance, faultEvent.timeMicros(), until),
                o.dualMasterBound().millis()));
        verdicts.add(dev.hatest.harness.check.FlappingChecker.verdict(
                dev.hatest.harness.check.FlappingChecker.count(history.events(), instance, faultEvent.timeMicros(), until), 0,
                "a fault that must change nothing may not move mastership even once"));
        if (fault instanceof dev.hatest.harness.nemesis.ReloadDaemon r) {
            verdicts.add(dev.hatest.harness.nemesis.ReloadDaemon.reloaded(history.events(), r.node(), faultEvent.timeMicros()));
        }
        if (fault instanceof dev.hatest.harness.nemesis.CpuHog) {
            // Under load the daemons' timers are what is on trial: the master's adverts, as the client's capture
            // saw them, must never be so far apart that a backup's Master_Down_Interval could run out.
            String conf = o.topology().node(master).files().get(SeedTopology.CONFIG);
            double advert = OutageBound.advertMillis(conf, vip);
            var cadence = dev.hatest.harness.check.WireCadenceChecker.measure(history.events(), OutageBound.vrid(conf, vip),
                    faultEvent.timeMicros(), until);
            verdicts.add(dev.hatest.harness.check.WireCadenceChecker.gapVerdict(cadence, 3 * advert,
                    String.format(java.util.Locale.ROOT, "a gap of 3 x advert_int (%.0f ms) or more lets a backup's Master_Down_Interval run out", 3 * advert)));
        }
        Map<String, String> companions = companionInstances(o, master);
        for (Map.Entry<String, String> c : companions.entrySet()) {
            // a dual-stack pair's IPv6 VIP must not move either
            String other = c.getKey();
            String inst = c.getValue();
            verdicts.add(tagged(FailbackChecker.stayed(history.events(), other, master, faultEvent.timeMicros(), until, STEADY_REQUESTS)
                    .as("no takeover", "the fault is on a node whose loss no one notices"), other, vip));
            verdicts.add(tagged(SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), other, inst, faultEvent.timeMicros(),
                    until), o.dualMasterBound().millis()), other, vip));
            verdicts.add(tagged(dev.hatest.harness.check.FlappingChecker.verdict(
                    dev.hatest.harness.check.FlappingChecker.count(history.events(), inst, faultEvent.timeMicros(), until), 0,
                    "a fault that must change nothing may not move mastership even once"), other, vip));
        }
        o.progress().accept("healing: " + fault.describe());
        fault.recover(cluster);
        history.await(servedSteadilyBy(vip, master), Duration.ofSeconds(30));
        verdicts.add(WinnerChecker.verdict(history.events(), vip, master, History.nowMicros()));
        companionWinners(history, companions.keySet(), master, vip, verdicts);
    }

    /**
     * VRRP loss: a false takeover needs every advert of one Master_Down_Interval lost. With n adverts in the
     * hold, p the loss and k adverts per Master_Down_Interval, about n (1 - p) p^k are expected; the bound is
     * the Poisson count exceeded with odds under 1 in 5000.
     */
    private static void flapping(Options o, FaultPlan plan, Cluster cluster, Nemesis fault, Event faultEvent, String master, String instance,
                                 List<Verdict> verdicts) throws InterruptedException {
        History history = cluster.history();
        String vip = o.topology().vip();
        String conf = o.topology().node(master).files().get(SeedTopology.CONFIG);
        history.await(events -> false, plan.heal());
        long until = History.nowMicros();
        o.progress().accept("healing: " + fault.describe());
        fault.recover(cluster);
        double p = plan.lossPercent() / 100;
        double advert = OutageBound.advertMillis(conf, vip);
        int k = (int) Math.floor(OutageBound.masterDownMillis(conf, vip) / advert);
        double n = plan.heal().toMillis() / advert;
        // A dual-stack pair's instances are one sync group, each with its own advert stream: a run of lost
        // adverts in either stream moves both, so the group's expected count is the streams' sum.
        Map<String, String> companions = companionInstances(o, master);
        int streams = 1 + companions.size();
        double expected = streams * n * (1 - p) * Math.pow(p, k);
        int bound = poissonBound(expected, 1.0 / 5000);
        String formula = String.format(java.util.Locale.ROOT, "expected false takeovers %s%.0f adverts x (1 - %.2f) x %.2f^%d = %.2f;"
                + " P(more than %d) < 1/5000", streams > 1 ? streams + " streams x " : "", n, p, p, k, expected, bound);
        verdicts.add(dev.hatest.harness.check.FlappingChecker.verdict(
                dev.hatest.harness.check.FlappingChecker.count(history.events(), instance, faultEvent.timeMicros(), until), bound, formula));
        for (Map.Entry<String, String> c : companions.entrySet()) {
            verdicts.add(tagged(dev.hatest.harness.check.FlappingChecker.verdict(dev.hatest.harness.check.FlappingChecker.count(
                    history.events(), c.getValue(), faultEvent.timeMicros(), until), bound, formula), c.getKey(), vip));
        }
        history.await(servedSteadilyBy(vip, master), Duration.ofSeconds(30));
        verdicts.add(WinnerChecker.verdict(history.events(), vip, master, History.nowMicros()));
        companionWinners(history, companions.keySet(), master, vip, verdicts);
    }

    /**
     * The first VIP's companions ({@link Topology#companions()}: a dual-stack pair's IPv6 VIP) that the master's
     * config holds, each with its instance there; one it doesn't hold has nothing to be judged by.
     */
    private static Map<String, String> companionInstances(Options o, String master) {
        String conf = o.topology().node(master).files().get(SeedTopology.CONFIG);
        Map<String, String> out = new LinkedHashMap<>();
        for (String other : o.topology().companions()) {
            String inst = OutageBound.instanceFor(conf, other);
            if (inst != null) {
                out.put(other, inst);
            }
        }
        return out;
    }

    /**
     * The instance that carries {@code vip} in {@code master}'s config, with its VRID: a takeover's steps are its
     * own, not another instance's on the same nodes. Null when that config holds no such VIP.
     */
    private static TakeoverChecker.Carrier carrier(Options o, String master, String vip) {
        String conf = o.topology().node(master).files().get(SeedTopology.CONFIG);
        String instance = OutageBound.instanceFor(conf, vip);
        return instance == null ? null : new TakeoverChecker.Carrier(instance, OutageBound.vrid(conf, vip));
    }

    /** After a heal: each companion served steadily by {@code master} again, its winner verdict tagged. */
    private static void companionWinners(History history, java.util.Collection<String> companions, String master, String primary,
                                         List<Verdict> verdicts) throws InterruptedException {
        for (String other : companions) {
            history.await(servedSteadilyBy(other, master), Duration.ofSeconds(30));
            verdicts.add(tagged(WinnerChecker.verdict(history.events(), other, master, History.nowMicros()), other, primary));
        }
    }

    /** The smallest count that a Poisson variable of mean {@code mean} exceeds with probability below {@code odds}. */
    static int poissonBound(double mean, double odds) {
        double term = Math.exp(-mean);
        double cdf = term;
        int k = 0;
        while (1 - cdf >= odds) {
            k++;
            term *= mean / k;
            cdf += term;
        }
        return k;
    }

    private static Set<String> mastersAt(List<Event> events, String instance) {
        return dev.hatest.harness.check.DaemonStates.at(events, Long.MAX_VALUE).masters(instance);
    }

    /** When, after {@code from}, two or more live daemons first claimed MASTER for {@code instance}; null if never. */
    static Long secondMasterAt(List<Event> events, String instance, long from) {
        dev.hatest.harness.check.DaemonStates states = new dev.hatest.harness.check.DaemonStates();
        for (Event e : events) {
            states.apply(e);
            if (e.timeMicros() > from && states.masters(instance).size() >= 2) {
                return e.timeMicros();
            }
        }
        return null;
    }

    private static String single(Set<String> s) {
        return s.size() == 1 ? s.iterator().next() : null;
    }

    /** One live holder of the VIP, whoever it is, and the client's last requests all served by it. */
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
