package dev.hatest.it;

import dev.hatest.harness.check.FlappingChecker;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.nemesis.PacketLoss;
import dev.hatest.harness.scenario.ChaosRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 18: 30% of VRRP lost on every node for 60 s at advert_int 1. The backup declares the master down
 * only after three adverts in a row are lost, so false takeovers are rare; each is short, because the master
 * answers the intruder's lower advert at once. The flaps are counted against a bound from the arithmetic.
 */
class VrrpLossIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void flapsUnderThirtyPercentLossStayWithinTheExpectedCount() throws Exception {
        Topology t = SeedVariants.weight();
        double p = 0.30;
        int seconds = 60;
        // A false takeover by lb02 needs the three adverts after a received one lost (Master_Down_Interval
        // 3.609 s spans three advert_ints): 60 x (1 - p) x p^3 = 1.13 expected. lb01 never leaves MASTER (it
        // answers lb02's lower adverts), so each is one transition to MASTER. Bound: 6; for a Poisson count
        // of mean 1.13, more than 6 has odds under 1 in 5000.
        double expected = seconds * (1 - p) * p * p * p;
        int bound = 6;

        // Given the pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When every node drops 30% of the VRRP it receives, for 60 s
        PacketLoss loss = new PacketLoss(List.of("lb01", "lb02"), p * 100);
        Event injected = scenario.inject(loss);
        long until = scenario.hold(Duration.ofSeconds(seconds));
        scenario.heal(loss);

        // Then the transitions to MASTER stay within the bound, and the pair ends on lb01
        FlappingChecker.Flaps flaps = FlappingChecker.count(scenario.history().events(), "VI_1", injected.timeMicros(), until);
        scenario.figure("expectedFalseTakeovers", expected);
        scenario.expect(FlappingChecker.verdict(flaps, bound, String.format(Locale.ROOT,
                "expected false takeovers %d x (1 - %.2f) x %.2f^3 = %.2f; P(more than 6) < 1/5000", seconds, p, p, expected)));
        scenario.await("lb01 serves", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofSeconds(20));
        scenario.expect(WinnerChecker.verdict(scenario.history().events(), running.vip(), "lb01", History.nowMicros()));
    }
}
