package dev.hatest.harness.junit;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assertions a consumer writes, on takeovers built here as a run would give them. */
class HaAssertionsTest {

    private static final Topology SEED = SeedTopology.pair();

    /** A takeover from lb01 to lb02 with this outage, and its verdicts as the checkers would give them. */
    private static Takeover takeover(double outageMs, boolean singleMaster) {
        FaultPlan plan = FaultPlan.of(FaultPlan.Kind.KILL, "nginx", SEED, "lb01", true, "lb02", null);
        Map<String, Double> steps = new LinkedHashMap<>();
        steps.put(Failover.LAST_ADVERT, 2100.0);
        steps.put("first successful response", outageMs);
        Failover f = new Failover(plan.description(), 0, "lb01", "lb02", outageMs, 9, steps);
        List<Verdict> verdicts = List.of(
                Verdict.of("takeover", outageMs < plan.bound().millis(), Measure.ms(outageMs), Measure.atMostMs(plan.bound().millis()), ""),
                Verdict.of("single master", singleMaster, singleMaster ? "0 ms" : "2400 ms", "1000 ms", "two live masters"));
        return takeover(plan, verdicts, List.of(f), null);
    }

    private static Takeover takeover(FaultPlan plan, List<Verdict> verdicts, List<Failover> failovers, String broken) {
        ChaosRun.StepResult r = new ChaosRun.StepResult(plan, verdicts, failovers, "lb01", broken);
        return new Takeover(plan.description() + " on lb01", r, new RunReport("test", r.passed(), verdicts, failovers, List.of(),
                plan.bound().formula(), broken));
    }

    /**
     * Issue 31's vacuous assertion: the fault saw no failover at all (the takeover verdict failed, outageMs() is 0),
     * yet an outage assertion and a split-brain one passed. Now the outage assertion fails and says why.
     */
    @Test
    void anOutageAssertionOnAFaultThatTookNothingOverFails() {
        FaultPlan plan = FaultPlan.of(FaultPlan.Kind.KILL, "nginx", SEED, "lb01", true, "lb02", null);
        Failover none = new Failover(plan.description(), 0, "lb01", null, 0, 0, Map.of());
        Takeover t = takeover(plan, List.of(Verdict.of("takeover", false, Measure.ms(0), Measure.atMostMs(plan.bound().millis()),
                "no failover seen"), Verdict.of("single master", true, "0 ms", "1000 ms", "")), List.of(none), null);
        assertThat(t.outageMs()).isZero();

        assertThatThrownBy(() -> HaAssertions.assertThat(t).withOutageUnder(Duration.ofSeconds(8)).withoutSplitBrain())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected an outage under PT8S, but no takeover was seen: the VIP found no new master")
                .hasMessageContaining("takeover measured 0 ms");
    }

    @Test
    void anOutageAssertionOnAFaultWhoseOutcomeIsNoTakeoverFailsNamingTheOutcome() {
        FaultPlan plan = FaultPlan.of(FaultPlan.Kind.KILL, "nginx", SEED, "lb02", false, "lb02", null);
        Takeover t = takeover(plan, List.of(Verdict.of("no takeover", true, "VIP stayed on lb01", "", "")), List.of(), null);

        assertThat(t.expectedOutcome()).isEqualTo(Fault.Outcome.NO_TAKEOVER);
        HaAssertions.assertThat(t).passed().noTakeover();
        assertThatThrownBy(() -> HaAssertions.assertThat(t).withOutageUnder(Duration.ofSeconds(8)))
                .hasMessageContaining("there is no takeover to measure: this fault's outcome is no takeover");
    }

