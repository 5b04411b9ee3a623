package dev.hatest.it;

import dev.hatest.harness.check.FailbackChecker;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.nemesis.RestartNode;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * The master reboots (the container restarts; its processes get no time to clean up). lb02 takes over after
 * Master_Down_Interval; lb01 boots, starts as BACKUP and preempts.
 */
class MasterRestartIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void lb02ServesWhileLb01RebootsAndLb01TakesTheVipBack() throws Exception {
        Topology t = SeedVariants.weight();
        OutageBound bound = OutageBound.daemonCrash(Scenario.conf(t, "lb02"));

        // Given the pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");

        // When lb01 restarts
        Event fault = scenario.inject(new RestartNode("lb01"));

        // Then lb02 took over within Master_Down_Interval + margin of lb01 going down
        scenario.await("lb02 became master", Scenario.entered("lb02", "MASTER", fault.timeMicros()), Duration.ofMillis((long) bound.millis() + 10_000));
        // and lb01, back up, takes the VIP again: its JVM start, then Master_Down_Interval; 30 s is generous
        scenario.await("lb01 serves", ChaosRun.servedSteadilyBy(t.vip(), "lb01"), Duration.ofSeconds(30));
        History h = scenario.history();
        Failover f = TakeoverChecker.failover(h.events(), fault, t.vip(), History.nowMicros());
        scenario.figure("outageMs", f.outageMs());
        scenario.expect(FailbackChecker.returned(h.events(), t.vip(), "lb01", fault.timeMicros(), History.nowMicros(), 30_000));
    }
}
