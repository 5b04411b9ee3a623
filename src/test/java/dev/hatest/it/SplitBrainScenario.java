package dev.hatest.it;

import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape shared by faults that cut the masters off from each other's adverts without stopping either
 * (VRRP blocked one way, a paused or partitioned master): the backup takes over after Master_Down_Interval,
 * both claim MASTER for a while, and the heal must converge on the higher-priority lb01 again.
 */
final class SplitBrainScenario {

    private SplitBrainScenario() {
    }

    /**
     * Given the seed pair converged on lb01; when {@code fault} is injected, held {@code hold}, then healed;
     * then lb02 took over within the crash bound, {@code expectSplitBrain} says whether two live masters must
     * have been seen, and after the heal lb01 is the one master and serves again within {@code serveAgainMs}.
     */
    static void run(Scenario scenario, Topology seed, Nemesis fault, boolean expectSplitBrain, Duration hold,
                    double serveAgainMs, String serveAgainFormula) throws InterruptedException {
        dev.hatest.harness.cluster.NodeConfig backup = Scenario.conf(seed, "lb02");
        OutageBound crash = OutageBound.daemonCrash(backup, seed.vip());
        double advert = OutageBound.advertMillis(backup, seed.vip());
        scenario.startConvergedOn(seed, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        Event injected = scenario.inject(fault);
        scenario.await("lb02 claims MASTER", Scenario.entered("lb02", "MASTER", injected.timeMicros()),
                Duration.ofMillis((long) crash.millis() + 10_000));
        Event lb02Master = scenario.firstEntered("lb02", "MASTER", injected.timeMicros()).orElseThrow();
        double takeover = (lb02Master.timeMicros() - injected.timeMicros()) / 1000.0;
        scenario.figure("lb02MasterAfterMs", takeover);
        assertThat(takeover).as("lb02 took over within Master_Down_Interval + margin (%s)", crash.formula())
                .isLessThanOrEqualTo(crash.millis());
        long holdFrom = scenario.hold(hold);

        History h = scenario.history();
        SingleMasterChecker.SplitBrain during = SingleMasterChecker.measure(h.events(), running.vip(), "VI_1",
                injected.timeMicros(), History.nowMicros());
        if (expectSplitBrain) {
            // both stay masters from lb02's takeover to the heal: at least the hold
            scenario.expect(SingleMasterChecker.detected(during, hold.toMillis()));
        } else {
            scenario.expect(SingleMasterChecker.verdict(during, OutageBound.dualMasters(Scenario.conf(running, "lb02"), running.vip()).millis()));
        }

        Event heal = scenario.heal(fault);
        // One master again once lb01's next advert reaches lb02: within advert_int, plus 1 s for scheduling
        // and the daemons' logs.
        scenario.await("one master", Scenario.masters("lb01"), Duration.ofSeconds(30));
        scenario.expect(SingleMasterChecker.healed(SingleMasterChecker.settledAfter(h.events(), "VI_1", heal.timeMicros(),
                History.nowMicros()), advert + 1000, "advert_int " + advert + " ms + 1000 ms"));
        scenario.await("lb01 serves again", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofMillis((long) serveAgainMs + 5000));
        long now = History.nowMicros();
        scenario.expect(WinnerChecker.verdict(h.events(), running.vip(), "lb01", now));
        var back = TakeoverChecker.failover(h.events(), heal, running.vip(), now);
        scenario.figure("outageAfterHealMs", back.outageMs());
        assertThat(back.outageMs()).as("client outage after the heal (%s)", serveAgainFormula).isLessThanOrEqualTo(serveAgainMs);
        scenario.figure("heldMs", (holdFrom - injected.timeMicros()) / 1000.0);
    }
}
