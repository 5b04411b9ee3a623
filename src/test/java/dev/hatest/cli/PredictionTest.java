package dev.hatest.cli;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.FaultPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's prediction beside what a chaos run saw: agreeing, disagreeing, and silent where the plan has no row. */
class PredictionTest {

    private static ChaosPlan chaos(FaultPlan.Kind kind, String arg, String node) {
        return new ChaosPlan(SeedTopology.pair(), "the seed pair", List.of(new ChaosPlan.Step(kind, arg, node, null, null, null, null)),
                null, null, null);
    }

    private static RunReport report(Failover... failovers) {
        return new RunReport("a run", true, List.of(), List.of(failovers), List.of(), null);
    }

    private static Failover takeover(String to, double outageMs) {
        return new Failover("kill -9 nginx on lb01", 0, "lb01", to, outageMs, 100, Map.of());
    }

    @Test
    void aTakeoverToThePlannedNodeWithinItsBoundIsAsPredicted() {
        assertThat(Prediction.line(chaos(FaultPlan.Kind.KILL, "nginx", null), report(takeover("lb02", 5300)))).hasValue(
                "Predicted from the configs (hatest plan): nginx dead on lb01 -> takeover by lb02 within 11.6 s; seen: lb01 -> lb02 in 5300 ms, "
                        + "as predicted");
        assertThat(Prediction.line(chaos(FaultPlan.Kind.KILL, "nginx", null), report(takeover("lb02", 20_000))).orElseThrow())
                .endsWith("NOT as predicted");
        assertThat(Prediction.line(chaos(FaultPlan.Kind.KILL, "nginx", null), report()).orElseThrow())
                .endsWith("seen: no takeover, NOT as predicted");
    }

    @Test
    void aBackupsNginxMovesNothingAndADaemonStopIsItsOwnRow() {
        assertThat(Prediction.line(chaos(FaultPlan.Kind.KILL, "nginx", "lb02"), report())).hasValue(
                "Predicted from the configs (hatest plan): nginx dead on lb02 -> lb01 keeps the VIP; seen: nothing moved, as predicted");
        assertThat(Prediction.line(chaos(FaultPlan.Kind.STOP, "vrrpd", null), report(takeover("lb02", 700))).orElseThrow())
                .contains("VRRP daemon stopped (SIGTERM) on lb01 -> takeover by lb02 within 2.6 s", "as predicted");
    }

    @Test
    void silentWhereThePlanHasNoRow() {
        assertThat(Prediction.line(chaos(FaultPlan.Kind.RELOAD, null, null), report())).isEmpty();
        assertThat(Prediction.line(chaos(FaultPlan.Kind.KILL, "vrrpd", "lb02"), report())).as("a backup's daemon: no row").isEmpty();
    }
}
