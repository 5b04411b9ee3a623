package dev.hatest.it;

import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed pair on unicast (unicast_src_ip + unicast_peer), as in networks without multicast. Unicast
 * adverts go from node to node, so the client's capture doesn't see them: the nodes' own counters do.
 */
class UnicastIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    private static final Pattern RECEIVED = Pattern.compile("\"advertsReceived\":(\\d+)");

    @Test
    void vrrpdPeersElectOverUnicastAndFailOver() throws Exception {
        Topology t = SeedVariants.unicast();
        OutageBound crash = OutageBound.daemonCrash(Scenario.conf(t, "lb02"), t.vip());

        // Given the unicast pair has converged on lb01
        Cluster cluster = scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // Then lb02 hears lb01 by unicast and follows it
        String status = cluster.node("lb02").exec("curl", "-s", "localhost:8081/status").getStdout();
        assertThat(status).contains("\"state\":\"BACKUP\"", "\"masterAddress\":\"" + running.node("lb01").address() + "\"");
        Matcher m = RECEIVED.matcher(status);
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();

        // When lb01's daemon crashes, lb02 takes over within Master_Down_Interval + margin
        Event fault = scenario.inject(KillProcess.kill("lb01", NodeProcess.VRRPD));
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) crash.millis() + 10_000));
        scenario.expect(TakeoverChecker.verdict(TakeoverChecker.failover(scenario.history().events(), fault, running.vip(),
                History.nowMicros()), "lb01", crash.millis()));
    }

    @Test
    void keepalivedAndVrrpdAgreeOverUnicast() throws Exception {
        // Given vrrpd on lb01 (101) and keepalived on lb02 (100), both on unicast
        Topology t = SeedVariants.unicast();
        t = t.with(t.node("lb02").withKeepalived());
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        // Then keepalived follows vrrpd and logs no complaint about its adverts
        scenario.await("keepalived is BACKUP", Scenario.entered("lb02", "BACKUP", 0), Duration.ofSeconds(10));
        assertThat(scenario.keepalivedComplaints("lb02")).isEmpty();

        // When vrrpd stops, keepalived takes over within Skew_Time + margin
        OutageBound stop = OutageBound.daemonStop(Scenario.conf(running, "lb02"), running.vip());
        Event fault = scenario.inject(KillProcess.stop("lb01", NodeProcess.VRRPD));
        scenario.await("keepalived serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) stop.millis() + 10_000));
        scenario.expect(TakeoverChecker.verdict(TakeoverChecker.failover(scenario.history().events(), fault, running.vip(),
                History.nowMicros()), "lb01", stop.millis()));
    }
}
