package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.BreakNginx;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 3: nginx dies for good on the master, with the article's check_ng.sh that stops the daemon. */
class NginxKillCheckNgStopIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void checkNgStopsVrrpdWhoseGoodbyeAdvertHandsTheVipOverWithinSkewTime() throws Exception {
        Topology t = SeedVariants.checkNgStop();
        // interval 2 s + the script's 1 s wait + Skew_Time 0.609 s + 2 s margin = 5.6 s
        OutageBound bound = OutageBound.scriptStopsDaemon(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip(), 1000);
        double skew = OutageBound.skewMillis(Scenario.conf(t, "lb02"), t.vip());

        // Given the pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When nginx is killed on lb01 and can't start again (a broken config)
        Event fault = scenario.inject(new BreakNginx("lb01"));

        // Then check_ng.sh fails to restart nginx and stops vrrpd, which says goodbye with priority 0
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));
        History h = scenario.history();
        Failover f = TakeoverChecker.failover(h.events(), fault, running.vip(), History.nowMicros());
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        assertThat(f.to()).isEqualTo("lb02");
        assertThat(h.events()).as("lb01's daemon shut down").anyMatch(e -> e.source().equals("lb01")
                && e.kind().equals(Kinds.STATE) && e.value().startsWith("VI_1 MASTER->INITIALIZE"));
        Event goodbye = h.events().stream().filter(e -> e.timeMicros() > fault.timeMicros() && e.source().equals("lb01")
                && e.kind().equals(Kinds.ADVERT) && e.value().endsWith("prio 0")).findFirst().orElseThrow(
                () -> new AssertionError("no priority-0 advert from lb01 on the wire"));
        // and lb02 became master Skew_Time after the priority-0 advert (RFC 3768 6.4.2), not Master_Down
        // later. Bound: skew + 500 ms for scheduling on a loaded machine.
        Event transition = scenario.firstEntered("lb02", "MASTER", goodbye.timeMicros()).orElseThrow();
        double afterGoodbye = (transition.timeMicros() - goodbye.timeMicros()) / 1000.0;
        scenario.figure("transitionAfterPriority0Ms", afterGoodbye);
        assertThat(afterGoodbye).as("lb02's transition after lb01's priority-0 advert (skew %.1f ms)", skew)
                .isBetween(skew - 20, skew + 500);
    }
}
