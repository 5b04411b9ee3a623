package dev.hatest.it;

import dev.hatest.harness.check.FailbackChecker;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.LinkDown;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master's interface goes down. Like keepalived, vrrpd enters FAULT and removes its VIP (no goodbye
 * advert can leave a dead link), so lb02 waits out Master_Down_Interval. When the link returns lb01 starts
 * again as BACKUP and preempts.
 */
class MasterLinkDownIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void lb01FaultsAndLb02TakesOverThenLb01PreemptsWhenTheLinkReturns() throws Exception {
        Topology t = SeedVariants.weight();
        OutageBound bound = OutageBound.daemonCrash(Scenario.conf(t, "lb02"), t.vip());
        double masterDown = OutageBound.masterDownMillis(Scenario.conf(t, "lb01"), t.vip());

        // Given the pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When lb01's eth0 goes down
        LinkDown down = new LinkDown("lb01");
        Event fault = scenario.inject(down);

        // Then lb01 reports FAULT and lb02 serves within Master_Down_Interval + margin
        scenario.await("lb01 in FAULT", Scenario.entered("lb01", "FAULT", fault.timeMicros()), Duration.ofSeconds(5));
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));
        History h = scenario.history();
        Failover f = TakeoverChecker.failover(h.events(), fault, running.vip(), History.nowMicros());
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        assertThat(h.events()).anyMatch(e -> e.source().equals("lb01") && e.kind().equals(Kinds.VIP_DEL)
                && e.timeMicros() > fault.timeMicros());

        // When the link comes back
        Event heal = scenario.heal(down);

        // Then lb01 is BACKUP, then master again after its Master_Down_Interval (it ignores lb02's lower
        // adverts): bound 1 s to notice the link + Master_Down_Interval + margin
        scenario.await("lb01 serves", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofSeconds(30));
        scenario.expect(FailbackChecker.returned(h.events(), running.vip(), "lb01", heal.timeMicros(), History.nowMicros(),
                1000 + masterDown + OutageBound.MARGIN_MS));
    }
}
