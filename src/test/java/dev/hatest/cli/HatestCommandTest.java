package dev.hatest.cli;

import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.cluster.ClusterStatus;
import dev.hatest.harness.cluster.ConfigDirTopologyTest;
import dev.hatest.harness.cluster.EnvironmentException;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.ReportsTest;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.OutageBound;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the CLI through execute() with captured output; none of these needs an engine. */
class HatestCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Hatest.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("up", "status", "chaos", "run", "down", "doctor", "report", "generate-completion");
    }

    @Test
    void versionIsThePomsAsTheBuildWroteIt() throws Exception {
        // The pom's version, read here from the pom itself: the filtered resource must match it, not a literal.
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("hatest " + m.group(1) + System.lineSeparator());
    }

    @Test
    void chaosHelpListsEveryFault() {
        assertThat(run("chaos", "--help")).isZero();
        assertThat(out.toString()).contains("--kill", "--stop", "--hang", "--block-vrrp", "--partition", "--pause", "--link-down",
                "--loss", "--cpu-hog", "--restart-node", "--node", "--heal-after", "--expect-outage-under", "--config-dir", "--daemon", "--profile",
                "--junit-xml", "--html", "--json");
    }

    @Test
    void badLoadOptionsAreUsageErrorsBeforeAnyContainer() {
        assertThat(run("chaos", "--kill", "nginx", "--load", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--load: 0.0 requests per second is not between 1 and 1000");
        assertThat(run("chaos", "--kill", "nginx", "--load-max-cut", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("go with --load RATE");
        assertThat(run("chaos", "--kill", "nginx", "--load", "100", "--load-downloads", "9")).isEqualTo(2);
        assertThat(err.toString()).contains("--load-downloads: 9 is not between 0 and 8");
        assertThat(run("chaos", "--kill", "nginx", "--load", "100", "--load-timeout", "soon")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--load", "100", "--attach")).isEqualTo(2);
        assertThat(err.toString()).contains("drop --load");
        assertThat(run("run", "somewhere.yaml", "--load", "2000")).isEqualTo(2);
        assertThat(run("chaos", "--help")).isZero();
        assertThat(out.toString()).contains("--load=RATE", "--load-max-failed", "--load-max-cut", "--load-timeout", "--load-downloads");
    }

    @Test
    void badFaultArgumentsAreUsageErrorsBeforeAnyContainer() {
        assertThat(run("chaos", "--block-vrrp", "sideways")).isEqualTo(2);
        assertThat(run("chaos", "--loss", "150")).isEqualTo(2);
        assertThat(run("chaos", "--hang", "vrrpd")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--node", "lb09")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--daemon", "bird")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--nodes", "1")).isEqualTo(2);
        assertThat(run("chaos", "--pause", "--partition")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--profile", "turbo")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--profile", "fast", "--config-dir", "somewhere")).isEqualTo(2);
        assertThat(run("bench", "--scenario", "cpu-stress", "--stress-duration", "soon")).isEqualTo(2);
        // bench says --repeat and --save as run and chaos do; its old names still work
        assertThat(run("bench", "--repeat", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--repeat: 0 is not a positive count");
        assertThat(run("bench", "--reps", "0")).isEqualTo(2);
        // explore refuses bad usage before any container
        assertThat(run("explore", "--max-faults", "3")).isEqualTo(2);
        assertThat(run("explore", "--faults", "kill:nginx,teleport")).isEqualTo(2);
        assertThat(err.toString()).contains("'teleport' is not a fault");
        assertThat(run("explore", "--budget", "soon")).isEqualTo(2);
        assertThat(run("explore", "--faults", "kill:bird")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown direction 'sideways'", "'150' is not a percentage", "only nginx can be hung",
                "no node named 'lb09'", "unknown daemon 'bird'", "--nodes: 1 is not between 2 and 9", "unknown profile 'turbo' (seed, fast)",
                "--profile rewrites the seed's configs", "--stress-duration: 'soon' is not a duration");
    }

    @Test
    void aBrokenUserConfigIsAUsageErrorWithFileAndLine(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectories(dir.resolve("edge1"));
        Files.writeString(d.resolve("keepalived.conf"), "vrrp_instance X {\n  interface eth0\n  virtual_router_id 0\n  priority 100\n}\n");
        assertThat(run("chaos", "--kill", "nginx", "--config-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(d.resolve("keepalived.conf") + ":3: ");
        assertThat(run("chaos", "--kill", "nginx", "--config-dir", dir.resolve("missing").toString())).isEqualTo(2);
    }

    @Test
    void reportReRendersASavedRunAndExitsWithItsVerdict(@TempDir Path dir) throws Exception {
        Path saved = Files.writeString(dir.resolve("run.json"), JsonReport.render(ReportsTest.run()));
        Path xml = dir.resolve("out/r.xml");
        Path html = dir.resolve("out/r.html");
        Path csv = dir.resolve("plot.csv");

        assertThat(run("report", saved.toString(), "--junit-xml", xml.toString(), "--html", html.toString(), "--plot-csv", csv.toString()))
                .as("the saved run failed a verdict").isEqualTo(1);

        assertThat(out.toString()).contains("FAIL single master", "client outage 5000 ms", "FAILED");
        assertThat(Files.readString(xml)).contains("<testsuite", "failures=\"1\"");
        assertThat(Files.readString(html)).contains("id=\"lane-lb01\"");
        assertThat(Files.readString(csv)).startsWith("outage 1 ms");
    }

    @Test
    void reportOfAPassingRunExitsZeroAndCanPrintJson(@TempDir Path dir) throws Exception {
        RunReport failing = ReportsTest.run();
        RunReport passing = new RunReport(failing.title(), true, failing.verdicts().subList(0, 1), failing.failovers(), failing.events(),
                failing.boundFormula());
        Path saved = Files.writeString(dir.resolve("run.json"), JsonReport.render(passing));

        assertThat(run("report", saved.toString(), "--json")).isZero();
        assertThat(out.toString()).contains("\"passed\" : true", "\"outageMs\" : 5000");
    }

    /** A saved chaos run is judged again from its History; only what changes is said on stderr. */
    @Test
    void reportJudgesARecordedRunAgainAndSaysWhatChanged(@TempDir Path dir) throws Exception {
        Path recorded = Path.of("src/test/resources/recorded/vrrpd-partition-split-brain.json.gz");
        assertThat(run("report", recorded.toString())).as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain("differ");
        assertThat(out.toString()).contains("PASS second master", "PASSED");

        // the same run saved with a verdict that this hatest's checkers do not give: the report says so
        RunReport saved = JsonReport.read(recorded);
        java.util.List<dev.hatest.harness.check.Verdict> edited = new java.util.ArrayList<>(saved.verdicts());
        edited.set(1, dev.hatest.harness.check.Verdict.of("second master", true, "1 ms", "<= 5609 ms", "edited"));
        Path file = Files.writeString(dir.resolve("edited.json"), JsonReport.render(new RunReport(saved.title(), true, edited,
                saved.failovers(), saved.events(), saved.boundFormula(), null, saved.analysis())));
        assertThat(run("report", file.toString())).isZero();
        assertThat(err.toString()).contains("hatest report: judged again, 1 verdict(s) differ from the saved run's: second master PASS 1 ms -> "
                + "second master PASS 3406 ms");
        assertThat(run("report", file.toString(), "--as-saved")).isZero();
        assertThat(out.toString()).contains("1 ms");
    }

    @Test
    void reportOfAMissingOrForeignFileIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(run("report", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(run("report", Files.writeString(dir.resolve("x.json"), "[1, 2").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.json: no such file", "x.json:1: not JSON");
    }

    @Test
    void anEnvironmentProblemExitsThreeWithItsDiagnosis() {
        // The handler is what every command relies on when the engine, macvlan or the images are missing.
        CommandLine cl = Hatest.commandLine();
        cl.addSubcommand("broken", new Broken());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("broken")).isEqualTo(3);
        assertThat(err.toString()).contains("hatest: environment not usable: no Docker engine answers: start one");
    }

    @Test
    void aRunThatCouldNotBeJudgedExitsThreeNeverOne(@TempDir Path dir) throws Exception {
        RunReport failing = ReportsTest.run();
        String why = "the client container (the probe of the VIP) is removed from the engine";
        RunReport broken = new RunReport(failing.title(), false, failing.verdicts().stream().map(v -> v.passed() ? v : v.unjudged(why)).toList(),
                failing.failovers(), failing.events(), failing.boundFormula(), why);
        Path saved = Files.writeString(dir.resolve("run.json"), JsonReport.render(broken));

        assertThat(run("report", saved.toString())).as("a broken run is not a failed verdict").isEqualTo(3);
        assertThat(out.toString()).contains("COULD NOT JUDGE: " + why).doesNotContain("FAILED");
        assertThat(err.toString()).contains("hatest: could not judge the run: " + why);
    }

    @Test
    void theEnginesFailureMidRunExitsThreeAndABugInHatestExitsFourWithItsLog() throws Exception {
        CommandLine cl = Hatest.commandLine();
        cl.addSubcommand("engine-gone", new Throwing(new com.github.dockerjava.api.exception.NotFoundException("No such container: 1234")));
        cl.addSubcommand("bug", new Throwing(new NullPointerException("Cannot invoke \"String.length()\" because \"s\" is null")));
        cl.setErr(new PrintWriter(err));

        assertThat(cl.execute("engine-gone")).isEqualTo(3);
        assertThat(err.toString()).contains("hatest: could not judge the run: the Docker engine or a container failed: NotFoundException");

        assertThat(cl.execute("bug")).isEqualTo(4);
        String line = err.toString().lines().filter(l -> l.contains("internal error")).findFirst().orElseThrow();
        assertThat(line).contains("a bug in hatest", "NullPointerException");
        Path log = Path.of(line.substring(line.indexOf("details in ") + "details in ".length()).strip());
        assertThat(Files.readString(log)).contains("hatest bug", "java.lang.NullPointerException", "at dev.hatest.cli.HatestCommandTest");
        Files.delete(log);
    }

    /** An Error escapes picocli's handler: the JVM would exit 1 with it, so hatest catches it and exits 4. */
    @Test
    void anErrorIsABugInHatestToo() throws Exception {
        CommandLine cl = Hatest.commandLine();
        cl.addSubcommand("deep", new Throwing(null) {
            @Override
            public Integer call() {
                throw new StackOverflowError();
            }
        });
        cl.setErr(new PrintWriter(err));

        assertThat(Hatest.execute(cl, "deep")).isEqualTo(4);
        String line = err.toString().lines().filter(l -> l.contains("internal error")).findFirst().orElseThrow();
        assertThat(line).contains("StackOverflowError");
        Files.delete(Path.of(line.substring(line.indexOf("details in ") + "details in ".length()).strip()));
    }

    @CommandLine.Command(name = "throwing")
    static class Throwing implements java.util.concurrent.Callable<Integer> {
        private final RuntimeException e;

        Throwing(RuntimeException e) {
            this.e = e;
        }

        @Override
        public Integer call() {
            throw e;
        }
    }

    @CommandLine.Command(name = "broken")
    static final class Broken implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new EnvironmentException("no Docker engine answers: start one");
        }
    }

    static final Path SEED_SCENARIOS = Path.of("src/main/resources/dev/hatest/scenarios");

    @Test
    void theSeedScenariosAllParseAndCheck() {
        assertThat(run("run", SEED_SCENARIOS.toString(), "--list")).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(8).allMatch(l -> l.contains(".yaml  "));
    }

    @Test
    void shardsSplitTheFolderWithoutOverlap() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i <= 3; i++) {
            out.getBuffer().setLength(0);
            assertThat(run("run", SEED_SCENARIOS.toString(), "--shard", i + "/3", "--list")).isZero();
            out.toString().lines().forEach(l -> assertThat(seen.add(l)).as("in one shard only: " + l).isTrue());
        }
        assertThat(seen).hasSize(8);
        assertThat(run("run", SEED_SCENARIOS.toString(), "--shard", "4/3")).isEqualTo(2);
        assertThat(run("run", SEED_SCENARIOS.toString(), "--shard", "two")).isEqualTo(2);
        assertThat(err.toString()).contains("--shard: '4/3' is not I/N");
    }

    @Test
    void runParallelIsAPositiveCountAndRefusesAChosenSubnetThatEveryClusterWouldWant() {
        assertThat(run("run", SEED_SCENARIOS.toString(), "--parallel", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--parallel: 0 is not a positive count");
        assertThat(run("run", SEED_SCENARIOS.toString(), "--parallel", "3", "--subnet", "198.18.9.0/24")).isEqualTo(2);
        assertThat(err.toString()).contains("--parallel runs clusters side by side, each on a subnet of its own: drop --subnet");
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString()).contains("--parallel=N");
    }

    @Test
    void planSaysWhatEachFailureWouldDoWithoutAnEngineAndExitsOneOnAnErrorFinding(@TempDir Path dir) throws Exception {
        assertThat(run("plan")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("plan of the seed pair: VIP 198.18.0.200, elected lb01", "lb01 101/96 lb02 100/95")
                .containsPattern("lb01 +nginx dead +takeover +lb02 +11\\.6 s +lb01 drops to 96, below lb02's 100");
        out.getBuffer().setLength(0);
        assertThat(run("plan", "--json")).isZero();
        com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(plan.path("whatIf").get(0).path("master").asText()).isEqualTo("lb02");
        assertThat(plan.path("whatIf").get(0).path("boundMs").asDouble()).isEqualTo(11609.375);

        // the operator's pair with a weight too small to move the VIP: an error finding, exit 1
        Path configs = ConfigDirTopologyTest.userConfigs(Files.createDirectories(dir.resolve("ha")));
        for (Path f : List.of(configs.resolve("web-a/keepalived.conf"), configs.resolve("web-b/keepalived.conf"))) {
            Files.writeString(f, Files.readString(f).replaceAll("weight -\\d+", "weight -1"));
        }
        out.getBuffer().setLength(0);
        assertThat(run("plan", "--config-dir", configs.toString())).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("(error)", "leaves the VIP");
        // a config error is a usage error at file:line
        Files.writeString(configs.resolve("web-a/keepalived.conf"), "vrrp_instance X {\n  virtual_router_id 0\n}\n");
        assertThat(run("plan", "--config-dir", configs.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("keepalived.conf:2: ");
    }

    @Test
    void runImposesConfigsDaemonAndBoundOnEveryScenario(@TempDir Path dir) throws Exception {
        Path configs = ConfigDirTopologyTest.userConfigs(Files.createDirectories(dir.resolve("ha")));
        assertThat(run("run", SEED_SCENARIOS.toString(), "--config-dir", configs.toString(), "--daemon", "keepalived",
                "--expect-outage-under", "8s", "--list")).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(8);

        ChaosPlan.Overrides o = new ChaosPlan.Overrides(configs, "keepalived", new OutageBound(8000, "--expect-outage-under 8s"));
        ChaosPlan backup = ChaosPlan.of(ScenarioFile.read(SEED_SCENARIOS.resolve("06-nginx-killed-on-backup.yaml")), o);
        assertThat(backup.topology().nodes()).extracting(NodeSpec::name).containsExactly("web-a", "web-b");
        assertThat(backup.topology().nodes()).allSatisfy(n -> assertThat(n.env()).containsEntry("HATEST_DAEMON", "keepalived"));
        assertThat(backup.userBound().millis()).isEqualTo(8000);
        // `node: backup` is whichever node would take over from the master, whatever the configs call it.
        assertThat(backup.target(0, "web-a")).isEqualTo("web-b");
        assertThat(backup.target(0, "web-b")).isEqualTo("web-a");
        ChaosPlan seed = ChaosPlan.of(ScenarioFile.read(SEED_SCENARIOS.resolve("06-nginx-killed-on-backup.yaml")),
                ChaosPlan.Overrides.NONE);
        assertThat(seed.target(0, "lb01")).isEqualTo("lb02");
        assertThat(seed.userBound()).isNull();
    }

    /** run takes chaos's cluster options (issue 31: options mean the same everywhere), each replacing every scenario's own. */
    @Test
    void runTakesChaossClusterOptions() {
        assertThat(run("run", SEED_SCENARIOS.toString(), "--profile", "fast", "--nodes", "3", "--dual-stack", "--subnet", "198.18.9.0/24",
                "--list")).as(err.toString()).isZero();
        ChaosPlan.Overrides o = new ChaosPlan.Overrides(null, null, null, null, 3, "fast", dev.hatest.harness.cluster.IpFamily.DUAL_STACK,
                "198.18.9.0/24");
        ChaosPlan plan = ChaosPlan.of(ScenarioFile.read(SEED_SCENARIOS.resolve("06-nginx-killed-on-backup.yaml")), o);
        assertThat(plan.topology().nodes()).extracting(NodeSpec::name).containsExactly("lb01", "lb02", "lb03");
        assertThat(plan.topology().vips()).containsExactly("198.18.9.200", "fd00:198:18:9::200");
        assertThat(plan.topology().nodes().get(0).files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG)).contains("advert_int 0.05");
        assertThat(run("run", SEED_SCENARIOS.toString(), "--ipv6", "--dual-stack", "--list")).isEqualTo(2);
        assertThat(err.toString()).contains("--ipv6 and --dual-stack: give one of them");
    }

    /** A scenario's load: key (issue 37) reaches the topology's client, --load replaces it, and a wrong value is an error at its line. */
    @Test
    void aScenariosLoadIsItsClientsAndRunsLoadReplacesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("loaded.yaml");
        Files.writeString(file, "name: under load\nfault:\n  kill: nginx\nload:\n  rate: 200\n  timeout: 500ms\n  maxCut: 0\n");
        ChaosPlan plan = ChaosPlan.of(ScenarioFile.read(file), ChaosPlan.Overrides.NONE);
        assertThat(plan.topology().load()).isEqualTo(new dev.hatest.harness.cluster.Load(200, 500, 2, null, 0));
        ChaosPlan.Overrides o = new ChaosPlan.Overrides(null, null, null, null, null, null, null, null, dev.hatest.harness.cluster.Load.of(50));
        assertThat(ChaosPlan.of(ScenarioFile.read(file), o).topology().load().rate()).isEqualTo(50);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "fault:\n  kill: nginx\nload:\n  timeout: 1s\n");
        assertThat(run("run", bad.toString(), "--list")).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:3: load: needs its rate");
        Files.writeString(bad, "fault:\n  kill: nginx\nload:\n  rate: 5000\n");
        assertThat(run("run", bad.toString(), "--list")).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:3: load: rate: 5000.0 requests per second is not between 1 and 1000");
        Files.writeString(bad, "fault:\n  kill: nginx\nload:\n  rate: 100\n  maxCut: -1\n");
        assertThat(run("run", bad.toString(), "--list", "--load", "50")).as("checked even when --load replaces it").isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:3: load: maxCut: -1 is negative");
        assertThat(run("chaos", "--kill", "nginx", "--load", "1000")).isEqualTo(2);
        assertThat(err.toString()).contains("--load: 1000 req/s with a timeout of 1000 ms may keep 1000 requests in flight; the client keeps "
                + "at most 500 connections");
        assertThat(run("chaos", "--kill", "nginx", "--load", "10", "--load-timeout", "4294967.346s")).isEqualTo(2);
        assertThat(err.toString()).contains("is not between 50 ms and 60 s");
    }

    @Test
    void runOverridesAreCheckedAsTheCommandLinesNotAScenarios(@TempDir Path dir) {
        assertThat(run("run", SEED_SCENARIOS.toString(), "--daemon", "bird", "--list")).isEqualTo(2);
        assertThat(run("run", SEED_SCENARIOS.toString(), "--expect-outage-under", "soon", "--list")).isEqualTo(2);
        assertThat(run("run", SEED_SCENARIOS.toString(), "--config-dir", dir.resolve("missing").toString(), "--list")).isEqualTo(2);
        assertThat(err.toString()).contains("hatest: --daemon: unknown daemon 'bird'", "hatest: --expect-outage-under: 'soon' is not a duration")
                .doesNotContain(".yaml:");
    }

    @Test
    void differentialRunsBothDaemonsWithATimerTolerance() {
        assertThat(run("run", SEED_SCENARIOS.toString(), "--differential", "--daemon", "keepalived")).isEqualTo(2);
        assertThat(err.toString()).contains("--differential runs both daemons: drop --daemon");
        assertThat(run("run", SEED_SCENARIOS.toString(), "--differential", "--list")).isZero();

        ChaosPlan kill = ChaosPlan.of(ScenarioFile.read(SEED_SCENARIOS.resolve("01-nginx-killed-on-master.yaml")),
                ChaosPlan.Overrides.NONE.withDaemon("keepalived"));
        assertThat(kill.topology().nodes()).allSatisfy(n -> assertThat(n.daemon()).isEqualTo("keepalived"));
        // advert_int 1 s, chk_nginx every 2 s: a fault's phase alone may shift the two runs by 3.25 s
        assertThat(RunCommand.tolerance(kill).timingMs()).isEqualTo(1000 + 2000 + 250);
        assertThat(RunCommand.tolerance(kill).formula()).isEqualTo("advert_int 1000 ms + check interval 2000 ms + probe 250 ms");
        ChaosPlan crash = ChaosPlan.of(ScenarioFile.read(SEED_SCENARIOS.resolve("02-vrrpd-crashed-on-master.yaml")),
                ChaosPlan.Overrides.NONE);
        assertThat(RunCommand.tolerance(crash).timingMs()).isEqualTo(1000 + 250);
    }

    @Test
    void rolloutUsageMistakesAreExit2BeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path from = ConfigDirTopologyTest.userConfigs(Files.createDirectories(dir.resolve("now")));
        assertThat(run("rollout", "--to", from.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--from=DIR'");
        assertThat(run("rollout", "--from", from.toString(), "--to", from.toString(), "--by", "kick")).isEqualTo(2);
        assertThat(err.toString()).contains("--by: 'kick' is neither reload nor restart");
        assertThat(run("rollout", "--from", from.toString(), "--to", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing: no such directory");
        Files.createDirectories(dir.resolve("half/web-a"));
        Files.copy(from.resolve("web-a/keepalived.conf"), dir.resolve("half/web-a/keepalived.conf"));
        assertThat(run("rollout", "--from", from.toString(), "--to", dir.resolve("half").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("half/web-b/keepalived.conf: missing (the new configs need a folder for each node: [web-a, web-b])");
        assertThat(run("rollout", "--from", from.toString(), "--to", from.toString(), "--order", "web-a,web-c")).isEqualTo(2);
        assertThat(err.toString()).contains("no node named 'web-c'");
        assertThat(run("rollout", "--from", from.toString(), "--to", from.toString(), "--differential", "--daemon", "vrrpd")).isEqualTo(2);
        assertThat(err.toString()).contains("--differential runs both daemons: drop --daemon");
    }

    @Test
    void aScenarioCanRollNewConfigsOutBeforeItsFaults(@TempDir Path dir) throws Exception {
        ConfigDirTopologyTest.userConfigs(Files.createDirectories(dir.resolve("now")));
        Path next = ConfigDirTopologyTest.userConfigs(Files.createDirectories(dir.resolve("next")));
        Files.writeString(next.resolve("web-b/keepalived.conf"), Files.readString(next.resolve("web-b/keepalived.conf"))
                .replace("priority 120", "priority 160"));
        Path sc = Files.writeString(dir.resolve("swap.yaml"), """
                name: web-b preferred
                topology:
                  configDir: now
                rollout:
                  to: next
                  by: restart
                fault:
                  kill: nginx
                """);
        ChaosPlan plan = ChaosPlan.of(ScenarioFile.read(sc), ChaosPlan.Overrides.NONE);
        assertThat(plan.rollout().by()).isEqualTo(dev.hatest.harness.scenario.Rollout.By.RESTART);
        assertThat(plan.rollout().to().node("web-b").files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG)).contains("priority 160");
        assertThat(plan.rollout().where()).isEqualTo(next.toString());

        Files.writeString(sc, "topology:\n  configDir: now\nrollout:\n  by: reload\n");
        assertThatThrownBy(() -> ScenarioFile.read(sc)).hasMessage(sc + ":3: rollout: needs 'to:', the folder of the new configs");
        Files.writeString(sc, "rollout:\n  to: next\n");
        assertThatThrownBy(() -> ScenarioFile.read(sc)).hasMessage(sc + ":1: rollout: needs topology's configDir, the configs the cluster starts on");
        Files.writeString(sc, "topology:\n  configDir: now\nrollout:\n  to: next\n  by: kick\n");
        assertThatThrownBy(() -> ScenarioFile.read(sc)).hasMessage(sc + ":5: by: 'kick' is neither reload nor restart");
        Files.writeString(sc, "topology:\n  configDir: now\nrollout:\n  to: next\n  order: [web-a, web-z]\n");
        assertThatThrownBy(() -> ChaosPlan.of(ScenarioFile.read(sc), ChaosPlan.Overrides.NONE)).hasMessageContaining(":5: no node named 'web-z'");
    }

    @Test
    void attachTakesTheRunningClusterAsItIs() {
        assertThat(run("chaos", "--attach", "--kill", "nginx", "--config-dir", "somewhere")).isEqualTo(2);
        assertThat(run("chaos", "--attach", "abc123", "--kill", "nginx", "--nodes", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--attach breaks the running cluster as it is: drop --config-dir", "drop --nodes");
    }

    @Test
    void statusSaysWhoHoldsEachVipAndTellsAStaleOneFromASplitBrain() {
        ClusterStatus.Instance master = new ClusterStatus.Instance("VI_1", "MASTER", 101, 101, List.of("198.18.0.200/24"));
        ClusterStatus.Instance backup = new ClusterStatus.Instance("VI_1", "BACKUP", 100, 95, List.of("198.18.0.200/24"));
        ClusterStatus.NodeStatus lb01 = new ClusterStatus.NodeStatus("lb01", "198.18.0.201", "vrrpd", true, true, List.of(master),
                java.util.Map.of("chk_nginx", "good"), List.of("198.18.0.200"), List.of(), null);
        ClusterStatus.NodeStatus lb02 = new ClusterStatus.NodeStatus("lb02", "198.18.0.202", "vrrpd", true, false, List.of(backup),
                java.util.Map.of("chk_nginx", "bad"), List.of(), List.of(), null);
        ClusterStatus steady = new ClusterStatus("abc123", "the seed pair", "198.18.0.0/24", "198.18.0.250", List.of(lb01, lb02),
                java.util.Map.of("198.18.0.200", List.of("lb01")));
        assertThat(StatusCommand.text(steady)).contains("cluster abc123: the seed pair", "VI_1      MASTER  101/101", "100/95",
                "chk_nginx bad", "VIP 198.18.0.200: held by lb01\n");

        ClusterStatus.NodeStatus lb02Master = new ClusterStatus.NodeStatus("lb02", "198.18.0.202", "vrrpd", true, true, List.of(master),
                java.util.Map.of(), List.of("198.18.0.200"), List.of(), null);
        ClusterStatus split = new ClusterStatus("abc123", "the seed pair", "198.18.0.0/24", "198.18.0.250", List.of(lb01, lb02Master),
                java.util.Map.of("198.18.0.200", List.of("lb01", "lb02")));
        assertThat(StatusCommand.text(split)).contains("held by lb01 and lb02: two live masters (split brain)");

        ClusterStatus.NodeStatus lb01Killed = new ClusterStatus.NodeStatus("lb01", "198.18.0.201", "vrrpd", false, true, List.of(),
                java.util.Map.of(), List.of("198.18.0.200"), List.of("198.18.0.200"), "vrrpd is not running");
        ClusterStatus stale = new ClusterStatus("abc123", "the seed pair", "198.18.0.0/24", "198.18.0.250", List.of(lb01Killed, lb02Master),
                java.util.Map.of("198.18.0.200", List.of("lb01", "lb02")));
        assertThat(StatusCommand.text(stale)).contains("vrrpd (vrrpd is not running)", "198.18.0.200 (stale)",
                "held by lb02; stale on lb01, whose daemon is not running").doesNotContain("split brain");
    }

    @Test
    void aBadScenarioIsAUsageErrorAtItsLine(@TempDir Path dir) throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "name: x\nfault:\n  kill: nginx\n  color: red\n");
        Path two = Files.writeString(dir.resolve("b.yaml"), "fault:\n  kill: nginx\n  pause: true\n");
        Path duration = Files.writeString(dir.resolve("c.yaml"), "fault:\n  kill: nginx\n  healAfter: soon\n");
        Path node = Files.writeString(dir.resolve("d.yaml"), "topology:\n  nodes: 3\nfault:\n  stop: vrrpd\n  node: lb07\n");
        Path process = Files.writeString(dir.resolve("e.yaml"), "fault:\n  stop: postgres\n");

        for (Path p : List.of(unknown, two, duration, node, process)) {
            assertThat(run("run", p.toString())).as(p.toString()).isEqualTo(2);
        }

        assertThat(err.toString()).contains(unknown + ":4: unknown field 'color'", two + ":1: a fault needs exactly one of",
                duration + ":3: healAfter: 'soon' is not a duration", node + ":5: no node named 'lb07'",
                process + ":2: unknown process 'postgres'");
    }

    static final Path SCHEDULE = Path.of("src/test/resources/scenarios/three-nodes-master-fails-twice.yaml");

    @Test
    void aFaultScheduleIsStepsEachOnTheMasterOfItsMoment() {
        ChaosPlan c = ChaosPlan.of(ScenarioFile.read(SCHEDULE), ChaosPlan.Overrides.NONE);
        assertThat(c.topology().nodes()).hasSize(3);
        assertThat(c.steps()).extracting(ChaosPlan.Step::kind).containsExactly(FaultPlan.Kind.KILL, FaultPlan.Kind.KILL);
        assertThat(c.steps()).extracting(ChaosPlan.Step::arg).containsExactly("nginx", "vrrpd");
        assertThat(c.steps()).extracting(ChaosPlan.Step::to).containsExactly("lb02", "lb03");
        // No node named: each step breaks whoever is master when it starts.
        assertThat(c.target(0, "lb01")).isEqualTo("lb01");
        assertThat(c.target(1, "lb02")).isEqualTo("lb02");
        assertThat(run("run", SCHEDULE.toString(), "--list")).as(err.toString()).isZero();
    }

    @Test
    void aStepsOutcomeReplacesTheDerivedOne(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("s.yaml"), "faults:\n  - kill: nginx\n  - stop: nginx\n    node: lb02\n"
                + "    outcome: takeover\n    healAfter: 2s\n    after: 1s\n");
        ChaosPlan c = ChaosPlan.of(ScenarioFile.read(f), ChaosPlan.Overrides.NONE);
        ChaosPlan.Step second = c.steps().get(1);
        assertThat(second.outcome()).isEqualTo(FaultPlan.Outcome.TAKEOVER);
        assertThat(second.after()).isEqualTo(Duration.ofSeconds(1));
        assertThat(second.heal()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.steps().get(0).outcome()).isNull();
    }

    @Test
    void aBadStepIsReportedAtItsOwnLine(@TempDir Path dir) throws Exception {
        String head = "topology:\n  nodes: 3\nfaults:\n  - kill: nginx\n    healAfter: 2s\n";
        Path process = Files.writeString(dir.resolve("a.yaml"), head + "  - kill: postgres\n");
        Path to = Files.writeString(dir.resolve("b.yaml"), head + "  - kill: vrrpd\n    to: lb09\n");
        Path heal = Files.writeString(dir.resolve("c.yaml"), head + "  - kill: vrrpd\n    healAfter: later\n");
        Path outcome = Files.writeString(dir.resolve("d.yaml"), head + "  - kill: vrrpd\n    outcome: sideways\n");
        Path flapping = Files.writeString(dir.resolve("e.yaml"), head + "  - kill: vrrpd\n    outcome: flapping\n");
        Path noKind = Files.writeString(dir.resolve("f.yaml"), head + "  - node: lb02\n    to: lb03\n");
        Path toNowhere = Files.writeString(dir.resolve("g.yaml"), head + "  - kill: nginx\n    node: backup\n    to: lb03\n");
        Path both = Files.writeString(dir.resolve("h.yaml"), "fault:\n  kill: nginx\nfaults:\n  - kill: vrrpd\n");
        Path unknown = Files.writeString(dir.resolve("i.yaml"), head + "  - kill: vrrpd\n    colour: red\n");

        for (Path p : List.of(process, to, heal, outcome, flapping, noKind, toNowhere, both, unknown)) {
            assertThat(run("run", p.toString(), "--list")).as(p.toString()).isEqualTo(2);
        }

        assertThat(err.toString()).contains(process + ":6: unknown process 'postgres'", to + ":7: no node named 'lb09'",
                heal + ":7: healAfter: 'later' is not a duration", outcome + ":7: outcome: 'sideways' is none of",
                flapping + ":7: outcome flapping is judged from the loss rate", noKind + ":6: a fault needs exactly one of",
                toNowhere + ":8: to: only a takeover has a node to go to; this fault's outcome is noTakeover",
                both + ":3: give 'fault:' (one) or 'faults:' (a list), not both", unknown + ":7: unknown field 'colour'");
    }

    @Test
    void aFolderIsCheckedWholeBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("1-good.yaml"), "fault:\n  kill: nginx\n");
        Files.writeString(dir.resolve("2-bad.yaml"), "fault:\n  loss: lots\n");
        assertThat(run("run", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("2-bad.yaml:2: --loss: 'lots' is not a percentage");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void completionIsGenerated() {
        assertThat(run("generate-completion")).isZero();
        assertThat(out.toString()).contains("complete -F", "chaos", "--block-vrrp");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertThat(run("chaos", "--kill", "nginx", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void chaosNeedsExactlyOneFault() {
        assertThat(run("chaos")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--stop", "nginx")).isEqualTo(2);
    }

    @Test
    void anUnknownProcessIsAUsageError() {
        assertThat(run("chaos", "--kill", "postgres")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown process 'postgres' (nginx or vrrpd)");
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertThat(run("chaos", "--kill", "nginx", "--heal-after", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--heal-after: 'soon' is not a duration");
    }

    @Test
    void aBadSubnetIsAUsageError() {
        assertThat(run("chaos", "--kill", "nginx", "--ipv6", "--dual-stack")).isEqualTo(2);
        assertThat(err.toString()).contains("--ipv6 and --dual-stack: give one of them");
        assertThat(run("chaos", "--kill", "nginx", "--subnet", "10.0.0.7/33")).isEqualTo(2);
        assertThat(err.toString()).contains("the test subnet must be");
    }
}
