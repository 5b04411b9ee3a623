package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SeedNginxKillIT {

    private final Topology seed = SeedTopology.pair();
    /** (fall 2 + 1) x interval 2 s + Master_Down_Interval 3.609 s + 2 s margin = 11.6 s. */
    private final OutageBound bound = OutageBound.nginxKill(seed.node("lb01").files().get(SeedTopology.CONFIG),
            seed.node("lb02").files().get(SeedTopology.CONFIG));

    @Test
    void killingNginxOnTheMasterMovesTheVipToTheBackupWithinTheDerivedBound() throws Exception {
        try (Cluster cluster = Scenarios.startedAndConvergedOn(seed, "lb01")) {
            History history = cluster.history();

            // When nginx is killed with -9 on the master
            Nemesis kill = KillProcess.kill("lb01", NodeProcess.NGINX);
            kill.invoke(cluster);

            // Then lb02 holds the VIP and serves, within the bound derived from the config
            boolean movedAway = history.await(ChaosRun.servedSteadilyByOtherThan(seed.vip(), "lb01"),
                    Duration.ofMillis((long) bound.millis() + 10_000));
            assertThat(movedAway).as("lb02 serves after the kill").isTrue();
            Failover f = TakeoverChecker.failover(history.events(), history.last(Kinds.FAULT).orElseThrow(), seed.vip(), History.nowMicros());
            Verdict v = TakeoverChecker.verdict(f, "lb01", bound.millis());
            System.out.printf("nginx kill: outage %.0f ms (bound %.0f ms: %s), steps %s%n", f.outageMs(), bound.millis(), bound.formula(), f.steps());
            assertThat(v.passed()).as(v.toString()).isTrue();
            assertThat(f.to()).isEqualTo("lb02");
            // The weight-based check lowered lb01 to 101 - 5 = 96, below lb02's 100.
            assertThat(history.events()).anySatisfy(e -> {
                assertThat(e.source()).isEqualTo("lb01");
                assertThat(e.kind()).isEqualTo(Kinds.PRIORITY);
                assertThat(e.value()).isEqualTo("VI_1 101->96");
            });

            // When nginx is started again on lb01
            kill.recover(cluster);

            // Then lb01's check passes (rise 1), its priority returns to 101 and it preempts lb02
            boolean back = history.await(ChaosRun.servedSteadilyBy(seed.vip(), "lb01"),
                    Duration.ofMillis((long) bound.millis() + 10_000));
            assertThat(back).as("the VIP returns to lb01 (preempt)").isTrue();
            Failover failback = TakeoverChecker.failover(history.events(), history.last(Kinds.HEAL).orElseThrow(), seed.vip(), History.nowMicros());
            System.out.printf("failback: served by %s then %s, outage %.0f ms%n", failback.from(), failback.to(), failback.outageMs());
            assertThat(failback.to()).isEqualTo("lb01");
        }
    }
}
