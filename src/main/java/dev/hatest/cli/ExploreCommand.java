package dev.hatest.cli;

import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.explore.Explorer;
import dev.hatest.harness.explore.Schedules;
import dev.hatest.harness.scenario.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code hatest explore}: search fault schedules for one that breaks the pair, shrink it, save it as a scenario. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {"0:the budget ran out and nothing broke the pair", "1:a schedule broke the pair (a finding: reproduced, shrunk, saved)",
                Hatest.EXIT_2, "3:environment not usable, or no run could be judged", Hatest.EXIT_4},
        description = {"Try fault schedules on fresh clusters until one fails a verdict or the budget runs out: first the faults the "
                + "configs predict to break the pair (hatest plan's model), then every single fault of the catalogue on the master, a "
                + "backup and each node, then pairs, each rank shuffled by --seed.",
                "A failing schedule is shrunk (fewer faults, shorter holds) to the smallest that fails the same verdicts, run again "
                        + "to count how often it reproduces (a schedule that does not is reported as flaky, and the search goes on), "
                        + "and saved as a scenario file that `hatest run` replays."})
public final class ExploreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Mixin
    ClusterMixin cluster;

    @Mixin
    ReportMixin reports;

    @Mixin
    LoadMixin load;

    @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to search (default 10m): no run starts after it; the one running ends.")
    String budget;

    @Option(names = "--seed", paramLabel = "N", description = "The seed of the search order (default: a new one, printed).")
    Long seed;

    @Option(names = "--max-faults", paramLabel = "K", defaultValue = "2", description = "Schedules of 1 to K faults (1 or 2; default 2).")
    int maxFaults;

    @Option(names = "--faults", paramLabel = "LIST",
            description = "The catalogue to search, comma-separated (default: all): kill:nginx, kill:vrrpd, stop:vrrpd, hang:nginx, "
                    + "stop:nginx, restart-daemon, reload, pause, link-down, partition, block-vrrp:out, block-vrrp:in, loss:30, cpu-hog.")
    String faults;

    @Option(names = "--reruns", paramLabel = "N", defaultValue = "1",
            description = "How many times the shrunk schedule is run again to count its reproductions (default 1; 0: none).")
    int reruns;

    @Option(names = "--save-scenario", paramLabel = "FILE", description = "Write the shrunk schedule as a scenario file for `hatest run`.")
    Path saveScenario;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Write the search as JSON: the seed, each run (its schedule, outcome, failed verdict ids, seconds), "
                    + "the finding (shrunk schedule, verdicts, predicted, reproductions) and the flaky schedules.")
    Path summary;

    @Override
    public Integer call() throws Exception {
        Duration b = Durations.parse("--budget", budget);
        if (maxFaults < 1 || maxFaults > 2) {
            throw new IllegalArgumentException("--max-faults: " + maxFaults + " (1 or 2)");
        }
        if (reruns < 0) {
            throw new IllegalArgumentException("--reruns: " + reruns + " is negative");
        }
        List<Schedules.Fault> catalogue = faults == null ? Schedules.CATALOGUE : Schedules.parse(faults);
        ClusterSpec cs = cluster.spec();
        if (saveScenario != null && cs.topologyFile() != null) {
            throw new IllegalArgumentException("--save-scenario: a scenario file can't name a topology file yet; use --config-dir");
        }
        Topology topology = cluster.topology().withLoad(load.load());
        String what = cluster.describe(topology) + (topology.load() == null ? "" : " under " + topology.load().describe() + " of load");
        Explorer.check(topology, what, catalogue);
        long chosen = seed != null ? seed : new java.util.Random().nextLong();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = reports.json ? err : spec.commandLine().getOut();
        progress.say(err, "exploring " + what + " with seed " + chosen + " for " + budget);
        Explorer.Result r = Explorer.explore(new Explorer.Options(topology, catalogue, maxFaults, chosen, b, reruns, s -> progress.say(err, s)),
                Explorer.clusters(topology, what, s -> progress.say(err, s)));

        out.printf(Locale.ROOT, "hatest explore: seed %d, %d runs, %d schedules in the search order%s%n", r.seed(), r.tried().size(),
                r.candidates(), r.budgetSpent() ? " (budget spent)" : "");
        int i = 0;
        for (Explorer.Tried t : r.tried()) {
            out.printf(Locale.ROOT, "  %3d. %-7s %s%s (%.0f s)%n", ++i, t.outcome(), t.schedule().describe(),
                    t.failed().isEmpty() ? "" : ": failed " + String.join(", ", t.failed()), t.seconds());
        }
        if (summary != null) {
            Files.writeString(summary, summaryJson(r));
        }
        for (Explorer.Finding f : r.flaky()) {
            out.println("FLAKY (did not reproduce, not a finding): " + f.minimal().describe() + " failed " + String.join(", ", f.invariant()));
        }
        if (r.finding() == null) {
            out.println(r.nothingJudged() ? "NOTHING JUDGED: every run broke (see above)" : "NOTHING FOUND within the budget");
            out.flush();
            return r.nothingJudged() ? 3 : 0;
        }
        Explorer.Finding f = r.finding();
        out.printf(Locale.ROOT, "FOUND: %s fails %s (%s; reproduced %d of %d)%n", f.minimal().describe(), String.join(", ", f.invariant()),
                f.minimal().predicted() ? "predicted by the configs, confirmed by a run" : "found by search",
                f.reproduced(), f.reruns());
        if (!f.found().equals(f.minimal())) {
            out.println("  shrunk from: " + f.found().describe());
        }
        if (saveScenario != null) {
            Files.writeString(saveScenario, scenario(cs, topology.load(), f, r.seed()));
            out.println("  saved as " + saveScenario + ": `hatest run " + saveScenario + "` replays it");
        }
        out.flush();
        reports.emit(spec.commandLine().getOut(), f.report());
        return f.report().verdicts().stream().anyMatch(v -> v.outcome() == Verdict.Outcome.FAIL) ? 1 : Hatest.exitCode(f.report(), err);
    }

    /** The search as JSON ({@code --summary}): what a script or a test reads instead of the printed lines. */
    static String summaryJson(Explorer.Result r) throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
        root.put("seed", r.seed());
        root.put("candidates", r.candidates());
        root.put("budgetSpent", r.budgetSpent());
        List<Object> runs = new java.util.ArrayList<>();
        for (Explorer.Tried t : r.tried()) {
            java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
            o.put("schedule", t.schedule().describe());
            o.put("predicted", t.schedule().predicted());
            o.put("outcome", t.outcome().name());
            o.put("failed", t.failed());
            o.put("seconds", Math.round(t.seconds() * 10) / 10.0);
            runs.add(o);
        }
        root.put("runs", runs);
        root.put("finding", r.finding() == null ? null : finding(r.finding()));
        root.put("flaky", r.flaky().stream().map(ExploreCommand::finding).toList());
        root.put("outcome", r.finding() != null ? "FOUND" : r.nothingJudged() ? "NOTHING_JUDGED" : "NOTHING_FOUND");
        return m.writeValueAsString(root);
    }

    private static java.util.Map<String, Object> finding(Explorer.Finding f) {
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("schedule", f.minimal().describe());
        o.put("shrunkFrom", f.found().equals(f.minimal()) ? null : f.found().describe());
        o.put("failed", f.invariant());
        o.put("predicted", f.minimal().predicted());
        o.put("reproduced", f.reproduced());
        o.put("reruns", f.reruns());
        return o;
    }

    /** The finding as a scenario file: the cluster these options name, and the shrunk schedule. */
    static String scenario(ClusterSpec cs, Explorer.Finding f, long seed) {
        return scenario(cs, null, f, seed);
    }

    /** The same, with the users' load the search ran under ({@code load:}), or none. */
    static String scenario(ClusterSpec cs, dev.hatest.harness.cluster.Load load, Explorer.Finding f, long seed) {
        StringBuilder b = new StringBuilder();
        b.append("# found by hatest explore (seed ").append(seed).append("): fails ").append(String.join(", ", f.invariant())).append('\n');
        b.append("name: ").append(f.minimal().describe().replace(":", " -")).append('\n');
        b.append("topology:\n");
        if (cs.configDir() != null) {
            b.append("  configDir: ").append(cs.configDir().toAbsolutePath().normalize()).append('\n');
        } else {
            if (cs.nodes() != null) {
                b.append("  nodes: ").append(cs.nodes()).append('\n');
            }
            if (cs.profile() != null) {
                b.append("  profile: ").append(cs.profile()).append('\n');
            }
            if (cs.family() != IpFamily.IPV4) {
                b.append("  family: ").append(cs.family() == IpFamily.IPV6 ? "ipv6" : "dual-stack").append('\n');
            }
        }
        if (cs.daemon() != null) {
            b.append("  daemon: ").append(cs.daemon()).append('\n');
        }
        if (load != null) {
            b.append("load:\n  rate: ").append(load.rate() == Math.rint(load.rate()) ? String.valueOf((long) load.rate())
                            : String.valueOf(load.rate())).append('\n')
                    .append("  timeout: ").append(load.timeoutMs()).append("ms\n")
                    .append("  downloads: ").append(load.downloads()).append('\n');
            if (load.maxFailed() != null) {
                b.append("  maxFailed: ").append(load.maxFailed()).append('\n');
            }
            if (load.maxCut() != null) {
                b.append("  maxCut: ").append(load.maxCut()).append('\n');
            }
        }
        b.append(Schedules.faultsYaml(f.minimal()));
        return b.toString();
    }
}
