package dev.hatest.jenkins;

import dev.hatest.cli.Hatest;
import dev.hatest.jenkins.GroovyAst.Call;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repository's Jenkinsfile and the shared library in pipelines/, checked without a Jenkins server:
 * they parse, the pipeline has the stages and post blocks the CI needs, every ./hatest line in them is one
 * the CLI accepts (so changing a flag without updating them breaks this build), and every report glob
 * matches a file the build really writes.
 */
class JenkinsfileTest {

    static final Path JENKINSFILE = Path.of("Jenkinsfile");

    static List<Path> pipelineFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(JENKINSFILE));
        try (Stream<Path> s = Files.walk(Path.of("pipelines"))) {
            s.filter(p -> p.toString().endsWith(".groovy")).sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    void theJenkinsfileAndEveryLibraryScriptParse() throws IOException {
        List<Path> files = pipelineFiles();
        assertThat(files).extracting(Path::toString)
                .contains("Jenkinsfile", "pipelines/vars/haAcceptanceGate.groovy", "pipelines/vars/haNightlyChaos.groovy");
        for (Path f : files) {
            assertThat(GroovyAst.parse(f).descendants()).as(f + " has calls").isNotEmpty();
        }
    }

    @Test
    void aBrokenPipelineFailsToParseWithItsLine(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("Jenkinsfile"), "pipeline {\n  stages {\n    stage('x') { steps { sh 'a } }\n  }\n}\n");
        assertThatThrownBy(() -> GroovyAst.parse(broken)).isInstanceOf(MultipleCompilationErrorsException.class)
                .hasMessageContaining(broken + ": 3:");
    }

    @Test
    void thePipelineHasItsAgentOptionsStagesAndPost() throws IOException {
        Call pipeline = GroovyAst.parse(JENKINSFILE).child("pipeline").orElseThrow();

        Call agent = pipeline.child("agent").orElseThrow();
        assertThat(agent.child("label").orElseThrow().text()).isEqualTo("docker");
        assertThat(pipeline.child("options").orElseThrow().children()).extracting(Call::name)
                .contains("timeout", "timestamps", "buildDiscarder", "disableConcurrentBuilds");

        List<String> top = pipeline.child("stages").orElseThrow().children().stream().map(Call::text).toList();
        assertThat(top).containsExactly("Build and unit tests", "Integration", "Chaos acceptance", "Publish");

        // Each stage has its own timeout, and together they leave the post block time under the pipeline's.
        int total = minutes(pipeline.child("options").orElseThrow().child("timeout").orElseThrow());
        int stages = 0;
        for (String name : top) {
            stages += minutes(pipeline.stage(name).child("options").orElseThrow().child("timeout").orElseThrow());
        }
        assertThat(stages).as("the stages' timeouts leave the cleanup 10 minutes").isLessThanOrEqualTo(total - 10);

        // The lock names this agent's network, so it is taken in steps (on the agent), never in a stage's
        // options, where the agent's name is not known yet (it would be "hatest-network-null" everywhere).
        assertThat(pipeline.find("options").stream().flatMap(o -> o.children().stream())).extracting(Call::name).doesNotContain("lock");
        List<Call> locks = pipeline.find("lock");
        assertThat(locks).isNotEmpty().allSatisfy(l -> assertThat(String.valueOf(l.named().get("resource")))
                .isEqualTo("hatest-network-${env.NODE_NAME}"));
        // Everything that starts or removes containers runs under it (down --all too: another job may hold the network).
        List<Call> locked = locks.stream().flatMap(Call::descendants).toList();
        int containers = 0;
        for (Call sh : pipeline.find("sh")) {
            String line = shellLine(sh);
            if (line.contains("mvn -B verify") || line.startsWith("./hatest ")) {
                assertThat(locked).as("under the lock: " + line).contains(sh);
                containers++;
            }
        }
        assertThat(containers).isEqualTo(3);

        assertThat(shellLines(pipeline.stage("Build and unit tests"))).containsExactly("mvn -B package");
        assertThat(shellLines(pipeline.stage("Integration"))).anyMatch(l -> l.startsWith("mvn -B verify"));
        assertThat(shellLines(pipeline.stage("Chaos acceptance"))).singleElement().asString().startsWith("./hatest run ");

        Call publish = pipeline.stage("Publish");
        assertThat(publish.find("junit")).isNotEmpty();
        assertThat(publish.find("archiveArtifacts")).isNotEmpty();
        assertThat(publish.find("publishHTML")).isNotEmpty();
        assertThat(publish.find("plot")).isNotEmpty();
        // A failed verdict fails the build once the reports are out.
        assertThat(publish.find("error")).isNotEmpty();

        Call always = pipeline.child("post").orElseThrow().child("always").orElseThrow();
        assertThat(shellLines(always)).contains("./hatest down --all");
        // The test reports of each stage are read even when the stage fails.
        assertThat(junitGlobs(pipeline.stage("Build and unit tests").child("post").orElseThrow())).contains("surefire-reports");
        assertThat(junitGlobs(pipeline.stage("Integration").child("post").orElseThrow())).contains("failsafe-reports");
    }

    @Test
    void everyHatestLineIsOneTheCliAccepts() throws IOException {
        int checked = 0;
        for (Path f : pipelineFiles()) {
            for (Call sh : GroovyAst.parse(f).find("sh")) {
                List<String> words = GroovyAst.words(shellLine(sh));
                if (HatestLines.isHatest(words) && !shellLine(sh).contains("${")) {
                    checkAccepted(f, sh.line(), words);
                    checked++;
                }
            }
        }
        // The Jenkinsfile's run and down; the library builds its lines from settings (AcceptanceGateTest plays them).
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theAcceptanceRunsScenariosExistAndAreValid() throws IOException {
        List<String> run = runLine();
        CommandLine.ParseResult parsed = HatestLines.parse(run);
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        String scenarios = parsed.subcommand().matchedPositional(0).getValue().toString();
        assertThat(Path.of(scenarios)).isDirectory();
        CommandLine cl = Hatest.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("run", scenarios, "--list")).as("hatest run --list " + scenarios).isZero();
        assertThat(out.toString().lines()).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void aRenamedFlagIsCaught(@TempDir Path dir) throws IOException {
        // What this build does when someone renames --junit-xml in the CLI but not in the Jenkinsfile.
        String text = Files.readString(JENKINSFILE).replace("--junit-xml", "--junit-report");
        Path changed = Files.writeString(dir.resolve("Jenkinsfile"), text);
        Call sh = GroovyAst.parse(changed).find("sh").stream().filter(c -> shellLine(c).startsWith("./hatest run")).findFirst().orElseThrow();
        assertThatThrownBy(() -> checkAccepted(changed, sh.line(), GroovyAst.words(shellLine(sh))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("--junit-report");
    }

    @Test
    void theReportGlobsMatchWhatTheBuildWrites(@TempDir Path workspace) throws IOException {
        Call pipeline = GroovyAst.parse(JENKINSFILE).child("pipeline").orElseThrow();
        // hatest's own reports: play the acceptance run's report options for real in a workspace.
        assertThat(HatestLines.playRun(runLine(), workspace, false)).as("a failing run exits 1").isEqualTo(1);
        // Maven's: Surefire and Failsafe write target/{surefire,failsafe}-reports/TEST-<class>.xml unless the pom moves them.
        assertThat(Files.readString(Path.of("pom.xml"))).doesNotContain("<reportsDirectory>");
        for (String dir : List.of("surefire-reports", "failsafe-reports")) {
            Path report = workspace.resolve("target/" + dir + "/TEST-" + getClass().getName() + ".xml");
            Files.createDirectories(report.getParent());
            Files.writeString(report, "<testsuite/>");
        }

        List<String> globs = new ArrayList<>();
        pipeline.find("junit").forEach(c -> globs.add(String.valueOf(c.named().get("testResults"))));
        pipeline.find("archiveArtifacts").forEach(c -> globs.add(String.valueOf(c.named().get("artifacts"))));
        for (Call c : pipeline.find("publishHTML")) {
            Map<?, ?> target = (Map<?, ?>) c.named().get("target");
            globs.add(target.get("reportDir") + "/" + target.get("reportFiles"));
        }
        for (Call c : pipeline.find("plot")) {
            for (Object series : (List<?>) c.named().get("csvSeries")) {
                globs.add(String.valueOf(((Map<?, ?>) series).get("file")));
            }
        }
        assertThat(globs).hasSizeGreaterThanOrEqualTo(7);
        for (String glob : globs) {
            for (String one : glob.split(",")) {
                assertThat(GroovyAst.matches(workspace, one)).as("files matching '" + one.trim() + "'").isNotEmpty();
            }
        }
        // and the HTML page is the timeline
        assertThat(Files.readString(workspace.resolve("target/hatest/report.html"))).contains("<svg", "id=\"lane-lb01\"");
    }

    /** The Jenkinsfile's acceptance line, as words. */
    static List<String> runLine() throws IOException {
        return GroovyAst.parse(JENKINSFILE).find("sh").stream().map(JenkinsfileTest::shellLine).filter(l -> l.startsWith("./hatest run"))
                .map(GroovyAst::words).findFirst().orElseThrow();
    }

    static void checkAccepted(Path file, int line, List<String> words) {
        try {
            HatestLines.parse(words);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(file + ":" + line + ": the CLI refuses `" + String.join(" ", words) + "`: " + e.getMessage());
        }
    }

    /** An sh step's line: sh 'x', sh "x", or sh(script: 'x', ...). */
    static String shellLine(Call sh) {
        Object script = sh.named().containsKey("script") ? sh.named().get("script") : sh.text();
        return String.valueOf(script);
    }

    private static int minutes(Call timeout) {
        assertThat(timeout.named().get("unit")).isEqualTo("MINUTES");
        return ((Number) timeout.named().get("time")).intValue();
    }

    private static List<String> shellLines(Call block) {
        return block.find("sh").stream().map(JenkinsfileTest::shellLine).toList();
    }

    private static String junitGlobs(Call block) {
        return String.join(",", block.find("junit").stream().map(c -> String.valueOf(c.named().get("testResults"))).toList());
    }
}
