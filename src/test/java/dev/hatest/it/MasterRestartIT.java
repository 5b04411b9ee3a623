package dev.hatest.it;

import dev.hatest.harness.check.FailbackChecker;
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

import static org.assertj.core.api.Assertions.assertThat;

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
        OutageBound bound = OutageBound.daemonCrash(Scenario.conf(t, "lb02"), t.vip());
        double masterDown = OutageBound.masterDownMillis(Scenario.conf(t, "lb01"), t.vip());

        // Given the pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When lb01 restarts
        Event fault = scenario.inject(new RestartNode("lb01"));

        // Then lb02 took over within Master_Down_Interval + margin of lb01 going down (no goodbye advert)
        scenario.await("lb02 became master", Scenario.entered("lb02", "MASTER", fault.timeMicros()), Duration.ofMillis((long) bound.millis() + 10_000));
        double takeover = (scenario.firstEntered("lb02", "MASTER", fault.timeMicros()).orElseThrow().timeMicros() - fault.timeMicros()) / 1000.0;
        scenario.figure("lb02MasterAfterMs", takeover);
        assertThat(takeover).as("lb02's takeover (%s)", bound.formula()).isLessThanOrEqualTo(bound.millis());

        // and lb01, booted again, starts as BACKUP and preempts lb02 one Master_Down_Interval later (+ margin)
        scenario.await("lb01's daemon is back", Scenario.entered("lb01", "BACKUP", fault.timeMicros()), Duration.ofSeconds(60));
        Event back = scenario.firstEntered("lb01", "BACKUP", fault.timeMicros()).orElseThrow();
        scenario.figure("bootMs", (back.timeMicros() - fault.timeMicros()) / 1000.0);
        scenario.await("lb01 serves", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofSeconds(30));
        History h = scenario.history();
        scenario.figure("outageMs", TakeoverChecker.failover(h.events(), fault, running.vip(), History.nowMicros()).outageMs());
        scenario.expect(FailbackChecker.returned(h.events(), running.vip(), "lb01", back.timeMicros(), History.nowMicros(),
                masterDown + OutageBound.MARGIN_MS));
    }
}
