package dev.hatest.cli;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.Election;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code hatest chaos}: bring up a cluster, break a node (the master by default), and judge what follows. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Start a cluster, inject one fault (into the master unless --node says otherwise), and report the "
                + "verdicts and the takeover breakdown.",
                "What must follow depends on the fault and where it lands: a takeover within a bound derived from the "
                        + "config, a split brain that heals, nothing at all, or flapping within a statistical bound."})
public final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Mixin
    ClusterMixin cluster;

    @Mixin
    ReportMixin reports;

    static final class Fault {
        @Option(names = "--kill", paramLabel = "PROCESS", description = "kill -9 a process: nginx or vrrpd (the VRRP daemon, also keepalived).")
        String kill;

        @Option(names = "--stop", paramLabel = "PROCESS", description = "Stop a process gracefully (SIGTERM): nginx or vrrpd.")
        String stop;

        @Option(names = "--hang", paramLabel = "PROCESS", description = "Freeze a process (SIGSTOP): nginx accepts but never answers.")
        String hang;

        @Option(names = "--block-vrrp", paramLabel = "in|out|both", description = "Drop the node's VRRP traffic in one direction or both.")
        String blockVrrp;

        @Option(names = "--partition", description = "Cut the node off from every other node and the client (IP and ARP).")
        boolean partition;

        @Option(names = "--pause", description = "Freeze the whole node (docker pause).")
        boolean pause;

        @Option(names = "--link-down", description = "Take the node's eth0 down.")
        boolean linkDown;

        @Option(names = "--loss", paramLabel = "PCT", description = "Drop PCT%% of the VRRP every node receives (iptables statistic).")
        String loss;

        @Option(names = "--cpu-hog", description = "Saturate every CPU: one busy loop per core in every node, for 60 s (or --heal-after). "
                + "Nothing may move: no takeover, no flap.")
        boolean cpuHog;
    }

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nFaults (exactly one):%n")
    Fault fault;

    @Option(names = "--node", paramLabel = "NAME",
            description = "The node to break: its name, or master (the default: the node the cluster converged on) or backup "
                    + "(the node that would take over from it).")
    String node;

    @Option(names = "--heal-after", paramLabel = "DURATION",
            description = "Heal the fault this long after the takeover (e.g. 5s, 1500ms), then check the failback. Faults that "
                    + "must change nothing, or cause a split brain or flapping, are always healed (default 10s, 5s, 30s).")
    String healAfter;

    @Option(names = "--expect-outage-under", paramLabel = "DURATION",
            description = "The outage bound. Default: derived from the config (e.g. detection + Master_Down_Interval + 2 s).")
    String outageUnder;

    @Option(names = "--attach", arity = "0..1", paramLabel = "RUN", fallbackValue = "",
            description = "Break the cluster `hatest up` left running (the only one, or run RUN) instead of a fresh one. "
                    + "It stays up afterwards, healed only where the fault's outcome calls for it.")
    String attach;

    @Override
    public Integer call() throws Exception {
        Topology topology;
        String what;
        if (attach != null) {
            for (String o : new String[]{"--topology", "--config-dir", "--nodes", "--daemon", "--subnet"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new IllegalArgumentException("--attach breaks the running cluster as it is: drop " + o);
                }
            }
            Cluster.Kept k = Cluster.findKept(attach.isEmpty() ? null : attach);
            topology = k.topology();
            what = "cluster " + k.runId() + " (" + k.what() + ")";
        } else {
            topology = cluster.topology();
            what = cluster.describe(topology);
        }
        Duration heal = healAfter == null ? null : Durations.parse("--heal-after", healAfter);
        OutageBound userBound = outageUnder == null ? null
                : new OutageBound(Durations.parse("--expect-outage-under", outageUnder).toMillis(), "--expect-outage-under " + outageUnder);
        Chaos chaos = new Chaos(topology, what, java.util.List.of(new Step(kind(), argument(), node, heal, null, null, null)), userBound,
                null, attach);
        chaos.check();
        progress.say(spec.commandLine().getErr(), "preparing");
        RunReport report = chaos.run("hatest chaos", s -> progress.say(spec.commandLine().getErr(), s));
        reports.emit(spec.commandLine().getOut(), report);
        return report.passed() ? Hatest.PASSED : Hatest.FAILED;
    }

    /**
     * One fault of a chaos run, as given: on the command line or in a scenario file.
     *
     * @param node    the node to break: a name, {@code master} or {@code backup}; null for the master
     * @param after   how long to wait before injecting it, or null
     * @param outcome what it must lead to, or null for what {@link FaultPlan#of} derives
     * @param to      the node that must take over, or null for any
     */
    record Step(FaultPlan.Kind kind, String arg, String node, Duration heal, Duration after, FaultPlan.Outcome outcome, String to) {
    }

    /** One chaos run, from the command line or a scenario file: its faults, one after another. */
    record Chaos(Topology topology, String what, java.util.List<Step> steps, OutageBound userBound, String master, String attach) {

        /**
         * Checks the node names and each fault's arguments, so usage errors come before any container.
         *
         * @throws StepException naming the step and the field at fault
         */
        void check() {
            if (master != null) {
                topology.node(master);
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
        String expected() {
            return master != null ? master : attach != null ? null : Election.winner(topology, topology.vip());
        }

        RunReport run(String title, java.util.function.Consumer<String> progress) throws InterruptedException {
            java.util.List<ChaosRun.Step> runSteps = steps.stream()
                    .map(s -> new ChaosRun.Step(s.after(), m -> target(s, m), plan(s), s.to())).toList();
            ChaosRun.Result r = ChaosRun.run(new ChaosRun.Options(topology, expected(), runSteps,
                    OutageBound.dualMasters(topology.nodes().get(0).files().get(SeedTopology.CONFIG)), ProbeJar.locate(), progress, attach));
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
                    r.boundFormula());
        }

        /** Step {@code step}'s target once the cluster has converged on master {@code m}; see {@link #target(Step, String)}. */
        String target(int step, String m) {
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
    }

    /** A mistake in one step of a run: which step (0-based) and which of its fields, or null for the fault itself. */
    static final class StepException extends IllegalArgumentException {
        final int step;
        final String key;

        StepException(int step, String key, String message) {
            super(message);
            this.step = step;
            this.key = key;
        }
    }

    private FaultPlan.Kind kind() {
        return fault.kill != null ? FaultPlan.Kind.KILL : fault.stop != null ? FaultPlan.Kind.STOP : fault.hang != null ? FaultPlan.Kind.HANG
                : fault.blockVrrp != null ? FaultPlan.Kind.BLOCK_VRRP : fault.partition ? FaultPlan.Kind.PARTITION
                : fault.pause ? FaultPlan.Kind.PAUSE : fault.linkDown ? FaultPlan.Kind.LINK_DOWN : fault.cpuHog ? FaultPlan.Kind.CPU_HOG
                : FaultPlan.Kind.LOSS;
    }

    private String argument() {
        return fault.kill != null ? fault.kill : fault.stop != null ? fault.stop : fault.hang != null ? fault.hang
                : fault.blockVrrp != null ? fault.blockVrrp : fault.loss;
    }
}
