package dev.hatest.harness.scenario;

import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.report.RunReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * One chaos run, as given on the command line, in a scenario file or through the library: the topology, its
 * faults one after another, the user's bound and expected master, checked before anything starts.
 *
 * @param what      what runs, for titles (e.g. "the seed pair")
 * @param userBound the user's outage bound for every step, or null for each step's derived one
 * @param master    who must win the election, or null for what the priorities say
 * @param attach    null for a fresh cluster; else the kept cluster to break ("" for the only one)
 * @param rollout   new configs rolled out before the steps, which are then judged on them; null for none
 */
public record ChaosPlan(Topology topology, String what, java.util.List<ChaosPlan.Step> steps, OutageBound userBound, String master,
                        String attach, RolloutSpec rollout) {

    public ChaosPlan(Topology topology, String what, java.util.List<Step> steps, OutageBound userBound, String master, String attach) {
        this(topology, what, steps, userBound, master, attach, null);
    }

    /**
     * A scenario's rollout: the same nodes with their new configs, where those came from, how and in what order.
     *
     * @param order null for the backups first, the master last
     */
    public record RolloutSpec(Topology to, String where, Rollout.By by, java.util.List<String> order) {
    }

    /** The steps as they run after the rollout: planned on the new configs. */
    private ChaosPlan afterRollout() {
        return new ChaosPlan(rollout.to(), what, steps, null, null, null);
    }

    /**
     * One fault of a chaos run, as given: on the command line or in a scenario file.
     *
     * @param node    the node to break: a name, {@code master} or {@code backup}; null for the master
     * @param after   how long to wait before injecting it, or null
     * @param outcome what it must lead to, or null for what {@link FaultPlan#of} derives
     * @param to      the node that must take over, or null for any
     */
    public record Step(FaultPlan.Kind kind, String arg, String node, Duration heal, Duration after, FaultPlan.Outcome outcome, String to) {
    }


    /**
     * Checks the node names and each fault's arguments, so usage errors come before any container.
     *
     * @throws StepException naming the step and the field at fault
     */
    public void check() {
        if (master != null) {
            topology.node(master);
        }
        if (rollout != null) {
            if (rollout.order() != null) {
                field(0, "order", () -> new Rollout.Plan(topology, rollout.to(), what, rollout.where(), rollout.by(), rollout.order(), null,
                        java.util.List.of()));
            }
            try {
                Election.winner(rollout.to(), rollout.to().vip());
            } catch (IllegalArgumentException e) {
                return;  // a new config with an error: the rollout's config test on its node says so, and the steps never run
            }
            if (!steps.isEmpty()) {
                afterRollout().check();
            }
            return;
        }
        String expected = expected();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int step = i;
            field(step, "node", () -> s.node() != null && !isRole(s.node()) ? topology.node(s.node()) : null);
            field(step, "to", () -> s.to() != null ? topology.node(s.to()) : null);
            String m = expected != null ? expected : topology.nodes().get(0).name();
            field(step, null, () -> derived(s, m));
            FaultPlan p = field(step, "outcome", () -> plan(s).apply(m));
            if (s.to() != null && p.outcome() != FaultPlan.Outcome.TAKEOVER) {
                throw new StepException(step, "to", "to: only a takeover has a node to go to; this fault's outcome is "
                        + FaultPlan.outcomeName(p.outcome()));
            }
        }
    }

    private static <T> T field(int step, String key, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (StepException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new StepException(step, key, e.getMessage());
        }
    }

    /** Who must hold the VIP before the fault: null for a running cluster, whose master is whoever holds it now. */
    public String expected() {
        return master != null ? master : attach != null ? null : Election.winner(topology, topology.vip());
    }

    public RunReport run(String title, java.util.function.Consumer<String> progress) throws InterruptedException {
        if (rollout != null) {
            ChaosPlan after = afterRollout();
            return Rollout.run(new Rollout.Plan(topology, rollout.to(), what, rollout.where(), rollout.by(), rollout.order(), userBound,
                    java.util.stream.IntStream.range(0, steps.size()).mapToObj(after::runStep).toList()), title, progress);
        }
        ChaosRun.Result r = ChaosRun.run(options(progress));
        String description;
        if (steps.size() == 1) {
            Step s = steps.get(0);
            String target = s.node() == null ? "the master" : isRole(s.node()) ? "the " + s.node() : s.node();
            description = (r.plans().isEmpty() ? s.kind().option() + (s.arg() == null ? "" : " " + s.arg()) : r.plans().get(0).description())
                    + " on " + target;
        } else {
            description = steps.size() + " faults" + (r.plans().isEmpty() ? "" : " (" + r.description() + ")");
        }
        return new RunReport(title + ": " + description + " of " + what, r.passed(), r.verdicts(), r.failovers(), r.events(),
                r.boundFormula(), r.broken(), r.analysis());
    }

    /** Step {@code step} as {@link ChaosRun} carries it out: its target and plan follow the master of the moment. */
    public ChaosRun.Step runStep(int step) {
        Step s = steps.get(step);
        return new ChaosRun.Step(s.after(), m -> target(s, m), plan(s), s.to());
    }

    /** The options of a fresh (or the kept) cluster for this plan, each step as {@link #runStep} gives it. */
    public ChaosRun.Options options(java.util.function.Consumer<String> progress) {
        return options(progress, ProbeJar.locate());
    }

    /** The same, with the client's probe from {@code probeJar}. */
    public ChaosRun.Options options(java.util.function.Consumer<String> progress, Path probeJar) {
        return new ChaosRun.Options(topology, expected(), java.util.stream.IntStream.range(0, steps.size()).mapToObj(this::runStep).toList(),
                dualMasterBound(), probeJar, progress, attach);
    }

    /** The bound on two masters at once outside a split-brain fault: see {@link OutageBound#dualMasters}. */
    public OutageBound dualMasterBound() {
        return OutageBound.dualMasters(topology.nodes().get(0).config(), topology.vip());
    }

    /** Step {@code step}'s target once the cluster has converged on master {@code m}; see {@link #target(Step, String)}. */
    public String target(int step, String m) {
        return target(steps.get(step), m);
    }

    /**
     * The node to break once the cluster has converged on master {@code m}: the one named, or by role,
     * {@code master} (the default) or {@code backup} (the node that would take over from it). A node
     * really named so is meant by its name.
     */
    private String target(Step s, String m) {
        String node = s.node();
        if (node == null || node.equals("master") && !named(node)) {
            return m;
        }
        if (node.equals("backup") && !named(node)) {
            return Election.successor(topology, topology.vip(), m);
        }
        return node;
    }

    private boolean isRole(String name) {
        return (name.equals("master") || name.equals("backup")) && !named(name);
    }

    private boolean named(String name) {
        return topology.nodes().stream().anyMatch(n -> n.name().equals(name));
    }

    /** The plan that the fault and where it lands imply, given master {@code m}. */
    private FaultPlan derived(Step s, String m) {
        String target = target(s, m);
        return FaultPlan.of(s.kind(), s.arg(), topology, target, target.equals(m), Election.successor(topology, topology.vip(), m), s.heal());
    }

    /** The plan to carry out, given master {@code m}: the derived one with the step's outcome and the user's bound. */
    private Function<String, FaultPlan> plan(Step s) {
        return m -> {
            FaultPlan p = derived(s, m);
            if (s.outcome() != null) {
                p = p.withOutcome(s.outcome(), s.heal());
            }
            return userBound == null ? p : p.withBound(userBound);
        };
    }

    /**
     * What the command line imposes on every scenario of a run, with {@code chaos}'s cluster options: each is null
     * when not given. Own configs ({@code configDir} or {@code topologyFile}) replace the scenario's nodes; the
     * others replace the scenario's own value.
     */
    public record Overrides(Path configDir, String daemon, OutageBound bound, Path topologyFile, Integer nodes, String profile,
                            IpFamily family, String subnet, dev.hatest.harness.cluster.Load load) {
        public static final Overrides NONE = new Overrides(null, null, null);

        public Overrides(Path configDir, String daemon, OutageBound bound) {
            this(configDir, daemon, bound, null, null, null, null, null, null);
        }

        public Overrides(Path configDir, String daemon, OutageBound bound, Path topologyFile, Integer nodes, String profile,
                         IpFamily family, String subnet) {
            this(configDir, daemon, bound, topologyFile, nodes, profile, family, subnet, null);
        }

        public Overrides withDaemon(String d) {
            return new Overrides(configDir, d, bound, topologyFile, nodes, profile, family, subnet, load);
        }

        boolean ownNodes() {
            return configDir != null || topologyFile != null;
        }
    }

    /**
     * The run a scenario file describes, with the overrides applied, checked before anything starts.
     *
     * @throws IllegalArgumentException at the file's line for the key at fault ({@code file:line: what is wrong})
     */
    public static ChaosPlan of(ScenarioFile sc, Overrides o) {
        boolean own = o.ownNodes();
        String subnet = o.subnet() != null ? o.subnet() : sc.topology().subnet();
        ClusterSpec c = new ClusterSpec(own ? o.configDir() : sc.configDir(), own ? o.topologyFile() : null,
                own ? null : o.nodes() != null ? o.nodes() : sc.topology().nodes(),
                o.daemon() != null ? o.daemon() : sc.topology().daemon() == null ? "vrrpd" : sc.topology().daemon(),
                own ? null : o.profile() != null ? o.profile() : sc.topology().profile(),
                // the file's subnet is where it would like to run (it moves when taken); --subnet pins it
                subnet == null ? SeedTopology.DEFAULT_SUBNET : subnet, o.subnet() != null,
                o.family() != null ? o.family() : own || sc.topology().family() == null ? null
                        : fileField(sc, () -> IpFamily.parse(sc.topology().family())));
        Topology t = fileField(sc, c::topology).withLoad(o.load() != null ? o.load() : sc.loadOrNull());
        java.util.List<Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < sc.faults().size(); i++) {
            ScenarioFile.Fault f = sc.faults().get(i);
            int step = i;
            Duration heal = stepField(sc, step, "healAfter", () -> f.healAfter() == null ? null : Durations.parse("healAfter", f.healAfter()));
            Duration after = stepField(sc, step, "after", () -> f.after() == null ? null : Durations.parse("after", f.after()));
            FaultPlan.Outcome outcome = stepField(sc, step, "outcome", () -> f.outcome() == null ? null : FaultPlan.parseOutcome(f.outcome()));
            steps.add(new Step(sc.kind(step), sc.argument(step), f.node(), heal, after, outcome, f.to()));
        }
        OutageBound bound = o.bound() != null ? o.bound() : sc.expect().outageUnder() == null ? null : fileField(sc, () -> new OutageBound(
                Durations.parse("outageUnder", sc.expect().outageUnder()).toMillis(), "outageUnder " + sc.expect().outageUnder()));
        RolloutSpec rollout = null;
        if (sc.rollout() != null) {
            Topology to = fileField(sc, () -> dev.hatest.harness.cluster.ConfigDirTopology.withConfigsOf(t, sc.rolloutDir()));
            rollout = new RolloutSpec(to, sc.rolloutDir().toString(), Rollout.By.parse(sc.rollout().by() == null ? "reload" : sc.rollout().by()),
                    sc.rollout().order());
        }
        ChaosPlan chaos = new ChaosPlan(t, c.describe(t), steps, bound, sc.expect().master(), null, rollout);
        try {
            chaos.check();
        } catch (StepException e) {
            throw sc.error(e.step, e.key != null ? e.key : sc.argumentKey(e.step), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw sc.error("master", e.getMessage());  // the only check outside the steps
        }
        return chaos;
    }

    private static <T> T stepField(ScenarioFile sc, int step, String key, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw sc.error(step, key, e.getMessage());
        }
    }

    /** A value from the file's topology or expectations; its errors point at the key they are about. */
    private static <T> T fileField(ScenarioFile sc, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().matches("^\\S+:\\d+: .*")) {
                throw e;  // already file:line (a node's keepalived.conf)
            }
            throw sc.error(keyOf(e.getMessage()), e.getMessage());
        }
    }

    /** The key a topology or expectation error is about (the cluster options' words for them), to find its line. */
    private static String keyOf(String message) {
        String m = String.valueOf(message);
        for (String[] k : new String[][]{{"outageUnder", "outageUnder"}, {"daemon", "daemon"}, {"--nodes", "nodes"}, {"subnet", "subnet"},
                {"--config-dir", "configDir"}, {"directory", "configDir"}, {"address family", "family"}, {"dual-stack rewrites", "family"},
                {"ipv6 rewrites", "family"}}) {
            if (m.contains(k[0])) {
                return k[1];
            }
        }
        return "topology";
    }

    /** A mistake in one step of a run: which step (0-based) and which of its fields, or null for the fault itself. */
    public static final class StepException extends IllegalArgumentException {
        public final int step;
        public final String key;

        StepException(int step, String key, String message) {
            super(message);
            this.step = step;
            this.key = key;
        }
    }
}
