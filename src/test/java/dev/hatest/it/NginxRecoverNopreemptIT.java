package dev.hatest.it;

import dev.hatest.harness.check.FailbackChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** Scenario 6: nginx recovers on the old master, which has nopreempt (and state BACKUP): no failback. */
class NginxRecoverNopreemptIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void lb01BackAtPriority101DoesNotTakeTheVipBack() throws Exception {
        // lb02's daemon starts only once lb01 (priority 101, state BACKUP, nopreempt) is master: both start as
        // BACKUP, and whichever daemon came up first would otherwise win, for good under nopreempt.
        Topology t = SeedVariants.nopreempt();
        t = t.with(t.node("lb02").withoutDaemon());
        dev.hatest.harness.cluster.NodeConfig lb01 = Scenario.conf(t, "lb01");
        OutageBound bound = OutageBound.nginxKill(lb01, Scenario.conf(t, "lb02"), t.vip());
        double masterDown = OutageBound.masterDownMillis(lb01, t.vip());

        // Given nginx was killed on lb01 and lb02 (preempt, 100 > 96) took the VIP
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        scenario.startDaemon("lb02");
        scenario.await("lb02's daemon has started and follows lb01", Scenario.entered("lb02", "BACKUP", 0), Duration.ofSeconds(30));
        Nemesis kill = KillProcess.kill("lb01", NodeProcess.NGINX);
        scenario.inject(kill);
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));

        // When nginx is started again on lb01 and its priority returns to 101
        Event heal = scenario.heal(kill);
        java.util.function.Predicate<Event> backAt101 = e -> e.timeMicros() > heal.timeMicros()
                && e.source().equals("lb01") && e.kind().equals(Kinds.PRIORITY) && e.value().equals("VI_1 96->101");
        scenario.await("lb01 back at 101", events -> events.stream().anyMatch(backAt101), Duration.ofSeconds(10));
        long restored = scenario.history().events().stream().filter(backAt101).findFirst().orElseThrow().timeMicros();

        // Then for three Master_Down_Intervals (long enough for a preempting node to have taken over twice)
        // the VIP stays on lb02 and every answered request comes from lb02: at least half of what the 20 ms
        // probe can ask in that time, so the window was really watched
        Duration window = Duration.ofMillis((long) (3 * masterDown));
        long until = scenario.hold(window);
        scenario.expect(FailbackChecker.stayed(scenario.history().events(), running.vip(), "lb02", restored, until, window.toMillis() / 20 / 2));
        scenario.figure("observedMs", (until - restored) / 1000.0);
    }
}
