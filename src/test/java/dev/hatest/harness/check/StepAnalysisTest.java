package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.history.Observation.Mark;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The judge of a step, on hand-written Histories with the executor's marks: each outcome's verdicts composed from
 * the checkers, with no containers. (Recorded Histories of real runs are judged in RecordedRunsTest.)
 */
class StepAnalysisTest {

    private static final String VIP = "198.18.0.200";
    private static final long MS = 1000;
    private static final VipInstance VI_1 = new VipInstance("VI_1", 51);
    private static final Map<String, String> MACS = Map.of("lb01", "02:00:00:00:00:01", "lb02", "02:00:00:00:00:02");

    private final List<Event> events = new ArrayList<>();

    private void at(long ms, String source, String kind, String value) {
        events.add(Event.saved(ms * MS, source, kind, value));
    }

    private void mark(long ms, Mark.Name name, String about) {
        events.add(new Event(ms * MS, "harness", new Mark(name, about)));
    }

    private void served(long fromMs, long toMs, String node) {
        for (long t = fromMs; t < toMs; t += 20) {
            at(t, "client", Kinds.HTTP_OK, VIP + " " + node);
        }
    }

    private static StepAnalysis.Spec spec(StepAnalysis.Outcome outcome, long holdMs, boolean preempt) {
        return new StepAnalysis.Spec(outcome, "lb01", null, List.of(new StepAnalysis.JudgedVip(VIP, VI_1)), 11609, "the bound's formula",
                holdMs, 0, 1500, 1000, 3609.375, preempt, true, MACS, null, false);
    }

    /** Both nodes up, lb01 master and serving from t=0; its adverts every second until {@code lastAdvertMs}. */
    private void converged(long lastAdvertMs) {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired");
        at(0, "lb02", Kinds.STATE, "VI_1 INITIALIZE->BACKUP: start");
        at(1, "lb01", Kinds.VIP_ADD, VIP);
        at(2, "client", Kinds.NEIGH, VIP + " 02:00:00:00:00:01 REACHABLE");
        for (long t = 500; t <= lastAdvertMs; t += 1000) {
            at(t, "lb01", Kinds.ADVERT, "vrid 51 prio 101");
        }
        mark(900, Mark.Name.CONVERGED, "");
    }

