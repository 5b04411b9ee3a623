package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation;
import dev.hatest.harness.history.Observation.ConfigChecked;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Nemesis;
import dev.hatest.harness.history.Observation.Reload;
import dev.hatest.harness.history.Observation.Request;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A rollout judged from its History alone: the executor's marks, the daemons' config tests and reloads, the
 * client's requests. Hand-written Histories, in ms, of the seed pair rolled out by reload, lb02 then lb01.
 */
class RolloutAnalysisTest {

    private static final String VIP = "198.18.0.200";
    private static final String WARNING = "to/lb02/keepalived.conf:14: SECURITY VIOLATION - scripts are being executed but "
            + "script_security not enabled. (warning)";

    private final List<Event> events = new ArrayList<>();

    /** Adds in time order, as the History keeps its events (a stable sort: equal times stay in the order added). */
    private void at(long ms, String source, Observation what) {
        events.add(new Event(ms * 1000, source, what));
        events.sort(null);
    }

    private void mark(long ms, Mark.Name name, String about) {
        at(ms, "harness", new Mark(name, about));
    }

    private static RolloutAnalysis.Turn turn(String node, String error, Integer line) {
        return new RolloutAnalysis.Turn(node, "vrrpd", "to/" + node + "/keepalived.conf", false, error, line, false, 4609.375);
    }

    private static RolloutAnalysis.Spec spec(List<RolloutAnalysis.Turn> turns) {
        return new RolloutAnalysis.Spec(VIP, "lb01", "lb01", "VI_1", turns, null, null, 1000, 2000, 1500);
    }

