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
        // A false takeover needs the three adverts after a received one lost: 60 x (1 - p) x p^3 = 1.1
        // expected. Each can bring a second transition (lb01 re-elected if it missed lb02's adverts too).
        // Bound: 8 transitions to MASTER; with a Poisson mean of 1.1 takeovers, more than 4 has odds under
        // 1 in 200.
        double expected = seconds * (1 - p) * p * p * p;
        int bound = 8;

        // Given the pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");

        // When every node drops 30% of the VRRP it receives, for 60 s
        PacketLoss loss = new PacketLoss(List.of("lb01", "lb02"), p * 100);
        Event injected = scenario.inject(loss);
        long until = scenario.hold(Duration.ofSeconds(seconds));
        scenario.heal(loss);

        // Then the transitions to MASTER stay within the bound, and the pair ends on lb01
        FlappingChecker.Flaps flaps = FlappingChecker.count(scenario.history().events(), injected.timeMicros(), until);
        scenario.figure("expectedFalseTakeovers", expected);
        scenario.expect(FlappingChecker.verdict(flaps, bound, String.format(Locale.ROOT,
                "expected false takeovers %d x (1 - %.2f) x %.2f^3 = %.2f, each up to 2 transitions", seconds, p, p, expected)));
        scenario.await("lb01 serves", ChaosRun.servedSteadilyBy(t.vip(), "lb01"), Duration.ofSeconds(20));
        scenario.expect(WinnerChecker.verdict(scenario.history().events(), t.vip(), "lb01", History.nowMicros()));
    }
}