    /** nginx killed on lb01 at 1000 ms; lb02 takes over at 6000 ms; healed at 9000 ms, lb01 back at 10000 ms. */
    private List<Event> takeoverAndFailback() {
        converged(5500);
        served(100, 1000, "lb01");
        mark(999, Mark.Name.STEP, "");
        at(1000, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01");
        for (long t = 1020; t < 6020; t += 20) {
            at(t, "client", Kinds.HTTP_FAIL, VIP + " refused");
        }
        at(6000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired");
        at(6001, "lb02", Kinds.VIP_ADD, VIP);
        at(6002, "client", Kinds.NEIGH, VIP + " 02:00:00:00:00:02 STALE");
        at(6003, "lb01", Kinds.VIP_DEL, VIP);
        at(6004, "lb01", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert (100)");
        served(6020, 10000, "lb02");
        mark(6300, Mark.Name.MOVED, VIP);
        at(9000, "nemesis", Kinds.HEAL, "kill -9 nginx on lb01");
        at(9990, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: preempting");
        at(9991, "lb01", Kinds.VIP_ADD, VIP);
        at(9992, "lb02", Kinds.VIP_DEL, VIP);
        at(9993, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert (101)");
        served(10000, 10400, "lb01");
        mark(10300, Mark.Name.BACK, VIP);
        Collections.sort(events);
        return events;
    }

    @Test
    void aTakeoverIsJudgedFromTheMarksItsExecutorLeft() {
        StepAnalysis.Judged j = StepAnalysis.judge(spec(StepAnalysis.Outcome.TAKEOVER, 3000, true), takeoverAndFailback(), 0);

        assertThat(j.verdicts()).extracting(Verdict::id, Verdict::outcome).containsExactly(
                tuple("takeover", Verdict.Outcome.PASS), tuple("winner", Verdict.Outcome.PASS), tuple("client-arp-moved", Verdict.Outcome.PASS),
                tuple("single-master", Verdict.Outcome.PASS), tuple("failback", Verdict.Outcome.PASS));
        Failover takeover = j.failovers().get(0);
        assertThat(takeover.to()).isEqualTo("lb02");
        assertThat(takeover.outageMs()).isEqualTo(5040);  // the last OK at 980 ms, the first after at 6020 ms
        assertThat(takeover.steps().get(Failover.NEW_MASTER)).isEqualTo(5000);
        assertThat(j.failovers().get(1).to()).isEqualTo("lb01");
        // the same History judged twice gives the same verdicts: nothing in the judge reads the clock
        assertThat(StepAnalysis.judge(spec(StepAnalysis.Outcome.TAKEOVER, 3000, true), events, 0)).isEqualTo(j);
    }

    @Test
    void aTakeoverOverItsBoundFailsAndATighterSpecSaysSo() {
        StepAnalysis.Spec tight = new StepAnalysis.Spec(StepAnalysis.Outcome.TAKEOVER, "lb01", "lb02", List.of(new StepAnalysis.JudgedVip(VIP, VI_1)),
                4000, "4 s", 3000, 0, 1500, 1000, 3609.375, true, true, MACS, null, false);

        Verdict takeover = StepAnalysis.judge(tight, takeoverAndFailback(), 0).verdicts().get(0);

        assertThat(takeover.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(takeover.measured().value()).isEqualTo(5040.0);
        assertThat(takeover.bound().value()).isEqualTo(4000.0);
    }

    @Test
    void aFaultThatMustChangeNothingIsJudgedOverItsHold() {
        converged(12_500);
        served(100, 13_000, "lb01");
        mark(999, Mark.Name.STEP, "");
        at(1000, "nemesis", Kinds.FAULT, "reload the VRRP daemon (SIGHUP) on lb01");
        at(1100, "lb01", Kinds.RELOAD, "applied");
        mark(11_000, Mark.Name.HELD, "");
        at(11_001, "nemesis", Kinds.HEAL, "reload the VRRP daemon (SIGHUP) on lb01");
        mark(11_300, Mark.Name.SERVED, VIP);
        Collections.sort(events);
        StepAnalysis.Spec reload = new StepAnalysis.Spec(StepAnalysis.Outcome.NO_TAKEOVER, "lb01", null,
                List.of(new StepAnalysis.JudgedVip(VIP, VI_1)), 3609, "x", 10_000, 0, 1500, 1000, 3609.375, true, true, MACS, "lb01", false);

        StepAnalysis.Judged j = StepAnalysis.judge(reload, events, 0);

        assertThat(j.verdicts()).extracting(Verdict::id, Verdict::outcome).containsExactly(
                tuple("no-takeover", Verdict.Outcome.PASS), tuple("single-master", Verdict.Outcome.PASS), tuple("flapping", Verdict.Outcome.PASS),
                tuple("reloaded", Verdict.Outcome.PASS), tuple("winner", Verdict.Outcome.PASS));
        assertThat(j.failovers()).isEmpty();
    }

    @Test
    void aSplitBrainNeedsASecondMasterThatHoldsUntilTheHeal() {
        converged(1500);
        served(100, 9000, "lb01");
        mark(999, Mark.Name.STEP, "");
        at(1000, "nemesis", Kinds.FAULT, "block VRRP out on lb01");
        at(4600, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired");
        mark(6000, Mark.Name.HELD, "");
        at(6001, "nemesis", Kinds.HEAL, "block VRRP out on lb01");
        at(6500, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert (101)");
        mark(6600, Mark.Name.ONE_MASTER, "VI_1");
        mark(7000, Mark.Name.SERVED, VIP);
        Collections.sort(events);
        StepAnalysis.Spec split = new StepAnalysis.Spec(StepAnalysis.Outcome.SPLIT_BRAIN, "lb01", null,
                List.of(new StepAnalysis.JudgedVip(VIP, VI_1)), 5609, "Master_Down_Interval + 2 s", 5000, 0, 1500, 1000, 3609.375, true, true,
                MACS, null, false);

        StepAnalysis.Judged j = StepAnalysis.judge(split, events, 0);

        assertThat(j.verdicts()).extracting(Verdict::id, Verdict::outcome).containsExactly(
                tuple("second-master", Verdict.Outcome.PASS), tuple("split-brain-detected", Verdict.Outcome.PASS),
                tuple("healed-to-one-master", Verdict.Outcome.PASS), tuple("winner", Verdict.Outcome.PASS));
        assertThat(j.verdicts().get(0).measured().value()).isEqualTo(3600.0);
        assertThat(j.verdicts().get(2).measured().value()).isEqualTo(499.0);
    }

    @Test
    void aStepThatDidNotRunToItsEndCannotBeJudged() {
        converged(1500);
        mark(999, Mark.Name.STEP, "");
        at(1000, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01");
        Collections.sort(events);

        assertThatThrownBy(() -> StepAnalysis.judge(spec(StepAnalysis.Outcome.TAKEOVER, 0, true), events, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no mark moved or stayed " + VIP);
    }

    @Test
    void aRunIsItsStartThenItsStepsEachNamedWithItsPrefix() {
        takeoverAndFailback();
        RunAnalysis.Spec run = new RunAnalysis.Spec(VIP, "lb01", List.of(
                new RunAnalysis.StepRecord("step 1 ", spec(StepAnalysis.Outcome.TAKEOVER, 3000, true), 999 * MS),
                new RunAnalysis.StepRecord("step 2 ", null, 10_400 * MS)));

        StepAnalysis.Judged j = RunAnalysis.judge(run, events);

        assertThat(j.verdicts()).extracting(Verdict::name).containsExactly("winner", "step 1 takeover", "step 1 winner",
                "step 1 client ARP moved", "step 1 single master", "step 1 failback", "step 2 converged");
        assertThat(j.verdicts().get(0).passed()).isTrue();
        assertThat(j.verdicts().get(6).passed()).as("lb01 serves at 10.4 s: one node holds the VIP").isTrue();
    }
}