    @Test
    void aRunThatCouldNotBeJudgedFailsEveryAssertionWithWhatBroke() {
        Takeover judged = takeover(2800, true);
        String why = "the client container (the probe of the VIP) is removed from the engine";
        Takeover t = takeover(FaultPlan.of(FaultPlan.Kind.KILL, "nginx", SEED, "lb01", true, "lb02", null),
                judged.verdicts().stream().map(v -> v.unjudged(why)).toList(), judged.failovers(), why);

        assertThat(t.couldNotJudge()).contains(why);
        assertThatThrownBy(() -> HaAssertions.assertThat(t).tookOverTo("lb02")).hasMessageContaining("could not be judged: " + why);
        assertThatThrownBy(() -> HaAssertions.assertThat(t).noTakeover()).hasMessageContaining("could not be judged");
    }

    @Test
    void theyAreAssertJAssertions() {
        Takeover t = takeover(2800, true);

        assertThatThrownBy(() -> HaAssertions.assertThat(t).as("web pair SLO").withOutageUnder(Duration.ofMillis(10)))
                .hasMessageStartingWith("[web pair SLO] ");
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.check(() -> HaAssertions.assertThat(t).withOutageUnder(Duration.ofMillis(10)));
        soft.check(() -> HaAssertions.assertThat(t).tookOverTo("lb03"));
        assertThat(soft.errorsCollected()).hasSize(2);
        assertThatThrownBy(() -> HaAssertions.assertThat((Takeover) null).passed()).hasMessageContaining("Expecting actual not to be null");
    }

    @Test
    void aTakeoverWithinItsBoundsPassesEveryAssertion() {
        Takeover t = takeover(2800, true);

        HaAssertions.assertThat(t).passed().tookOver().tookOverTo("lb02").withOutageUnder(Duration.ofSeconds(8))
                .withFailedRequestsAtMost(9).withoutSplitBrain().withVerdictPassed("takeover");
        assertThat(t.from()).isEqualTo("lb01");
        assertThat(t.steps()).containsKeys(Failover.LAST_ADVERT);
        assertThat(t.boundMs()).isPositive();
        assertThat(t.boundFormula()).isNotBlank();
    }

    /** The acceptance's wrong expectation: the failure gives the measured outage and the bound it was held to. */
    @Test
    void anOutageOverTheBoundFailsWithTheMeasuredValueAndTheBound() {
        Takeover t = takeover(2800, true);

        assertThatThrownBy(() -> HaAssertions.assertThat(t).withOutageUnder(Duration.ofMillis(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the client saw 2800 ms (measured) against the bound of 10 ms")
                .hasMessageContaining(Failover.LAST_ADVERT + " 2100 ms")
                .hasMessageContaining("kill -9 nginx");
    }

    @Test
    void theWrongWinnerFailsNamingTheNodeThatWon() {
        assertThatThrownBy(() -> HaAssertions.assertThat(takeover(2800, true)).tookOverTo("lb03"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to move from lb01 to lb03, but it moved to lb02 (outage 2800 ms)");
        assertThatThrownBy(() -> HaAssertions.assertThat(takeover(2800, true)).noTakeover())
                .hasMessageContaining("to stay on lb01, but it moved to lb02");
    }

    @Test
    void twoLiveMastersFailWithoutSplitBrainWithTheMeasuredOverlap() {
        Takeover t = takeover(2800, false);

        assertThatThrownBy(() -> HaAssertions.assertThat(t).withoutSplitBrain())
                .hasMessageContaining("single master measured 2400 ms, bound 1000 ms (two live masters)");
        assertThatThrownBy(() -> HaAssertions.assertThat(t).passed()).hasMessageContaining("single master measured 2400 ms");
    }

    @Test
    void tooManyFailedRequestsAndAnUnknownVerdictFail() {
        Takeover t = takeover(2800, true);

        assertThatThrownBy(() -> HaAssertions.assertThat(t).withFailedRequestsAtMost(3)).hasMessageContaining("9 failed (measured)");
        assertThatThrownBy(() -> HaAssertions.assertThat(t).withVerdictPassed("failback"))
                .hasMessageContaining("there are only [takeover, single master]");
    }
}
