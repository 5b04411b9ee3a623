package dev.hatest.jenkins;

import dev.hatest.cli.Hatest;
import groovy.lang.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared library's gate (pipelines/vars/haAcceptanceGate.groovy) and nightly job (haNightlyChaos.groovy)
 * run with stubbed pipeline steps. The stubbed shell plays each hatest line: the CLI's parser must accept
 * it, and a run writes its reports for real (through {@code hatest report}), so what the gate publishes is
 * what hatest writes.
 */
class AcceptanceGateTest {

    static final Path GATE = Path.of("pipelines/vars/haAcceptanceGate.groovy");
    static final Path NIGHTLY = Path.of("pipelines/vars/haNightlyChaos.groovy");

    @TempDir
    Path workspace;

    StubSteps steps;
    Script gate;

    /** What the stubbed `hatest run` exits with: 0 and 1 write the reports of a passing or failing run; 2 and 3 write nothing. */
    int runStatus;
    final List<List<String>> hatestLines = new ArrayList<>();

    @BeforeEach
    void load() throws IOException {
        steps = new StubSteps(workspace);
        steps.shell = this::shell;
        gate = steps.load(GATE);
    }

    private int shell(String line) {
        List<String> words = GroovyAst.words(line);
        assertThat(HatestLines.isHatest(words)).as("the gate only runs hatest: " + line).isTrue();
        try {
            HatestLines.parse(words);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("the CLI refuses `" + line + "`: " + e.getMessage());
        }
        hatestLines.add(words);
        if (!words.get(1).equals("run") && !words.get(1).equals("rollout")) {
            return 0;  // down --all: nothing to remove here
        }
        if (runStatus > 1) {
            return runStatus;
        }
        try {
            int exit = HatestLines.playRun(words, workspace, runStatus == 0);
            assertThat(exit).isEqualTo(runStatus);
            return exit;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Object gate(Map<String, Object> args) {
        return gate.invokeMethod("call", new Object[]{args});
    }

    private static Map<String, Object> teamSettings() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("configDir", "ha/nodes");
        args.put("scenarios", "ha/scenarios");
        args.put("maxOutage", "8s");
        args.put("daemon", "keepalived");
        return args;
    }

    private List<String> names() {
        return steps.steps.stream().map(StubSteps.Step::name).filter(n -> !n.equals("fileExists")).toList();
    }

    @Test
    void aPassingRunPublishesItsReportsAndLetsTheBuildGoOn() throws IOException {
        runStatus = 0;
        assertThat(gate(teamSettings())).isEqualTo(0);

        assertThat(steps.result).isEqualTo("SUCCESS");
        assertThat(names()).containsExactly("lock", "sh", "sh", "junit", "archiveArtifacts", "publishHTML", "plot");
        assertThat(steps.calls("lock").get(0).arg()).isEqualTo("hatest-network-agent-1");
        List<String> run = hatestLines.get(0);
        assertThat(run.get(0)).isEqualTo("hatest/hatest");
        assertThat(String.join(" ", run.subList(1, run.size()))).startsWith("run ha/scenarios --config-dir ha/nodes --daemon keepalived "
                + "--expect-outage-under 8s --junit-xml hatest-reports/junit.xml");
        assertThat(hatestLines.get(1).subList(1, 3)).containsExactly("down", "--all");
        assertPublishedFilesExist();
    }

    @Test
    void aGateUnderLoadJudgesTheRequestsEachFaultCosts() throws IOException {
        runStatus = 0;
        Map<String, Object> args = teamSettings();
        args.put("load", 200);
        args.put("loadMaxCut", 0);
        assertThat(gate(args)).isEqualTo(0);
        List<String> run = hatestLines.get(0);
        assertThat(String.join(" ", run.subList(1, run.size()))).contains("--expect-outage-under 8s --load 200 --load-max-cut 0 --junit-xml")
                .doesNotContain("--load-max-failed");
        // the options are the CLI's own: `hatest run` parses them (an unknown one would throw)
        picocli.CommandLine.ParseResult parsed = dev.hatest.cli.Hatest.commandLine().parseArgs(run.subList(1, run.size()).toArray(String[]::new));
        assertThat(parsed.subcommand().matchedOptionValue("--load", 0.0)).isEqualTo(200.0);
        assertThat(parsed.subcommand().matchedOptionValue("--load-max-cut", -1)).isEqualTo(0);

        assertThatThrownBy(() -> gate(Map.of("configDir", "ha/nodes", "loadMaxCut", 0))).hasMessageContaining("go with load:");
    }

    @Test
    void aRolloutRunsFirstAndPublishesItsOwnReports() throws IOException {
        runStatus = 0;
        Map<String, Object> args = teamSettings();
        args.put("rolloutFrom", "ha/nodes-live");
        args.put("rolloutBy", "restart");
        assertThat(gate(args)).isEqualTo(0);

        assertThat(names()).containsExactly("lock", "sh", "sh", "sh", "junit", "junit", "publishHTML", "archiveArtifacts", "publishHTML", "plot");
        List<String> rollout = hatestLines.get(0);
        assertThat(String.join(" ", rollout.subList(1, rollout.size()))).isEqualTo("rollout --from ha/nodes-live --to ha/nodes --daemon keepalived "
                + "--by restart --junit-xml hatest-reports/rollout/junit.xml --html hatest-reports/rollout/report.html "
                + "--save hatest-reports/rollout/run.json");
        assertThat(hatestLines.get(1).get(1)).isEqualTo("run");
        assertThat(steps.calls("junit")).extracting(c -> String.valueOf(c.arg())).anySatisfy(a -> assertThat(a).contains("rollout/junit.xml"));
        assertThat(workspace.resolve("hatest-reports/rollout/junit.xml")).isRegularFile();

        assertThatThrownBy(() -> gate(Map.of("rolloutFrom", "ha/nodes-live", "scenarios", "s"))).hasMessageContaining("needs configDir");
        Map<String, Object> by = teamSettings();
        by.put("rolloutFrom", "x");
        by.put("rolloutBy", "kick");
        assertThatThrownBy(() -> gate(by)).hasMessageContaining("'kick' is not reload or restart");
    }

    @Test
    void aFailedVerdictFailsTheBuildAfterPublishingWhy() {
        runStatus = 1;
        assertThatThrownBy(() -> gate(teamSettings())).isInstanceOf(StubSteps.StepError.class)
                .hasMessageContaining("a verdict failed on ha/nodes with keepalived");
        assertThat(steps.result).isEqualTo("FAILURE");
        // The reports are out before the build stops: the team sees which verdict failed.
        assertThat(names()).containsExactly("lock", "sh", "sh", "junit", "archiveArtifacts", "publishHTML", "plot", "error");
    }

    @Test
    void aFailedVerdictIsOnlyUnstableWhereTheTeamAsksForIt() throws IOException {
        runStatus = 1;
        Map<String, Object> args = teamSettings();
        args.put("unstable", true);
        assertThat(gate(args)).isEqualTo(1);
        assertThat(steps.result).isEqualTo("UNSTABLE");
        assertThat(names()).endsWith("plot", "unstable").doesNotContain("error");
        assertPublishedFilesExist();
    }

    @Test
    void aBadConfigFailsEvenWhenUnstableIsAllowed() {
        runStatus = 2;
        Map<String, Object> args = teamSettings();
        args.put("unstable", true);
        assertThatThrownBy(() -> gate(args)).isInstanceOf(StubSteps.StepError.class).hasMessageContaining("file:line");
        assertThat(steps.result).isEqualTo("FAILURE");
        assertThat(names()).containsExactly("lock", "sh", "sh", "error");  // down --all ran; nothing to publish
    }

    @Test
    void anAgentThatCannotRunTheClusterFailsWithTheDoctorHint() {
        runStatus = 3;
        assertThatThrownBy(() -> gate(teamSettings())).isInstanceOf(StubSteps.StepError.class).hasMessageContaining("hatest doctor");
    }

    /** A run that could not be judged, or hatest's own bug, is never a verdict on the HA setup: the gate says which. */
    @Test
    void aRunThatCouldNotBeJudgedOrABugInHatestFailsSayingSo() {
        runStatus = 3;
        assertThatThrownBy(() -> gate(teamSettings())).hasMessageContaining("could not be judged");
        runStatus = 4;
        assertThatThrownBy(() -> gate(teamSettings())).isInstanceOf(StubSteps.StepError.class).hasMessageContaining("a bug of its own (exit 4)")
                .hasMessageContaining("not judged");
    }

    @Test
    void mistakenSettingsFailBeforeAnythingRuns() {
        Map<String, Object> typo = teamSettings();
        typo.put("maxOutge", "8s");
        assertThatThrownBy(() -> gate(typo)).hasMessageContaining("unknown setting(s) [maxOutge]");
        assertThatThrownBy(() -> gate(Map.of("daemon", "vrrpd"))).hasMessageContaining("give configDir");
        Map<String, Object> daemon = teamSettings();
        daemon.put("daemon", "bird");
        assertThatThrownBy(() -> gate(daemon)).hasMessageContaining("'bird' is not keepalived or vrrpd");
        assertThat(steps.calls("sh")).isEmpty();
    }

    @Test
    void withoutScenariosTheBuiltInOnesRunAgainstTheTeamsConfigs() {
        runStatus = 0;
        // hatestHome '.': this checkout, so the built-in scenario folder and the launcher must really be here.
        gate(Map.of("configDir", "ha/nodes", "hatestHome", ".", "lockResource", ""));
        assertThat(steps.calls("lock")).isEmpty();
        // Without the lock other runs may share the engine: no `down --all` that would remove their clusters.
        assertThat(hatestLines).hasSize(1);
        List<String> run = hatestLines.get(0);
        assertThat(Path.of(run.get(0))).isRegularFile().isExecutable();
        assertThat(Path.of(run.get(2))).isDirectory();
        assertThat(run).containsSequence("--daemon", "keepalived").doesNotContain("--expect-outage-under");
    }

    @Test
    void theNightlyRunsEveryShardAgainstEveryDaemonAndCoversEveryScenarioOnce() throws IOException {
        runStatus = 0;
        steps.global("haAcceptanceGate", gate);
        Script nightly = steps.load(NIGHTLY);
        nightly.invokeMethod("call", new Object[]{Map.of("configDir", "ha/nodes", "hatestHome", ".", "shards", 3)});

        assertThat(steps.calls("cron")).extracting(StubSteps.Step::arg).containsExactly("H 2 * * *");
        assertThat(((List<?>) steps.calls("parallel").get(0).arg()).stream().map(String::valueOf).toList())
                .containsExactly("vrrpd 1/3", "vrrpd 2/3", "vrrpd 3/3", "keepalived 1/3", "keepalived 2/3", "keepalived 3/3");
        assertThat(steps.calls("node")).hasSize(6).allSatisfy(n -> assertThat(n.arg()).isEqualTo("docker"));
        List<List<String>> runs = hatestLines.stream().filter(w -> w.get(1).equals("run")).toList();
        assertThat(runs).hasSize(6);
        assertThat(runs.stream().map(w -> w.get(w.indexOf("--junit-xml") + 1)).collect(Collectors.toSet())).as("one report folder each")
                .hasSize(6);

        // The shards split the built-in scenarios: disjoint, and together all of them, for each daemon.
        for (String daemon : List.of("vrrpd", "keepalived")) {
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (List<String> w : runs) {
                if (w.get(w.indexOf("--daemon") + 1).equals(daemon)) {
                    List<String> listed = list(w.get(2), w.get(w.indexOf("--shard") + 1));
                    total += listed.size();
                    seen.addAll(listed);
                }
            }
            assertThat(total).as(daemon + ": no scenario in two shards").isEqualTo(seen.size());
            assertThat(seen).as(daemon + ": every scenario in a shard").hasSize(list(runs.get(0).get(2), "1/1").size());
        }
    }

    @Test
    void aFailingNightlyBranchFailsTheNightButTheOthersStillRun() throws IOException {
        runStatus = 1;
        steps.global("haAcceptanceGate", gate);
        Script nightly = steps.load(NIGHTLY);
        assertThatThrownBy(() -> nightly.invokeMethod("call", new Object[]{Map.of("configDir", "ha/nodes", "hatestHome", ".", "daemons", List.of("vrrpd"))}))
                .isInstanceOf(StubSteps.StepError.class);
        assertThat(hatestLines.stream().filter(w -> w.get(1).equals("run"))).hasSize(2);
        assertThat(steps.calls("error")).hasSize(2);
    }

    @Test
    void theNightlyRefusesMistakenSettings() throws IOException {
        steps.global("haAcceptanceGate", gate);
        Script nightly = steps.load(NIGHTLY);
        assertThatThrownBy(() -> nightly.invokeMethod("call", new Object[]{Map.of("configDir", "ha/nodes", "shards", 0)}))
                .hasMessageContaining("shards: 0 is not a positive count");
        assertThatThrownBy(() -> nightly.invokeMethod("call", new Object[]{Map.of("configDir", "ha/nodes", "shard", 2)}))
                .hasMessageContaining("unknown setting(s) [shard]");
        assertThat(steps.calls("sh")).isEmpty();
    }

    /** `hatest run DIR --shard S --list`: the scenarios that shard runs. */
    private static List<String> list(String scenarios, String shard) {
        CommandLine cl = Hatest.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("run", scenarios, "--shard", shard, "--list")).isZero();
        return out.toString().lines().toList();
    }

    /** Every file the gate published (junit, archive, HTML page, plot series) is one hatest wrote into the workspace. */
    private void assertPublishedFilesExist() throws IOException {
        List<String> globs = new ArrayList<>();
        steps.calls("junit").forEach(s -> globs.add(String.valueOf(s.arg())));
        steps.calls("archiveArtifacts").forEach(s -> globs.add(String.valueOf(s.arg())));
        for (StubSteps.Step s : steps.calls("publishHTML")) {
            Map<?, ?> target = (Map<?, ?>) s.arg();
            globs.add(target.get("reportDir") + "/" + target.get("reportFiles"));
        }
        for (StubSteps.Step s : steps.calls("plot")) {
            for (Object series : (List<?>) ((Map<?, ?>) s.arg()).get("csvSeries")) {
                globs.add(String.valueOf(((Map<?, ?>) series).get("file")));
            }
        }
        assertThat(globs).hasSize(4);
        for (String glob : globs) {
            assertThat(GroovyAst.matches(workspace, glob)).as("files matching '" + glob + "'").isNotEmpty();
        }
    }
}