    /** lb01 master and serving from 0 to {@code untilMs}, lb02 backup. */
    private void steady(long untilMs) {
        at(0, "lb01", new StateChange("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "master down timer expired"));
        at(0, "lb02", new StateChange("VI_1", VrrpState.INITIALIZE, VrrpState.BACKUP, "startup"));
        at(1, "lb01", new Observation.AddressChange(VIP, true));
        for (long t = 100; t < untilMs; t += 20) {
            at(t, "client", Request.served(VIP, "lb01"));
        }
        mark(900, Mark.Name.CONVERGED, "");
    }

    private void reloaded(String node, long fromMs, long settledMs) {
        mark(fromMs, Mark.Name.TURN, node);
        at(fromMs + 200, node, ConfigChecked.of(1, List.of(WARNING.replace("lb02", node))));
        at(fromMs + 300, "nemesis", Nemesis.injected("reload the VRRP daemon (SIGHUP) on " + node));
        at(fromMs + 350, node, new Reload(Reload.Result.APPLIED, ""));
        mark(settledMs, Mark.Name.SETTLED, node);
    }

    @Test
    void aRolloutThatKeepsTheMasterPassesWithNoFailedRequest() {
        steady(12_000);
        mark(1000, Mark.Name.ROLLOUT_START, "");
        reloaded("lb02", 1000, 6000);
        reloaded("lb01", 6001, 11_000);
        mark(11_001, Mark.Name.ROLLOUT_END, "");

        StepAnalysis.Judged j = RolloutAnalysis.judge(spec(List.of(turn("lb02", null, null), turn("lb01", null, null))), events);

        assertThat(j.verdicts()).extracting(Verdict::name, Verdict::outcome).containsExactly(
                tuple("config test on lb02", Verdict.Outcome.PASS), tuple("reloaded lb02", Verdict.Outcome.PASS),
                tuple("settled after lb02", Verdict.Outcome.PASS),
                tuple("config test on lb01", Verdict.Outcome.PASS), tuple("reloaded lb01", Verdict.Outcome.PASS),
                tuple("settled after lb01", Verdict.Outcome.PASS),
                tuple("rollout outage", Verdict.Outcome.PASS), tuple("VIP moves", Verdict.Outcome.PASS),
                tuple("single master", Verdict.Outcome.PASS), tuple("final master", Verdict.Outcome.PASS));
        assertThat(j.verdicts().get(2).measured().text()).isEqualTo("4700 ms");  // from the SIGHUP to the settled mark
        assertThat(j.verdicts().get(0).detail()).contains("warnings: ", "SECURITY VIOLATION");
        assertThat(j.failovers()).extracting(Failover::fault).containsExactly("roll out to lb02 by reload", "roll out to lb01 by reload");
        assertThat(j.failovers().get(0).steps()).containsEntry(RolloutAnalysis.CONFIG_TESTED, 200.0)
                .containsEntry(RolloutAnalysis.SIGHUP_SENT, 300.0).containsEntry(RolloutAnalysis.RELOAD_REPORTED, 350.0)
                .containsEntry(RolloutAnalysis.SETTLED, 5000.0);
    }

    @Test
    void aRolloutUnderLoadThatKeepsTheMasterMayCostNoRequest() {
        steady(12_000);
        mark(1000, Mark.Name.ROLLOUT_START, "");
        reloaded("lb02", 1000, 6000);
        reloaded("lb01", 6001, 11_000);
        mark(11_001, Mark.Name.ROLLOUT_END, "");
        for (long due = 500; due < 11_500; due += 10) {
            boolean lost = due >= 6400 && due < 6450;  // five requests reset around lb01's reload
            at(due + 2, "client", new Observation.LoadRequest(VIP, due * 1000, due * 1000, lost ? Observation.LoadRequest.Outcome.RESET
                    : Observation.LoadRequest.Outcome.OK, lost ? "-" : "lb01", (int) (due / 10 % 20) + 1, true, "/"));
        }
        LoadAnalysis.Spec load = new LoadAnalysis.Spec(VIP, 100, 1000, null, null);

        LoadAnalysis.Figures f = LoadAnalysis.rolloutFigures(load, events).orElseThrow();
        // due from the rollout's start (1 s) to its end (11.001 s) and ended by then: the last, due at 10.999 s, ends after it
        assertThat(f.requests()).as("due and ended within the rollout").isEqualTo(1000);
        assertThat(f.failed()).containsEntry(Observation.LoadRequest.Outcome.RESET, 5);
        List<Verdict> v = RolloutAnalysis.judge(spec(List.of(turn("lb02", null, null), turn("lb01", null, null))), events, load).verdicts()
                .stream().filter(x -> x.id().equals("rollout-load-failed-requests")).toList();
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("rollout load failed requests");
            assertThat(x.failed()).as("the new configs elect the same master: no request may fail").isTrue();
            assertThat(x.bound().value()).isEqualTo(0.0);
        });
        // judged with the whole run, as hatest report does
        RunAnalysis.Spec run = new RunAnalysis.Spec(VIP, "lb01", List.of(), spec(List.of(turn("lb02", null, null), turn("lb01", null, null))))
                .withLoad(load);
        assertThat(RunAnalysis.judge(run, events).verdicts()).extracting(Verdict::name).contains("rollout load failed requests");
    }

    @Test
    void aFailedRequestDuringARolloutThatKeepsTheMasterFailsItsOutage() {
        steady(12_000);
        at(3000, "client", Request.failed(VIP, "refused"));
        mark(1000, Mark.Name.ROLLOUT_START, "");
        reloaded("lb02", 1000, 6000);
        reloaded("lb01", 6001, 11_000);
        mark(11_001, Mark.Name.ROLLOUT_END, "");

        StepAnalysis.Judged j = RolloutAnalysis.judge(spec(List.of(turn("lb02", null, null), turn("lb01", null, null))), events);

        Verdict outage = j.verdicts().stream().filter(v -> v.name().equals("rollout outage")).findFirst().orElseThrow();
        assertThat(outage.passed()).isFalse();
        assertThat(outage.measured().text()).startsWith("1 failed requests");
    }

