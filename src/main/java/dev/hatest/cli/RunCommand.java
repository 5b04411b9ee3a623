package dev.hatest.cli;

import dev.hatest.harness.check.Differential;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import dev.hatest.harness.scenario.ScenarioFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hatest run SCENARIO.yaml|DIR}: declarative chaos scenarios, optionally one shard of them, repeated. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run declarative chaos scenarios: a YAML file, or every *.yaml in a folder (by name).",
                "The seed scenarios ship in src/main/resources/dev/hatest/scenarios/. The format is in the README.",
                "With --differential, each scenario runs on vrrpd and on keepalived, and a third report compares the two.",
                "Exits 0 when every run passed, 1 when a verdict failed, 2 for a bad scenario (file:line)."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Mixin
    ReportMixin reports;

    @Parameters(paramLabel = "SCENARIO", description = "A scenario file, or a folder of them.")
    Path path;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only shard I of N (1-based): every N-th scenario from the I-th, so N agents split the folder.")
    String shard;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Run each scenario N times (default 1).")
    int repeat;

    @Option(names = "--list", description = "Only list the scenarios this shard would run, and check them.")
    boolean list;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Run every scenario against these configs (one folder per node, as for chaos) instead of its own topology.")
    Path configDir;

    @Option(names = "--daemon", paramLabel = "vrrpd|keepalived", description = "Run every scenario with this daemon, whatever it says.")
    String daemon;

    @Option(names = "--expect-outage-under", paramLabel = "DURATION",
            description = "The outage bound for every scenario, replacing its own expect.outageUnder and the derived one.")
    String outageUnder;

    @Option(names = "--differential",
            description = "Run each scenario twice, on all-vrrpd and on all-keepalived nodes, and compare the winners, the order of "
                    + "masters, the split-brain time and each takeover step (within a tolerance derived from the timers).")
    boolean differential;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat: " + repeat + " is not a positive count");
        }
        if (differential && daemon != null) {
            throw new IllegalArgumentException("--differential runs both daemons: drop --daemon");
        }
        Overrides overrides = overrides();
        List<Path> files = ScenarioFile.find(path);
        if (shard != null) {
            int[] s = parseShard(shard);
            files = ScenarioFile.shard(files, s[0], s[1]);
        }
        // Read and check every scenario before starting anything: a typo in the last file must not cost a run.
        List<ScenarioFile> scenarios = new ArrayList<>();
        List<List<ChaosCommand.Chaos>> runs = new ArrayList<>();
        for (Path f : files) {
            ScenarioFile sc = ScenarioFile.read(f);
            if (differential) {
                runs.add(List.of(chaos(sc, overrides.withDaemon("vrrpd")), chaos(sc, overrides.withDaemon("keepalived"))));
            } else {
                runs.add(List.of(chaos(sc, overrides)));
            }
            scenarios.add(sc);
        }
        if (list) {
            scenarios.forEach(sc -> spec.commandLine().getOut().println(sc.file() + "  " + sc.name()));
            spec.commandLine().getOut().flush();
            return Hatest.PASSED;
        }
        List<RunReport> reportsOut = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            for (int k = 1; k <= repeat; k++) {
                String title = scenarios.get(i).name() + (repeat > 1 ? " (" + k + "/" + repeat + ")" : "");
                List<RunReport> pair = new ArrayList<>();
                for (ChaosCommand.Chaos c : runs.get(i)) {
                    String t = title + (differential ? " [" + c.topology().nodes().get(0).daemon() + "]" : "");
                    progress.say(spec.commandLine().getErr(), "scenario " + t);
                    pair.add(c.run(t, s -> progress.say(spec.commandLine().getErr(), s)));
                }
                reportsOut.addAll(pair);
                if (differential) {
                    reportsOut.add(compare(title, runs.get(i).get(0), runs.get(i).get(1), pair.get(0), pair.get(1)));
                }
            }
        }
        reports.emit(spec.commandLine().getOut(), reportsOut);
        long failed = reportsOut.stream().filter(r -> !r.passed()).count();
        spec.commandLine().getOut().printf("%d of %d runs passed%n", reportsOut.size() - failed, reportsOut.size());
        spec.commandLine().getOut().flush();
        return failed == 0 ? Hatest.PASSED : Hatest.FAILED;
    }

    /** What the command line imposes on every scenario; each is null when not given. */
    record Overrides(Path configDir, String daemon, OutageBound bound) {
        static final Overrides NONE = new Overrides(null, null, null);

        Overrides withDaemon(String d) {
            return new Overrides(configDir, d, bound);
        }
    }

    /** The differential verdicts of one scenario's vrrpd and keepalived runs, as a report of their own. */
    static RunReport compare(String title, ChaosCommand.Chaos chaos, ChaosCommand.Chaos keepalivedChaos, RunReport vrrpd, RunReport keepalived) {
        // The two sides may track nginx differently (the fast profile: a process for vrrpd, a script for
        // keepalived): the wider tolerance of the two applies.
        Differential.Tolerance a = tolerance(chaos);
        Differential.Tolerance b = tolerance(keepalivedChaos);
        Differential.Tolerance t = b.timingMs() > a.timingMs() ? b : a;
        String vip = chaos.topology().vip();
        String conf = chaos.topology().nodes().get(0).files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG);
        List<dev.hatest.harness.check.Verdict> verdicts = Differential.compare(
                new Differential.Side("vrrpd", vrrpd.events(), vrrpd.failovers()),
                new Differential.Side("keepalived", keepalived.events(), keepalived.failovers()), vip, OutageBound.instanceFor(conf, vip), t);
        boolean passed = verdicts.stream().allMatch(dev.hatest.harness.check.Verdict::passed);
        return new RunReport(title + ": vrrpd and keepalived compared", passed, verdicts, List.of(), List.of(), "tolerance: " + t.formula());
    }

    /** The tolerance of a differential run of {@code chaos}: see {@link OutageBound#differentialTolerance}. */
    static Differential.Tolerance tolerance(ChaosCommand.Chaos chaos) {
        String conf = chaos.topology().nodes().get(0).files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG);
        return OutageBound.differentialTolerance(conf, chaos.steps().stream().anyMatch(s -> "nginx".equalsIgnoreCase(s.arg())),
                chaos.steps().stream().anyMatch(s -> s.kind() == FaultPlan.Kind.HANG));
    }

    /** The overrides, checked before any scenario is read: their mistakes are the command line's, not a file's. */
    private Overrides overrides() {
        OutageBound bound = outageUnder == null ? null
                : new OutageBound(Durations.parse("--expect-outage-under", outageUnder).toMillis(), "--expect-outage-under " + outageUnder);
        if (daemon != null || configDir != null) {
            ClusterMixin c = new ClusterMixin();
            c.configDir = configDir;
            c.daemon = daemon == null ? "vrrpd" : daemon;
            c.subnet = dev.hatest.harness.cluster.SeedTopology.DEFAULT_SUBNET;
            c.topology();
        }
        return new Overrides(configDir, daemon, bound);
    }

    static ChaosCommand.Chaos chaos(ScenarioFile sc, Overrides o) {
        ClusterMixin c = new ClusterMixin();
        c.configDir = o.configDir() != null ? o.configDir() : sc.configDir();
        c.nodes = o.configDir() != null ? null : sc.topology().nodes();
        c.profile = o.configDir() != null ? null : sc.topology().profile();
        c.daemon = o.daemon() != null ? o.daemon() : sc.topology().daemon() == null ? "vrrpd" : sc.topology().daemon();
        c.subnet = sc.topology().subnet() == null ? dev.hatest.harness.cluster.SeedTopology.DEFAULT_SUBNET : sc.topology().subnet();
        Topology t = fileField(sc, c::topology);
        List<ChaosCommand.Step> steps = new ArrayList<>();
        for (int i = 0; i < sc.faults().size(); i++) {
            ScenarioFile.Fault f = sc.faults().get(i);
            int step = i;
            Duration heal = stepField(sc, step, "healAfter", () -> f.healAfter() == null ? null : Durations.parse("healAfter", f.healAfter()));
            Duration after = stepField(sc, step, "after", () -> f.after() == null ? null : Durations.parse("after", f.after()));
            FaultPlan.Outcome outcome = stepField(sc, step, "outcome", () -> f.outcome() == null ? null : FaultPlan.parseOutcome(f.outcome()));
            steps.add(new ChaosCommand.Step(sc.kind(step), sc.argument(step), f.node(), heal, after, outcome, f.to()));
        }
        OutageBound bound = o.bound() != null ? o.bound() : sc.expect().outageUnder() == null ? null : fileField(sc, () -> new OutageBound(
                Durations.parse("outageUnder", sc.expect().outageUnder()).toMillis(), "outageUnder " + sc.expect().outageUnder()));
        ChaosCommand.Chaos chaos = new ChaosCommand.Chaos(t, c.describe(t), steps, bound, sc.expect().master(), null);
        try {
            chaos.check();
        } catch (ChaosCommand.StepException e) {
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
                {"--config-dir", "configDir"}, {"directory", "configDir"}}) {
            if (m.contains(k[0])) {
                return k[1];
            }
        }
        return "topology";
    }

    static int[] parseShard(String s) {
        String[] p = s.split("/");
        try {
            int i = Integer.parseInt(p[0].trim());
            int n = Integer.parseInt(p[1].trim());
            if (p.length == 2 && n >= 1 && i >= 1 && i <= n) {
                return new int[]{i, n};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // below
        }
        throw new IllegalArgumentException("--shard: '" + s + "' is not I/N with 1 <= I <= N (e.g. 2/4)");
    }
}
