package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 7: the master's daemon crashes (kill -9): the backup takes over after Master_Down_Interval. */
class DaemonCrashIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void lb02BecomesMasterMasterDownIntervalAfterLb01sLastAdvert() throws Exception {
        Topology t = SeedVariants.weight();
        dev.hatest.harness.cluster.NodeConfig backup = Scenario.conf(t, "lb02");
        OutageBound bound = OutageBound.daemonCrash(backup, t.vip());
        double masterDown = OutageBound.masterDownMillis(backup, t.vip());

        // Given the seed pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When lb01's vrrpd is killed with -9: no goodbye, its VIP stays on its interface
        Event fault = scenario.inject(KillProcess.kill("lb01", NodeProcess.VRRPD));

        // Then lb02 serves within Master_Down_Interval + margin
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));
        History h = scenario.history();
        long now = History.nowMicros();
        Failover f = TakeoverChecker.failover(h.events(), fault, running.vip(), now);
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        f.steps().forEach((step, ms) -> scenario.figure("step." + step, ms));
        // and lb01 sent nothing once it was dead (the DEAD state is recorded when the kill has returned)
        Event dead = h.events().stream().filter(e -> e.source().equals("lb01") && e.kind().equals(Kinds.STATE)
                && e.value().contains("->DEAD")).findFirst().orElseThrow();
        assertThat(h.events()).noneMatch(e -> e.source().equals("lb01") && e.kind().equals(Kinds.ADVERT)
                && e.timeMicros() > dead.timeMicros());
        assertThat(f.steps().get(Failover.LAST_ADVERT)).isNotNull();
        // and lb02's transition came Master_Down_Interval (3 x advert_int + skew) after that last advert, as
        // RFC 3768 6.4.2 times it. Bound: -20 ms (clock reading) to +500 ms (scheduling on a loaded machine).
        double sinceLastAdvert = f.steps().get(Failover.NEW_MASTER) - f.steps().get(Failover.LAST_ADVERT);
        scenario.figure("transitionAfterLastAdvertMs", sinceLastAdvert);
        assertThat(sinceLastAdvert).as("Master_Down_Interval is %.1f ms", masterDown).isBetween(masterDown - 20, masterDown + 500);
        // and lb01's stale VIP is still on its interface, held but claimed by no live daemon
        List<Event> events = h.events();
        assertThat(VipHolders.at(events, running.vip(), now)).containsExactlyInAnyOrder("lb01", "lb02");
        assertThat(VipHolders.live(events, running.vip(), now)).isEqualTo(Set.of("lb02"));
        assertThat(events).noneMatch(e -> e.source().equals("lb01") && e.kind().equals(Kinds.VIP_DEL) && e.timeMicros() > fault.timeMicros());
    }
}