    @Test
    void aRefusedConfigStopsTheRolloutAtItsNodeWhichGoesOnServing() {
        steady(12_000);
        String error = "to/lb02/keepalived.conf:20: virtual_router_id must be 1..255, got 351";
        mark(1000, Mark.Name.ROLLOUT_START, "");
        mark(1000, Mark.Name.TURN, "lb02");
        at(1200, "lb02", ConfigChecked.of(1, List.of(WARNING, error)));
        mark(1400, Mark.Name.SERVING, "lb02");
        mark(1500, Mark.Name.DAEMON_RUNNING, "lb02");
        mark(1501, Mark.Name.ROLLOUT_END, "");

        StepAnalysis.Judged j = RolloutAnalysis.judge(spec(List.of(turn("lb02", error, 20), turn("lb01", null, null))), events);

        assertThat(j.verdicts()).extracting(Verdict::name, Verdict::outcome).containsExactly(
                tuple("config test on lb02", Verdict.Outcome.FAIL), tuple("old config still serving", Verdict.Outcome.PASS),
                tuple("rollout outage", Verdict.Outcome.PASS), tuple("VIP moves", Verdict.Outcome.PASS),
                tuple("single master", Verdict.Outcome.PASS), tuple("final master", Verdict.Outcome.PASS));
        assertThat(j.verdicts().get(0).measured().text()).isEqualTo(error);  // the daemon's own line, the user's file
        assertThat(j.failovers()).isEmpty();
    }

    @Test
    void aReloadTheDaemonRejectedFailsItsTurn() {
        steady(12_000);
        mark(1000, Mark.Name.ROLLOUT_START, "");
        mark(1000, Mark.Name.TURN, "lb02");
        at(1200, "lb02", ConfigChecked.of(0, List.of()));
        at(1300, "nemesis", Nemesis.injected("reload the VRRP daemon (SIGHUP) on lb02"));
        at(1350, "lb02", new Reload(Reload.Result.REJECTED, "to/lb02/keepalived.conf:3: unknown"));
        mark(6000, Mark.Name.SETTLED, "lb02");
        mark(6001, Mark.Name.ROLLOUT_END, "");

        RolloutAnalysis.Spec s = spec(List.of(turn("lb02", null, null), turn("lb01", null, null)));
        assertThat(RolloutAnalysis.turn(s, s.turns().get(0), events, 1_000_000).passed()).isFalse();
        StepAnalysis.Judged j = RolloutAnalysis.judge(s, events);
        assertThat(j.verdicts()).extracting(Verdict::name).startsWith("config test on lb02", "reloaded lb02", "settled after lb02", "rollout outage");
        assertThat(j.verdicts().get(1).passed()).isFalse();
    }

    @Test
    void aHistoryCutShortCannotBeJudged() {
        steady(12_000);
        mark(1000, Mark.Name.ROLLOUT_START, "");
        mark(1000, Mark.Name.TURN, "lb02");
        assertThatThrownBy(() -> RolloutAnalysis.judge(spec(List.of(turn("lb02", null, null))), events))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rollout end");
    }

    /** A saved rollout carries its spec: `hatest report` judges it again from its History, to the same verdicts. */
    @Test
    void aSavedRolloutIsJudgedAgainFromItsHistory(@TempDir Path dir) throws IOException {
        steady(12_000);
        mark(1000, Mark.Name.ROLLOUT_START, "");
        reloaded("lb02", 1000, 6000);
        reloaded("lb01", 6001, 11_000);
        mark(11_001, Mark.Name.ROLLOUT_END, "");
        RunAnalysis.Spec analysis = new RunAnalysis.Spec(VIP, "lb01", List.of(),
                spec(List.of(turn("lb02", null, null), turn("lb01", null, null))));
        StepAnalysis.Judged j = RunAnalysis.judge(analysis, events);
        RunReport run = new RunReport("rollout", true, j.verdicts(), j.failovers(), events, "bound", null, analysis);
        Path file = dir.resolve("rollout.json");
        Files.writeString(file, JsonReport.render(run));

        RunReport saved = JsonReport.read(file);
        assertThat(saved.judgeable()).isTrue();
        assertThat(saved.analysis().rollout()).isEqualTo(analysis.rollout());
        assertThat(saved.rejudged().verdicts()).extracting(Verdict::name, Verdict::outcome)
                .containsExactlyElementsOf(j.verdicts().stream().map(v -> tuple(v.name(), v.outcome())).toList());
        assertThat(saved.rejudged().verdicts()).hasSize(11);  // the winner at convergence, then the rollout's ten
    }
}
