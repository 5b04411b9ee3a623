package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation;
import dev.hatest.harness.history.Observation.LoadRequest;
import dev.hatest.harness.history.Observation.LoadRequest.Outcome;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Nemesis;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load's figures and verdicts from a History written by hand: a takeover at 100 requests/s where the
 * connections open to the old master are lost, requests are refused while its nginx is dead, and the new master
 * serves after 5 s.
 */
class LoadAnalysisTest {

    private static final String VIP = "198.18.0.200";
    private static final long MS = 1000;

    private final List<Event> events = new ArrayList<>();

    private void request(long dueMs, long endMs, Outcome o, String node, int conn, boolean reused) {
        events.add(new Event(endMs * MS, "client", new LoadRequest(VIP, dueMs * MS, dueMs * MS, o, node, conn, reused, "/")));
    }

    private void mark(long ms, Mark.Name name) {
        events.add(new Event(ms * MS, "harness", Mark.of(name)));
    }

    private static StepAnalysis.Spec spec(StepAnalysis.Outcome outcome) {
        return new StepAnalysis.Spec(outcome, "lb01", null, List.of(new StepAnalysis.JudgedVip(VIP, null)), 11609, "the bound's formula",
                0, 0, 1500, 1000, 3609.375, true, true, Map.of(), null, false);
    }

    /**
     * 100 requests/s from 0 to 15 s; the fault at 5 s: requests due in [5, 10) s fail (each of the first 10 on a
     * reused connection of its own is a reset, the rest refused); lb02 serves from 10 s on. One download is cut.
     */
    private void takeover() {
        mark(4000, Mark.Name.STEP);
        events.add(new Event(5000 * MS, "nemesis", Nemesis.injected("kill -9 nginx on lb01")));
        int resets = 0;
        for (long due = 0; due < 15000; due += 10) {
            if (due < 5000) {
                request(due, due + 2, Outcome.OK, "lb01", (int) (due / 10 % 10) + 1, due >= 100);
            } else if (due < 10000) {
                if (resets < 10) {
                    request(due, due + 1, Outcome.RESET, "-", ++resets, true);
                } else {
                    request(due, due + 1, Outcome.REFUSED, "-", 100 + (int) due, false);
                }
            } else {
                request(due, due + 3, Outcome.OK, "lb02", 20, due > 10000);
            }
        }
        events.add(new Event(6000 * MS, "client", new LoadRequest(VIP, 1000 * MS, 1000 * MS, Outcome.CUT, "lb01", 50, false, "/download")));
        mark(15000, Mark.Name.TEARDOWN);
        events.sort(java.util.Comparator.comparingLong(Event::timeMicros));
    }

    private static List<RunAnalysis.StepRecord> steps(StepAnalysis.Outcome outcome) {
        return List.of(new RunAnalysis.StepRecord("", spec(outcome), 4000 * MS));
    }

    @Test
    void aTakeoversFiguresAreWhatItsUsersSaw() {
        takeover();
        LoadAnalysis.Figures f = LoadAnalysis.figures(new LoadAnalysis.Spec(VIP, 100, 1000, null, null), events,
                steps(StepAnalysis.Outcome.TAKEOVER)).get(0);
        assertThat(f.fault()).isEqualTo("kill -9 nginx on lb01");
        assertThat(f.requests()).as("due from the fault (5 s) to the teardown (15 s)").isEqualTo(1000);
        assertThat(f.failed()).containsEntry(Outcome.RESET, 10).containsEntry(Outcome.REFUSED, 490);
        assertThat(f.failedByKind()).isEqualTo("refused 490, reset 10");
        assertThat(f.connectionsLost()).as("the reused connections a failure ended").isEqualTo(10);
        assertThat(f.cut()).isEqualTo(1);
        assertThat(f.downloads()).isEqualTo(1);
        assertThat(f.downloadsCut()).isEqualTo(1);
        assertThat(f.servedBy()).containsEntry("lb02", 500).doesNotContainKey("lb01");
        assertThat(f.longestGapMs()).as("from the fault to lb02's first answer at 10.003 s").isEqualTo(5003.0);
        assertThat(f.p50Ms()).isEqualTo(3.0);
        // the series starts 2 s before the fault: lb01 served 10 per 100 ms, then failures, then lb02
        assertThat(f.series().get(0).atMs()).isEqualTo(-2000.0);
        assertThat(f.series().get(0).ok()).isEqualTo(10);
        assertThat(f.series().get(20).failed()).isEqualTo(10);
        assertThat(f.series().get(20 + 50).ok()).isEqualTo(10);
        assertThat(f.series().get(0).p99Ms()).isEqualTo(2.0);
    }

    @Test
    void aTakeoverMayCostTheRequestsDueWhileItsBoundRunsAndNoMore() {
        takeover();
        List<Verdict> v = LoadAnalysis.judge(new LoadAnalysis.Spec(VIP, 100, 1000, null, null), events, steps(StepAnalysis.Outcome.TAKEOVER));
        assertThat(v).hasSize(1);
        assertThat(v.get(0).id()).isEqualTo("load-failed-requests");
        assertThat(v.get(0).passed()).as("500 failed against 100/s x (11.609 + 1) s = 1261").isTrue();
        assertThat(v.get(0).bound().value()).isEqualTo(1261.0);
        assertThat(v.get(0).measured().value()).isEqualTo(500.0);
        assertThat(v.get(0).detail()).contains("refused 490, reset 10 of 1000").contains("10 of");

        List<Verdict> tight = LoadAnalysis.judge(new LoadAnalysis.Spec(VIP, 100, 1000, 100, 0), events, steps(StepAnalysis.Outcome.TAKEOVER));
        assertThat(tight).extracting(Verdict::id).containsExactly("load-failed-requests", "load-cut-responses");
        assertThat(tight).allMatch(Verdict::failed);
        assertThat(tight.get(1).detail()).contains("0 short, 1 of 1 downloads");
    }

