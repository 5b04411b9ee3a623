package dev.hatest.it;

import dev.hatest.harness.check.FailbackChecker;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Requests;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 13: dual-active (双活). VI_1 (VIP .200) prefers lb01, VI_2 (VIP .199) prefers lb02, both track
 * nginx. nginx dies on lb01: both VIPs end on lb02, and VI_2's clients never notice. nginx returns: each VIP
 * is back with its owner.
 */
class DualActiveIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void bothVipsMoveToLb02AndEachReturnsToItsOwner() throws Exception {
        Topology t = SeedVariants.dualActive();
        OutageBound bound = OutageBound.nginxKill(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());
        double masterDown = OutageBound.masterDownMillis(Scenario.conf(t, "lb01"), t.vip());

        // Given each node serves its own VIP. Both start as BACKUP, so the first daemon up may win both at
        // first; preempt hands each VIP to its owner within two Master_Down_Intervals.
        scenario.startConverged(t, r -> ChaosRun.servedSteadilyBy(r.vips().get(0), "lb01").and(ChaosRun.servedSteadilyBy(r.vips().get(1), "lb02")),
                "lb01 serves VI_1's VIP and lb02 VI_2's");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        String vip1 = running.vips().get(0);
        String vip2 = running.vips().get(1);
        long steady = History.nowMicros();

        // When nginx is killed on lb01
        Nemesis kill = KillProcess.kill("lb01", NodeProcess.NGINX);
        Event fault = scenario.inject(kill);

        // Then lb02 holds and serves both VIPs, VI_1 within the derived bound
        scenario.await("lb02 serves both", ChaosRun.servedSteadilyBy(vip1, "lb02").and(ChaosRun.servedSteadilyBy(vip2, "lb02")),
                Duration.ofMillis((long) bound.millis() + 10_000));
        History h = scenario.history();
        Failover f = TakeoverChecker.failover(h.events(), fault, vip1, History.nowMicros());
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        // and VI_2's clients were never interrupted
        long failedVip2 = h.events().stream().filter(e -> Requests.isFor(e, vip2) && !Requests.ok(e) && e.timeMicros() >= steady).count();
        scenario.figure("vip2FailedRequests", failedVip2);
        assertThat(failedVip2).as("failed requests to %s", vip2).isZero();

        // When nginx is back on lb01
        Event heal = scenario.heal(kill);

        // Then VIP .200 returns to lb01 (preempt) and .199 stays with lb02
        scenario.await("each VIP with its owner", ChaosRun.servedSteadilyBy(vip1, "lb01").and(ChaosRun.servedSteadilyBy(vip2, "lb02")),
                Duration.ofSeconds(30));
        long now = History.nowMicros();
        List<Event> events = h.events();
        scenario.expect(FailbackChecker.returned(events, vip1, "lb01", heal.timeMicros(), now, OutageBound.scriptIntervalMillis(Scenario.conf(running, "lb01"), running.vip()) + masterDown + OutageBound.MARGIN_MS));
        scenario.expect(WinnerChecker.verdict(events, vip2, "lb02", now));
        // and each instance had one master at a time, give or take a takeover's advert
        OutageBound dual = OutageBound.dualMasters(Scenario.conf(running, "lb02"), running.vip());
        scenario.expect(SingleMasterChecker.verdict(SingleMasterChecker.measure(events, vip1, "VI_1", steady, now), dual.millis()));
        scenario.expect(SingleMasterChecker.verdict(SingleMasterChecker.measure(events, vip2, "VI_2", steady, now), dual.millis()));
    }
}
