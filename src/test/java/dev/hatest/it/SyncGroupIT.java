package dev.hatest.it;

import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vrrp_sync_group: VI_1 and VI_2 move together. When nginx dies on lb01 its check (without a weight: keepalived
 * ignores weighted checks in a sync group) fails, which puts VI_1, and with it the group, in FAULT; both VIPs
 * move to lb02. The same with keepalived on lb01, which must behave alike.
 */
class SyncGroupIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    private void bothVipsMoveTogether(Topology t) throws Exception {
        // (fall 2 + 1) x interval + Master_Down_Interval + margin: an upper bound (lb01's goodbye advert on
        // entering FAULT makes it Skew_Time in practice)
        OutageBound bound = OutageBound.nginxKill(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());

        // Given lb01 serves both VIPs
        scenario.startConverged(t, r -> ChaosRun.servedSteadilyBy(r.vips().get(0), "lb01").and(ChaosRun.servedSteadilyBy(r.vips().get(1), "lb01")),
                "lb01 serves both VIPs");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        String vip1 = scenario.topology().vips().get(0);
        String vip2 = scenario.topology().vips().get(1);

        // When nginx is killed on lb01
        Event fault = scenario.inject(KillProcess.kill("lb01", NodeProcess.NGINX));

        // Then lb02 serves both VIPs, and lb01's VI_2, whose own check is the same, went with VI_1
        scenario.await("lb02 serves both", ChaosRun.servedSteadilyBy(vip1, "lb02").and(ChaosRun.servedSteadilyBy(vip2, "lb02")),
                Duration.ofMillis((long) bound.millis() + 10_000));
        assertThat(scenario.history().events()).filteredOn(e -> e.timeMicros() > fault.timeMicros() && e.source().equals("lb01")
                && e.kind().equals(Kinds.STATE)).extracting(Event::value)
                .anySatisfy(v -> assertThat(v).startsWith("VI_1 MASTER->FAULT"))
                .anySatisfy(v -> assertThat(v).startsWith("VI_2 MASTER->FAULT"));
    }

    @Test
    void vrrpdMovesTheGroupTogether() throws Exception {
        bothVipsMoveTogether(SeedVariants.syncGroup());
    }

    @Test
    void keepalivedMovesTheGroupTheSameWay() throws Exception {
        // lb01 runs keepalived, so its states are keepalived's own; lb02 is vrrpd
        Topology t = SeedVariants.syncGroup();
        bothVipsMoveTogether(t.with(t.node("lb01").withKeepalived()));
    }
}
