package dev.hatest.harness.junit;

import dev.hatest.harness.check.Failover;
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
                Verdict.of("takeover", outageMs < plan.bound().millis(), String.format("%.0f ms", outageMs), plan.bound().millis() + " ms", ""),
                Verdict.of("single master", singleMaster, singleMaster ? "0 ms" : "2400 ms", "1000 ms", "two live masters"));
        ChaosRun.StepResult r = new ChaosRun.StepResult(plan, verdicts, List.of(f), "lb01");
        return new Takeover(plan.description() + " on lb01", r, new RunReport("test", r.passed(), verdicts, List.of(f), List.of(),
                plan.bound().formula()));
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
