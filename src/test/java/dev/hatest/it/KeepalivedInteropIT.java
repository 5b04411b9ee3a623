package dev.hatest.it;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vrrpd and a real keepalived (Debian's 2.2.7) in one VRRP group: lb01 runs vrrpd at priority 101, lb02
 * runs keepalived at 100, both from the seed's configs. keepalived must accept vrrpd as its peer.
 */
class KeepalivedInteropIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();


    @Test
    void keepalivedAcceptsVrrpdForElectionGracefulStopAndPreempt() throws Exception {
        Topology base = SeedTopology.pair();
        Topology mixed = new Topology(base.subnet(), List.of(base.node("lb01"), base.node("lb02").withKeepalived()),
                base.vip(), base.clientAddress());

        // Given vrrpd (101) and keepalived (100): the election makes vrrpd's node master
        Cluster cluster = scenario.startConvergedOn(mixed, "lb01");
        // the VIP as it runs: on another subnet when this one was taken (clusters side by side)
        String vip = scenario.topology().vip();
        History history = cluster.history();
        assertThat(cluster.node("lb02").sh("pgrep -x keepalived").getExitCode()).as("lb02 runs keepalived").isZero();

        // When vrrpd stops gracefully (SIGTERM): it sends a priority-0 advert and removes the VIP
        Nemesis stop = KillProcess.stop("lb01", NodeProcess.VRRPD);
        stop.invoke(cluster);

        // Then keepalived takes over after its skew time (0.61 s at priority 100), not Master_Down (3.6 s).
        // Bound: skew 609 ms + 1.4 s for the exec, GARP and the probe's 20 ms cadence.
        assertThat(history.await(ChaosRun.servedSteadilyByOtherThan(vip, "lb01"), Duration.ofSeconds(20))).isTrue();
        Event fault = history.lastFault().orElseThrow();
        Failover f = TakeoverChecker.failover(history.events(), fault, vip, History.nowMicros());
        System.out.printf("graceful stop of vrrpd -> keepalived: %s%n", f.steps());
        assertThat(f.to()).isEqualTo("lb02");
        assertThat(f.steps().get(Failover.VIP_ADDED)).as("keepalived added the VIP within skew + margin").isLessThan(2000.0);

        // When vrrpd starts again at priority 101
        stop.recover(cluster);

        // Then it preempts keepalived: keepalived steps down and the VIP returns to lb01
        assertThat(history.await(ChaosRun.servedSteadilyBy(vip, "lb01"), Duration.ofSeconds(30))).isTrue();

        // And keepalived logged its step down (its log reaches us through the engine, a little behind)
        // and no complaint about its vrrpd peer's packets
        Awaitility.await("keepalived logs its step down").atMost(Duration.ofSeconds(10))
                .until(() -> cluster.node("lb02").getLogs().contains("Entering BACKUP STATE"));
        String keepalivedLog = cluster.node("lb02").getLogs();
        assertThat(keepalivedLog).contains("Entering MASTER STATE");
        assertThat(scenario.keepalivedComplaints("lb02")).isEmpty();
    }
}
