package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
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

/** Scenario 8: the master's daemon stops gracefully (SIGTERM): takeover within the backup's Skew_Time. */
class DaemonGracefulStopIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void lb01SaysGoodbyeWithPriority0AndLb02TakesOverAfterSkewTime() throws Exception {
        Topology t = SeedVariants.weight();
        dev.hatest.harness.cluster.NodeConfig backup = Scenario.conf(t, "lb02");
        OutageBound bound = OutageBound.daemonStop(backup, t.vip());
        double skew = OutageBound.skewMillis(backup, t.vip());

        // Given the seed pair has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When lb01's vrrpd is stopped with SIGTERM
        Event fault = scenario.inject(KillProcess.stop("lb01", NodeProcess.VRRPD));

        // Then lb01 sends a priority-0 advert and removes its VIP, and lb02 takes over within skew + margin
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));
        History h = scenario.history();
        Failover f = TakeoverChecker.failover(h.events(), fault, running.vip(), History.nowMicros());
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        f.steps().forEach((step, ms) -> scenario.figure("step." + step, ms));
        // (a normal advert may still go out while the signal is on its way)
        Event goodbye = h.events().stream().filter(e -> e.timeMicros() > fault.timeMicros() && e.source().equals("lb01")
                && e.kind().equals(Kinds.ADVERT) && e.value().equals("vrid 51 prio 0")).findFirst()
                .orElseThrow(() -> new AssertionError("no priority-0 advert from lb01 on the wire"));
        assertThat(h.events()).as("nothing from lb01 after its goodbye").noneMatch(e -> e.source().equals("lb01")
                && e.kind().equals(Kinds.ADVERT) && e.timeMicros() > goodbye.timeMicros());
        assertThat(h.events()).anyMatch(e -> e.source().equals("lb01") && e.kind().equals(Kinds.VIP_DEL)
                && e.value().equals(running.vip()) && e.timeMicros() > fault.timeMicros());
        // and lb02's transition came Skew_Time after the priority-0 advert (RFC 3768 6.4.2).
        // Bound: -20 ms to +500 ms, as for the crash.
        double afterGoodbye = f.steps().get(Failover.NEW_MASTER) - (goodbye.timeMicros() - fault.timeMicros()) / 1000.0;
        scenario.figure("transitionAfterPriority0Ms", afterGoodbye);
        assertThat(afterGoodbye).as("Skew_Time is %.1f ms", skew).isBetween(skew - 20, skew + 500);
    }
}
