package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.history.Requests;
import dev.hatest.harness.nemesis.HangProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 4: nginx hangs (accepts, never answers), with the curl check: two 3 s timeouts in a row. */
class NginxHangCurlIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void twoCurlTimeoutsLowerLb01AndLb02TakesTheVip() throws Exception {
        Topology t = SeedVariants.curl();
        // (fall 2 + 1) x (interval 2 s + timeout 4 s) + Master_Down_Interval 3.609 s + 2 s margin = 23.6 s
        OutageBound bound = OutageBound.nginxHang(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());

        // Given the pair with the curl check has converged on lb01
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When nginx hangs on lb01 (SIGSTOP: the kernel still accepts connections, nobody answers)
        Event fault = scenario.inject(new HangProcess("lb01", NodeProcess.NGINX));

        // Then the clients time out (not refused: the port is open), the curl check fails twice, and lb02
        // takes the VIP within the derived bound
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));
        History h = scenario.history();
        Failover f = TakeoverChecker.failover(h.events(), fault, running.vip(), History.nowMicros());
        scenario.expect(TakeoverChecker.verdict(f, "lb01", bound.millis()));
        assertThat(f.to()).isEqualTo("lb02");
        assertThat(h.events()).filteredOn(e -> Requests.isFor(e, running.vip()) && !Requests.ok(e) && e.timeMicros() > fault.timeMicros())
                .isNotEmpty().allSatisfy(e -> assertThat(Requests.detail(e)).isEqualTo("timeout"));
        // and detection took at least two 3 s curl timeouts: the priority dropped no sooner than 6 s in
        Event drop = h.events().stream().filter(e -> e.source().equals("lb01") && e.kind().equals(Kinds.PRIORITY)
                && e.value().equals("VI_1 101->96")).findFirst().orElseThrow();
        double detectedMs = (drop.timeMicros() - fault.timeMicros()) / 1000.0;
        scenario.figure("detectionMs", detectedMs);
        assertThat(detectedMs).isGreaterThanOrEqualTo(6000);
    }
}
