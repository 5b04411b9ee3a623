package dev.hatest.cli;

import dev.hatest.harness.bench.BenchReport;
import dev.hatest.harness.bench.TakeoverBench;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.scenario.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code hatest bench}: the takeover benchmark, vrrpd and keepalived side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Run each scenario N times per daemon on fresh clusters, alternating the daemons so that the machine's "
                + "noise hits both alike, and print p50, p95 and max of the client-observed outage and of each step of the "
                + "takeover, beside the protocol's arithmetic, with the vrrpd/keepalived ratio.",
                "A benchmark: it judges nothing, and exits 0 once the figures are out."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "nginx-kill, daemon-crash (keepalived-crash for keepalived), graceful-stop, failback, cpu-stress; "
                    + "repeat or separate with commas. Default: the four takeovers (cpu-stress takes minutes: name it).")
    List<String> scenarios;

    @Option(names = "--daemon", paramLabel = "D[,D]", split = ",", defaultValue = "vrrpd,keepalived",
            description = "The daemons to compare (default vrrpd,keepalived). D+load:RATE is daemon D with the users' load of "
                    + "--load RATE beside the probe: vrrpd,vrrpd+load:100 measures whether the load disturbs the takeover.")
    List<String> daemons;

    @Option(names = {"--repeat", "--reps"}, paramLabel = "N", defaultValue = "5",
            description = "Runs per scenario and daemon (default 5); `--repeat`, as `run` says it (`--reps` still works).")
    int reps;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "seed",
            description = "The nodes' timers: seed (the article's: advert_int 1, check interval 2, fall 2, rise 1) or fast "
                    + "(VRRPv3 at advert_int 0.05 s, nginx tracked as a process; keepalived, which can't track processes in a "
                    + "container, checks nginx every 1 s with fall 1).")
    String profile;

    @Option(names = "--ipv6", description = "The seed pair's instance on IPv6 (VRRPv3 over IPv6, as `chaos --ipv6`): the "
            + "profile is reported as P+ipv6.")
    boolean ipv6;

    @Option(names = "--stress-duration", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long cpu-stress saturates the CPUs (default 5m).")
    String stressDuration;

    @Option(names = "--json", description = "Print the figures as JSON instead of the table.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the figures as an HTML page, with the users' load plot of each D+load:RATE daemon's median rep.")
    java.nio.file.Path htmlFile;

    @Option(names = {"--save", "--json-file"}, paramLabel = "FILE",
            description = "Also write the figures as JSON to FILE; `--save`, as the other commands say it (`--json-file` still works).")
    java.nio.file.Path jsonFile;

    @Override
    public Integer call() throws Exception {
        if (reps < 1) {
            throw new IllegalArgumentException("--repeat: " + reps + " is not a positive count");
        }
        List<TakeoverBench.Scenario> chosen = new ArrayList<>();
        if (scenarios == null || scenarios.isEmpty()) {
            chosen.addAll(TakeoverBench.Scenario.defaults());
        } else {
            for (String s : scenarios) {
                TakeoverBench.Scenario sc = TakeoverBench.Scenario.parse(s);
                if (!chosen.contains(sc)) {
                    chosen.add(sc);
                }
            }
        }
        java.time.Duration stress = Durations.parse("--stress-duration", stressDuration);
        if (profile.contains("+")) {
            throw new IllegalArgumentException("--profile: unknown profile '" + profile + "' (seed or fast; --ipv6 for IPv6)");
        }
        String profile = ipv6 ? this.profile + "+ipv6" : this.profile;
        List<String> ds = daemons.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String d : ds) {
            TakeoverBench.topology(profile, d);  // checks the daemon and the profile before any container
        }
        PrintWriter err = spec.commandLine().getErr();
        List<TakeoverBench.Rep> results = TakeoverBench.run(chosen, ds, reps, profile, stress, ProbeJar.locate(), s -> progress.say(err, s),
                r -> progress.say(err, String.format(Locale.ROOT, "%s on %s: %s%s", r.scenario().label, r.daemon(),
                        r.scenario() == TakeoverBench.Scenario.CPU_STRESS
                                ? String.format(Locale.ROOT, "%.0f flaps, max advert gap %.0f ms", r.steps().getOrDefault(TakeoverBench.FLAPS, Double.NaN),
                                        r.steps().getOrDefault(TakeoverBench.MAX_GAP, Double.NaN))
                                : String.format(Locale.ROOT, "outage %.0f ms", r.outageMs()),
                        r.passed() ? "" : " (a verdict failed)")));
        BenchReport report = new BenchReport(profile, reps, ds, chosen, results, BenchReport.machine(),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.text());
        out.flush();
        if (jsonFile != null) {
            java.nio.file.Files.writeString(jsonFile, report.json() + System.lineSeparator());
        }
        if (htmlFile != null) {
            java.nio.file.Files.writeString(htmlFile, report.html());
        }
        return Hatest.PASSED;
    }
}
