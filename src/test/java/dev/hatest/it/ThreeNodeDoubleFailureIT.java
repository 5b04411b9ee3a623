package dev.hatest.it;

import dev.hatest.harness.check.FlappingChecker;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Scenario 14: three nodes at 101, 100 and 99. The master fails twice in a row: nginx dies on lb01 (down to
 * 96), then lb02's daemon crashes. The VIP goes to the highest-priority survivor each time.
 */
class ThreeNodeDoubleFailureIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void theVipGoesToLb02ThenToLb03() throws Exception {
        Topology t = SeedVariants.threeNodes();
        OutageBound nginx = OutageBound.nginxKill(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());
        OutageBound crash = OutageBound.daemonCrash(Scenario.conf(t, "lb03"), t.vip());

        // Given lb01 (101) is master of the three
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        long from = History.nowMicros();

        // When nginx dies on lb01 (101 - 5 = 96: below both backups)
        Event first = scenario.inject(KillProcess.kill("lb01", NodeProcess.NGINX));

        // Then lb02 (100) wins over lb03 (99): its Master_Down_Interval is 4 ms shorter, and it preempts lb03
        // if lb03 got there first
        scenario.await("lb02 serves", ChaosRun.servedSteadilyBy(running.vip(), "lb02"), Duration.ofMillis((long) nginx.millis() + 10_000));
        History h = scenario.history();
        scenario.expect(TakeoverChecker.verdict(TakeoverChecker.failover(h.events(), first, running.vip(), History.nowMicros()), "lb01", nginx.millis()));

        // When lb02's daemon crashes
        Event second = scenario.inject(KillProcess.kill("lb02", NodeProcess.VRRPD));

        // Then lb03 (99) wins over lb01 (96) and serves
        scenario.await("lb03 serves", ChaosRun.servedSteadilyBy(running.vip(), "lb03"), Duration.ofMillis((long) crash.millis() + 10_000));
        long now = History.nowMicros();
        scenario.expect(TakeoverChecker.verdict(TakeoverChecker.failover(h.events(), second, running.vip(), now), "lb02", crash.millis()));
        scenario.expect(WinnerChecker.verdict(h.events(), running.vip(), "lb03", now));
        // and mastership changed hands twice, allowing one transient master per failure: the backups'
        // Master_Down_Intervals are only 4 ms (lb02 vs lb03) and 12 ms (lb03 vs lb01) apart, so a slow
        // loser may claim MASTER before the winner's first advert reaches it, then step down at once.
        scenario.expect(FlappingChecker.verdict(FlappingChecker.count(h.events(), "VI_1", from, now), 4,
                "2 failovers + 1 transient master each (near-equal Master_Down_Intervals)"));
    }
}
