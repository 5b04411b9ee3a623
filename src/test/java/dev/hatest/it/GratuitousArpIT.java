package dev.hatest.it;

import dev.hatest.harness.check.ArpChecker;
import dev.hatest.harness.cluster.Cluster;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 17: after a crash the old master's kernel still holds the VIP and answers ARP for it, so only
 * the new master's gratuitous ARPs can move the client.
 */
class GratuitousArpIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void theClientsArpEntryMovesToLb02sMacOnItsGratuitousArps() throws Exception {
        Topology t = SeedVariants.weight();
        OutageBound bound = OutageBound.daemonCrash(Scenario.conf(t, "lb02"), t.vip());

        // Given the pair has converged on lb01 and the client's entry for the VIP is lb01's MAC
        Cluster cluster = scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        String lb01Mac = cluster.node("lb01").macAddress();
        String lb02Mac = cluster.node("lb02").macAddress();
        scenario.await("the client resolved the VIP to lb01", events -> events.stream().anyMatch(e ->
                e.source().equals("client") && e.kind().equals(Kinds.NEIGH) && e.value().startsWith(running.vip() + " " + lb01Mac)), Duration.ofSeconds(30));

        // When lb01's daemon crashes, leaving its VIP in place
        Event fault = scenario.inject(KillProcess.kill("lb01", NodeProcess.VRRPD));
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));

        // Then the client's entry points to lb02's MAC within 500 ms of lb02 becoming master: lb02 sends its
        // first burst of GARPs as it takes over
        History h = scenario.history();
        Event transition = scenario.firstEntered("lb02", "MASTER", fault.timeMicros())
                .orElseThrow(() -> new AssertionError("lb02 reported no transition to MASTER"));
        scenario.expect(ArpChecker.verdict(ArpChecker.movedAfter(h.events(), running.vip(), lb02Mac, transition.timeMicros(), History.nowMicros()),
                "lb02", lb02Mac, OutageBound.ARP_MOVE_MS, "lb02's GARPs leave with its transition"));

        // and the wire shows lb02's GARPs for the VIP: a burst of 5 at once and another 5 after 5 s
        // (keepalived's garp_master_repeat and garp_master_delay defaults)
        scenario.await("the second burst", events -> garps(events, running.vip(), transition.timeMicros()).size() >= 10, Duration.ofSeconds(10));
        List<Event> garps = garps(h.events(), running.vip(), transition.timeMicros());
        scenario.figure("garps", garps.size());
        assertThat(garps).hasSize(10);
        // garp_master_delay is 5 s; -100/+600 ms for the two bursts' scheduling
        double spread = (garps.get(9).timeMicros() - garps.get(0).timeMicros()) / 1000.0;
        scenario.figure("garpBurstsApartMs", spread);
        assertThat(spread).as("first to last GARP").isBetween(4900.0, 5600.0);
        assertThat(garps).allMatch(e -> e.source().equals("lb02"));
    }

    private static List<Event> garps(List<Event> events, String vip, long from) {
        return events.stream().filter(e -> e.kind().equals(Kinds.GARP_SEEN) && e.value().equals(vip)
                && e.timeMicros() >= from - 100_000).toList();
    }
}
