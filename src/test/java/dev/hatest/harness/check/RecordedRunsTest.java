package dev.hatest.harness.check;

import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Runs recorded on real containers (src/test/resources/recorded, their commands in its README), judged again
 * here with no containers: the analysis must give each the verdicts and failovers it gave when it ran, and
 * judge what it recorded, not what it saved.
 */
class RecordedRunsTest {

    private static final Path DIR = Path.of("src/test/resources/recorded");

    static Stream<Path> recorded() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreRecordsOfEveryOutcomeOnBothDaemons() throws IOException {
        List<String> names = recorded().map(f -> f.getFileName().toString()).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(10);
        for (String outcome : new String[]{"takeover", "split-brain", "no-takeover", "flapping"}) {
            assertThat(names).as(outcome).anyMatch(n -> n.contains("-" + outcome + "-") || n.endsWith("-" + outcome + ".json.gz"));
        }
        assertThat(names).anyMatch(n -> n.startsWith("vrrpd-")).anyMatch(n -> n.startsWith("keepalived-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void aRecordedRunJudgedAgainGivesTheVerdictsItGaveWhenItRan(Path file) throws IOException {
        RunReport saved = JsonReport.read(file);
        assertThat(saved.judgeable()).as("%s carries its analysis", file).isTrue();

        RunReport again = saved.rejudged();

        assertThat(again.verdicts()).extracting(Verdict::id, Verdict::name, Verdict::outcome)
                .containsExactlyElementsOf(saved.verdicts().stream().map(v -> tuple(v.id(), v.name(), v.outcome())).toList());
        assertThat(again.verdicts()).extracting(v -> v.measured().text())
                .containsExactlyElementsOf(saved.verdicts().stream().map(v -> v.measured().text()).toList());
        // a saved failover's figures are rounded to the ms
        assertThat(again.failovers()).extracting(RecordedRunsTest::rounded).containsExactlyElementsOf(
                saved.failovers().stream().map(RecordedRunsTest::rounded).toList());
        assertThat(again.outcome()).isEqualTo(saved.outcome());
    }

    /** The records whose takeover cost the client an outage (a graceful stop or a crash may cost none). */
    static Stream<Path> withAnOutage() throws IOException {
        return recorded().filter(f -> outage(read(f)) != null);
    }

    @Test
    void severalRecordsHaveAnOutageToTighten() throws IOException {
        assertThat(withAnOutage().count()).isGreaterThanOrEqualTo(5);
    }

    /** The judge reads the History: the same record under a bound the takeover exceeded fails it, with the same figure. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withAnOutage")
    void aTighterBoundOnTheSameHistoryFailsTheTakeover(Path file) throws IOException {
        RunReport saved = JsonReport.read(file);
        Verdict takeover = outage(saved);
        RunAnalysis.Spec spec = saved.analysis();
        RunAnalysis.Spec tight = new RunAnalysis.Spec(spec.vip(), spec.expectedMaster(), spec.steps().stream()
                .map(r -> r.spec() == null ? r : new RunAnalysis.StepRecord(r.prefix(), tightened(r.spec(), takeover.measured().value() - 1), r.from()))
                .toList());

        RunReport again = new RunReport(saved.title(), true, saved.verdicts(), saved.failovers(), saved.events(), saved.boundFormula(), null, tight)
                .rejudged();

        Verdict now = again.verdicts().stream().filter(v -> v.name().equals(takeover.name())).findFirst().orElseThrow();
        assertThat(now.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(now.measured()).isEqualTo(takeover.measured());
    }

    private static Verdict outage(RunReport r) {
        return r.verdicts().stream().filter(v -> v.id().equals("takeover") && v.measured().numeric() && v.measured().value() > 1).findFirst()
                .orElse(null);
    }

    private static RunReport read(Path f) {
        try {
            return JsonReport.read(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String rounded(Failover f) {
        StringBuilder b = new StringBuilder(f.fault() + " " + f.faultAtMicros() + " " + f.from() + "->" + f.to() + " " + Math.round(f.outageMs())
                + " ms " + f.failedRequests());
        f.steps().forEach((k, v) -> b.append(", ").append(k).append(' ').append(v == null ? "-" : Long.toString(Math.round(v))));
        return b.toString();
    }

    private static StepAnalysis.Spec tightened(StepAnalysis.Spec s, double boundMs) {
        return new StepAnalysis.Spec(s.outcome(), s.master(), s.to(), s.vips(), boundMs, "tightened", s.holdMs(), s.lossPercent(),
                s.dualMasterBoundMs(), s.advertMs(), s.masterDownMs(), s.preempt(), s.winnerKnown(), s.macs(), s.reloaded(), s.cpuHog());
    }
}
