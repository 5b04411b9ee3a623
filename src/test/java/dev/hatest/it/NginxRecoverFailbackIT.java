package dev.hatest.it;

import dev.hatest.harness.check.FailbackChecker;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 5: nginx recovers on the old master, which preempts: failback. */
class NginxRecoverFailbackIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void whenNginxIsBackLb01RegainsPriority101AndTakesTheVipBack() throws Exception {
        Topology seed = SeedVariants.weight();
        Topology t = seed;
        OutageBound bound = OutageBound.nginxKill(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());
        // Given nginx was killed on lb01 and lb02 took the VIP
        scenario.startConvergedOn(seed, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        Nemesis kill = KillProcess.kill("lb01", NodeProcess.NGINX);
        scenario.inject(kill);
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));

        // When nginx is started again on lb01
        Event heal = scenario.heal(kill);

        // Then lb01's check passes (rise 1) within one interval and its priority returns to 101; with preempt
        // (the default) it ignores lb02's lower adverts and takes the VIP when its Master_Down_Timer fires.
        // Bound: the check's interval + lb01's Master_Down_Interval + margin.
        double masterDown = OutageBound.masterDownMillis(Scenario.conf(t, "lb01"), t.vip());
        scenario.await("lb01 serves again", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofSeconds(30));
        long now = History.nowMicros();
        scenario.expect(FailbackChecker.returned(scenario.history().events(), running.vip(), "lb01", heal.timeMicros(), now,
                OutageBound.scriptIntervalMillis(Scenario.conf(t, "lb01"), t.vip()) + masterDown + OutageBound.MARGIN_MS));
        Failover back = TakeoverChecker.failover(scenario.history().events(), heal, running.vip(), now);
        scenario.figure("failbackOutageMs", Math.round(back.outageMs()));
        assertThat(back.to()).isEqualTo("lb01");
        // A planned failback is nearly seamless: the old master steps down on lb01's first advert and lb01's
        // GARPs move the client at once. Bound: 1 s.
        assertThat(back.outageMs()).as("client outage during failback").isLessThanOrEqualTo(1000);
    }
}