    @Test
    void aFaultThatMustMoveNothingMayCostNoRequest() {
        takeover();
        List<Verdict> v = LoadAnalysis.judge(new LoadAnalysis.Spec(VIP, 100, 1000, null, null), events, steps(StepAnalysis.Outcome.NO_TAKEOVER));
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.failed()).isTrue();
            assertThat(x.bound().value()).isEqualTo(0.0);
        });
        assertThat(LoadAnalysis.judge(new LoadAnalysis.Spec(VIP, 100, 1000, null, null), events, steps(StepAnalysis.Outcome.SPLIT_BRAIN)))
                .as("a split brain's users have no bound of the protocol's; the figures are reported").isEmpty();
    }

    @Test
    void requestsServedByAStaleVipAreCounted() {
        // lb01 master with the VIP; its daemon killed at 5 s leaves the VIP (stale) and nginx serving until 8 s
        events.add(new Event(0, "lb01", new Observation.StateChange("VI_1", Observation.VrrpState.BACKUP, Observation.VrrpState.MASTER, "")));
        events.add(new Event(1, "lb01", new Observation.AddressChange(VIP, true)));
        mark(4000, Mark.Name.STEP);
        events.add(new Event(5000 * MS, "nemesis", Nemesis.injected("kill -9 vrrpd on lb01")));
        events.add(new Event(5000 * MS + 1, "lb01", new Observation.NodeCondition(Observation.NodeCondition.Condition.DEAD, "killed")));
        for (long due = 4000; due < 8000; due += 10) {
            request(due, due + 2, Outcome.OK, "lb01", 1, true);
        }
        mark(9000, Mark.Name.TEARDOWN);
        events.sort(java.util.Comparator.comparingLong(Event::timeMicros));
        LoadAnalysis.Figures f = LoadAnalysis.figures(new LoadAnalysis.Spec(VIP, 100, 1000, null, null), events,
                steps(StepAnalysis.Outcome.TAKEOVER)).get(0);
        assertThat(f.servedStale()).as("due from the fault on, served by lb01 whose daemon was dead").isEqualTo(300);
    }

    @Test
    void aLoadThatSentNothingCanNotBeJudged() {
        mark(4000, Mark.Name.STEP);
        events.add(new Event(5000 * MS, "nemesis", Nemesis.injected("kill -9 nginx on lb01")));
        mark(15000, Mark.Name.TEARDOWN);
        List<Verdict> v = LoadAnalysis.judge(new LoadAnalysis.Spec(VIP, 100, 1000, null, null), events, steps(StepAnalysis.Outcome.TAKEOVER));
        assertThat(v).singleElement().satisfies(x -> assertThat(x.unknown()).isTrue());
    }

    @Test
    void everyReportShowsTheLoadAndTheSavedRunGivesItBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        takeover();
        LoadAnalysis.Spec load = new LoadAnalysis.Spec(VIP, 100, 1000, null, null);
        RunAnalysis.Spec analysis = new RunAnalysis.Spec(VIP, null, steps(StepAnalysis.Outcome.TAKEOVER)).withLoad(load);
        Failover takeover = new Failover("kill -9 nginx on lb01", 5000 * MS, "lb01", "lb02", 5003, 500,
                new java.util.LinkedHashMap<>(Map.of(Failover.FIRST_OK, 5003.0)));
        dev.hatest.harness.report.RunReport r = new dev.hatest.harness.report.RunReport("a run under load", true,
                LoadAnalysis.judge(load, events, analysis.steps()), List.of(takeover), events, null, null, analysis);

        assertThat(dev.hatest.harness.report.TextReport.render(r)).contains(
                "Load of 100 req/s through 198.18.0.200 after 'kill -9 nginx on lb01' (10.0 s to the step's end):",
                "1000 requests: 500 served (lb02 500), 500 failed (refused 490, reset 10)",
                "longest with nothing served 5003 ms", "PASS load failed requests");
        String html = dev.hatest.harness.report.HtmlReport.render(r);
        assertThat(html).contains("class=\"load-plot\"", "class=\"load-ok\"", "class=\"load-fail\"", "class=\"load-p50\"",
                "class=\"load-p99\"", "class=\"takeover-band\"", "Users' load: kill -9 nginx on lb01");
        String json = dev.hatest.harness.report.JsonReport.render(r);
        assertThat(json).contains("\"load\" : [", "\"REFUSED\" : 490", "\"longestGapMs\" : 5003.0");
        assertThat(json).as("a bucket with nothing served has no latency: null, not \"NaN\"").contains("\"p50Ms\" : null")
                .doesNotContain("NaN");
        java.nio.file.Path saved = java.nio.file.Files.writeString(dir.resolve("run.json"), json);
        dev.hatest.harness.report.RunReport back = dev.hatest.harness.report.JsonReport.read(saved);
        assertThat(LoadAnalysis.judge(back.analysis().load(), back.events(), back.analysis().steps()))
                .as("the saved run gives the same verdicts").isEqualTo(r.verdicts());
        assertThat(back.load()).singleElement().satisfies(f -> assertThat(f.failedCount()).isEqualTo(500));
    }

    @Test
    void aLoadRequestIsSavedAndReadBackAsItWas() {
        LoadRequest r = new LoadRequest(VIP, 123, 456, Outcome.CUT, "lb02", 7, true, "/download");
        Event e = new Event(789, "client", r);
        Event back = Event.saved(e.timeMicros(), e.source(), e.kind(), e.value());
        assertThat(back.what()).isEqualTo(r);
        assertThat(back.what()).isInstanceOf(Observation.LoadRequest.class);
    }
}
