package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedTopology;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 2: nginx killed on the master, with the article's preferred check (weight -5). */
class NginxKillWeightIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    private final Topology seed = SeedVariants.weight();
    private final dev.hatest.harness.cluster.NodeConfig master = Scenario.conf(seed, "lb01");
    private final dev.hatest.harness.cluster.NodeConfig backup = Scenario.conf(seed, "lb02");
    /** (fall 2 + 1) x interval 2 s + Master_Down_Interval 3.609 s + 2 s margin = 11.6 s. */
    private final OutageBound bound = OutageBound.nginxKill(master, backup, seed.vip());

    @Test
    void theCheckLowersLb01To96AndLb02TakesTheVipWithinTheDerivedBound() throws Exception {
        // Given the seed pair has converged on lb01
        scenario.startConvergedOn(seed, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        History history = scenario.history();

        // When nginx is killed with -9 on lb01
        Event fault = scenario.inject(KillProcess.kill("lb01", NodeProcess.NGINX));

        // Then lb02 holds the VIP and serves, within the bound derived from the config
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"),
                Duration.ofMillis((long) bound.millis() + 10_000));
        Failover f = TakeoverChecker.failover(history.events(), fault, running.vip(), History.nowMicros());
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        assertThat(f.to()).isEqualTo("lb02");
        f.steps().forEach((step, ms) -> scenario.figure("step." + step.replace(' ', '-'), ms));
        // and the weight-based check lowered lb01 to 101 - 5 = 96, below lb02's 100, after fall 2 runs
        assertThat(history.events()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("lb01");
            assertThat(e.kind()).isEqualTo(Kinds.PRIORITY);
            assertThat(e.value()).isEqualTo("VI_1 101->96");
        });
        // and lb02 preempted the lower-priority master when its Master_Down_Timer fired: lb01's adverts (at
        // 96) did not reset it. The transition comes Master_Down_Interval after lb01's last advert at 101,
        // within the detection window, so its offset lies between Master_Down_Interval and the bound.
        double masterDown = OutageBound.masterDownMillis(Scenario.conf(running, "lb02"), running.vip());
        scenario.expect(TakeoverChecker.step(f, Failover.NEW_MASTER, masterDown, bound.millis(),
                "after the priority drop, Master_Down_Interval " + masterDown + " ms"));
        // and the old master's adverts went on until the new master's transition (it was alive, only lower)
        assertThat(f.steps().get(Failover.LAST_ADVERT)).isNotNull().isGreaterThan(masterDown - 1000);
        // and lb01 stepped down on lb02's first advert: two masters for at most advert_int + log slack
        OutageBound dual = OutageBound.dualMasters(Scenario.conf(running, "lb02"), running.vip());
        scenario.expect(SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), running.vip(),
                fault.timeMicros(), History.nowMicros()), dual.millis()));
    }
}
