package dev.hatest.cli;

import dev.hatest.harness.check.Differential;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.Durations;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hatest run SCENARIO.yaml|DIR}: declarative chaos scenarios, optionally one shard of them, repeated. */
@Command(name = "run", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
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

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = {"Run up to N clusters at once (default 1), each on a test network of its own: a free subnet is found for each"
                    + " (198.18.0.0/24, else one of 198.19.0.0/16). With --differential a scenario's two runs go side by side, on the same"
                    + " machine at the same time. Timing bounds share the cores: 3 suits a 2-core machine (README, Tests)."})
    int parallel;

    @Option(names = "--list", description = "Only list the scenarios this shard would run, and check them.")
    boolean list;

    /** chaos's cluster options; each one given replaces what every scenario says (own configs replace its nodes). */
    @Mixin
    ClusterMixin cluster;

    @Mixin
    LoadMixin load;

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
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel: " + parallel + " is not a positive count");
        }
        if (parallel > 1 && cluster.subnetGiven) {
            throw new IllegalArgumentException("--parallel runs clusters side by side, each on a subnet of its own: drop --subnet");
        }
        if (differential && cluster.daemon != null) {
            throw new IllegalArgumentException("--differential runs both daemons: drop --daemon");
        }
        ChaosPlan.Overrides overrides = overrides();
        List<Path> files = ScenarioFile.find(path);
        if (shard != null) {
            int[] s = parseShard(shard);
            files = ScenarioFile.shard(files, s[0], s[1]);
        }
        // Read and check every scenario before starting anything: a typo in the last file must not cost a run.
        List<ScenarioFile> scenarios = new ArrayList<>();
        List<List<ChaosPlan>> runs = new ArrayList<>();
        for (Path f : files) {
            ScenarioFile sc = ScenarioFile.read(f);
            if (differential) {
                runs.add(List.of(ChaosPlan.of(sc, overrides.withDaemon("vrrpd")), ChaosPlan.of(sc, overrides.withDaemon("keepalived"))));
            } else {
                runs.add(List.of(ChaosPlan.of(sc, overrides)));
            }
            scenarios.add(sc);
        }
        if (list) {
            scenarios.forEach(sc -> spec.commandLine().getOut().println(sc.file() + "  " + sc.name()));
            spec.commandLine().getOut().flush();
            return Hatest.PASSED;
        }
        // Every run, in the order of the reports; up to --parallel of them at once.
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            for (int k = 1; k <= repeat; k++) {
                String title = scenarios.get(i).name() + (repeat > 1 ? " (" + k + "/" + repeat + ")" : "");
                for (ChaosPlan c : runs.get(i)) {
                    jobs.add(new Job(i, title, c, title + (differential ? " [" + c.topology().nodes().get(0).daemon() + "]" : "")));
                }
            }
        }
        List<RunReport> done = runAll(jobs);
        List<RunReport> reportsOut = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            reportsOut.add(done.get(j));
            if (differential && j % 2 == 1) {
                Job v = jobs.get(j - 1);
                reportsOut.add(compare(v.title(), runs.get(v.scenario()).get(0), runs.get(v.scenario()).get(1), done.get(j - 1), done.get(j)));
            }
        }
        reports.emit(spec.commandLine().getOut(), reportsOut);
        long failed = reportsOut.stream().filter(r -> !r.passed()).count();
        spec.commandLine().getOut().printf("%d of %d runs passed%n", reportsOut.size() - failed, reportsOut.size());
        spec.commandLine().getOut().flush();
        return Hatest.exitCode(reportsOut, spec.commandLine().getErr());
    }

    /** One run of a scenario: which, its title (the scenario's, with its repetition), its plan and its report's title. */
    private record Job(int scenario, String title, ChaosPlan plan, String runTitle) {
    }

    /**
     * The jobs' reports, in the jobs' order: one after another, or up to {@link #parallel} at once, each with its
     * progress lines prefixed by its title. A job that throws stops the command as it would alone, once the
     * runs under way have ended (each removes its own cluster).
     */
    private List<RunReport> runAll(List<Job> jobs) throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (parallel == 1 || jobs.size() == 1) {
            List<RunReport> out = new ArrayList<>();
            for (Job j : jobs) {
                progress.say(err, "scenario " + j.runTitle());
                out.add(j.plan().run(j.runTitle(), s -> progress.say(err, s)));
            }
            return out;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(parallel, jobs.size()), r -> {
            Thread t = new Thread(r, "hatest-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<RunReport>> futures = new ArrayList<>();
            for (Job j : jobs) {
                futures.add(pool.submit(() -> {
                    synchronized (err) {
                        progress.say(err, "scenario " + j.runTitle());
                    }
                    return j.plan().run(j.runTitle(), s -> {
                        synchronized (err) {
                            progress.say(err, "[" + j.runTitle() + "] " + s);
                        }
                    });
                }));
            }
            List<RunReport> out = new ArrayList<>();
            for (java.util.concurrent.Future<RunReport> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdown();  // no new run; those under way end and remove their clusters
                    pool.awaitTermination(30, java.util.concurrent.TimeUnit.MINUTES);
                    throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The differential verdicts of one scenario's vrrpd and keepalived runs, as a report of their own. */
    static RunReport compare(String title, ChaosPlan chaos, ChaosPlan keepalivedChaos, RunReport vrrpd, RunReport keepalived) {
        String broken = vrrpd.broken() != null ? "the vrrpd run: " + vrrpd.broken()
                : keepalived.broken() != null ? "the keepalived run: " + keepalived.broken() : null;
        if (broken != null) {
            // one side could not be judged: there is nothing sound to compare it with
            return new RunReport(title + ": vrrpd and keepalived compared", false, List.of(Verdict.unknown("differential", broken)), List.of(),
                    List.of(), null, broken);
        }
        if (chaos.rollout() != null) {
            RunReport d = dev.hatest.harness.scenario.Rollout.differential(vrrpd, keepalived,
                    OutageBound.advertMillis(chaos.topology().nodes().get(0).config(),
                            chaos.topology().vip()));
            return new RunReport(title + ": vrrpd and keepalived compared", d.passed(), d.verdicts(), List.of(), List.of(), d.boundFormula());
        }
        // The two sides may track nginx differently (the fast profile: a process for vrrpd, a script for
        // keepalived): the wider tolerance of the two applies.
        Differential.Tolerance a = tolerance(chaos);
        Differential.Tolerance b = tolerance(keepalivedChaos);
        Differential.Tolerance t = b.timingMs() > a.timingMs() ? b : a;
        String vip = chaos.topology().vip();
        dev.hatest.harness.cluster.NodeConfig conf = chaos.topology().nodes().get(0).config();
        List<dev.hatest.harness.check.Verdict> verdicts = Differential.compare(
                new Differential.Side("vrrpd", vrrpd.events(), vrrpd.failovers(), vipOf(vrrpd)),
                new Differential.Side("keepalived", keepalived.events(), keepalived.failovers(), vipOf(keepalived)), vip,
                OutageBound.instanceFor(conf, vip), t);
        boolean passed = verdicts.stream().allMatch(dev.hatest.harness.check.Verdict::passed);
        return new RunReport(title + ": vrrpd and keepalived compared", passed, verdicts, List.of(), List.of(), "tolerance: " + t.formula());
    }

    /** The VIP a run probed (moved with its cluster when its subnet was taken), or null when its report doesn't say. */
    private static String vipOf(RunReport r) {
        return r.analysis() == null ? null : r.analysis().vip();
    }

    /** The tolerance of a differential run of {@code chaos}: see {@link OutageBound#differentialTolerance}. */
    static Differential.Tolerance tolerance(ChaosPlan chaos) {
        dev.hatest.harness.cluster.NodeConfig conf = chaos.topology().nodes().get(0).config();
        return OutageBound.differentialTolerance(conf, chaos.topology().vip(), chaos.steps().stream().anyMatch(s -> "nginx".equalsIgnoreCase(s.arg())),
                chaos.steps().stream().anyMatch(s -> s.kind() == FaultPlan.Kind.HANG));
    }

    /** The overrides, checked before any scenario is read: their mistakes are the command line's, not a file's. */
    private ChaosPlan.Overrides overrides() {
        OutageBound bound = outageUnder == null ? null
                : new OutageBound(Durations.parse("--expect-outage-under", outageUnder).toMillis(), "--expect-outage-under " + outageUnder);
        IpFamily family = cluster.ipv6 ? IpFamily.IPV6 : cluster.dualStack ? IpFamily.DUAL_STACK : null;
        if (cluster.daemon != null || cluster.configDir != null || cluster.topologyFile != null || cluster.nodes != null || cluster.profile != null
                || family != null || cluster.subnetGiven) {
            // checked now as the command line's mistakes, whatever the scenarios say
            cluster.spec().withDaemon(cluster.daemon == null ? "vrrpd" : cluster.daemon).topology();
        }
        return new ChaosPlan.Overrides(cluster.configDir, cluster.daemon, bound, cluster.topologyFile, cluster.nodes, cluster.profile, family,
                cluster.subnetGiven ? cluster.subnet : null, load.load());
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
