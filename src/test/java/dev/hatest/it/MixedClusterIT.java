package dev.hatest.it;

import dev.hatest.harness.check.DaemonStates;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vrrpd and a real keepalived (Debian's 2.2.7) in one group must agree on the master in every situation:
 * each side sees the other's adverts, and the harness reads both daemons' states (vrrpd's events,
 * keepalived's stamped log). After each case keepalived must have logged no complaint about its peer.
 */
class MixedClusterIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();


    private static Topology mixed(Topology t, String keepalivedNode) {
        return t.with(t.node(keepalivedNode).withKeepalived());
    }

    private static String prio(Topology t, String node, int from, int to) {
        return Scenario.confText(t, node).replace("priority " + from, "priority " + to);
    }

    /** The live masters (any instance) are exactly {@code node}, and each other node claims BACKUP. */
    private void agreeOn(Topology t, String node, Duration within) throws InterruptedException {
        scenario.await("all agree on " + node, events -> {
            DaemonStates s = DaemonStates.at(events, History.nowMicros());
            return s.masters(null).equals(java.util.Set.of(node))
                    && t.nodes().stream().map(NodeSpec::name).filter(n -> !n.equals(node))
                    .allMatch(n -> s.state(n, "VI_1") == dev.hatest.harness.history.Observation.VrrpState.BACKUP);
        }, within);
    }

    @AfterEach
    void keepalivedAcceptedItsPeer() {
        Cluster c = scenario.cluster();
        if (c == null) {
            return;
        }
        for (var n : c.nodes()) {
            assertThat(scenario.keepalivedComplaints(n.nodeName())).as("keepalived on %s complained about its peer", n.nodeName()).isEmpty();
        }
    }

    @Test
    void startupElectionVrrpdBacksUpAHigherPriorityKeepalived() throws Exception {
        // Given keepalived on lb01 (101) and vrrpd on lb02 (100), both started together
        Topology t = mixed(SeedVariants.weight(), "lb01");
        // Then both settle on keepalived's lb01, which serves
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        agreeOn(running, "lb01", Duration.ofSeconds(10));
    }

    @Test
    void equalPrioritiesAreBrokenByTheHigherAddressOnBothSides() throws Exception {
        // Given vrrpd on lb01 (.201) and keepalived on lb02 (.202), both at priority 100
        Topology seed = SeedVariants.weight();
        Topology t = mixed(seed.with(withConf(seed.node("lb01"), prio(seed, "lb01", 101, 100))), "lb02");
        // Then the higher address, keepalived's lb02, wins, and vrrpd agrees
        scenario.startConvergedOn(t, "lb02");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        agreeOn(running, "lb02", Duration.ofSeconds(10));
    }

    @Test
    void nopreemptVrrpdJoiningLateDoesNotTakeOverFromKeepalived() throws Exception {
        // Given keepalived on lb02 (100) is master, and then vrrpd starts on lb01 (101, state BACKUP, nopreempt)
        Topology np = SeedVariants.nopreempt();
        Topology t = mixed(np.with(np.node("lb01").withoutDaemon()), "lb02");
        scenario.startConvergedOn(t, "lb02");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        scenario.startDaemon("lb01");
        scenario.await("vrrpd has started", Scenario.entered("lb01", "BACKUP", 0), Duration.ofSeconds(30));
        long from = History.nowMicros();
        // When three of vrrpd's Master_Down_Intervals pass
        long until = scenario.hold(Duration.ofMillis((long) (3 * OutageBound.masterDownMillis(Scenario.conf(running, "lb01"), running.vip()))));
        // Then vrrpd, though of higher priority, stayed BACKUP and keepalived kept the VIP
        assertThat(scenario.history().events()).noneMatch(e -> e.timeMicros() >= from && e.timeMicros() <= until
                && e.kind().equals(Kinds.STATE) && e.value().contains("->MASTER"));
        agreeOn(running, "lb02", Duration.ofSeconds(1));
    }

    @Test
    void keepalivedsGracefulStopHandsOverToVrrpdWithinSkewTimeAndPreemptsBack() throws Exception {
        // Given keepalived on lb01 (101) is master over vrrpd on lb02 (100)
        Topology t = mixed(SeedVariants.weight(), "lb01");
        double skew = OutageBound.skewMillis(Scenario.conf(t, "lb02"), t.vip());
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When keepalived stops (SIGTERM)
        Nemesis stop = KillProcess.stop("lb01", NodeProcess.VRRPD);
        Event fault = scenario.inject(stop);

        // Then vrrpd takes over Skew_Time after keepalived's priority-0 advert
        scenario.await("vrrpd serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofSeconds(15));
        History h = scenario.history();
        Event goodbye = h.events().stream().filter(e -> e.timeMicros() > fault.timeMicros() && e.source().equals("lb01")
                && e.kind().equals(Kinds.ADVERT) && e.value().endsWith("prio 0")).findFirst().orElseThrow();
        Event master = h.events().stream().filter(e -> e.timeMicros() > goodbye.timeMicros() && e.source().equals("lb02")
                && e.kind().equals(Kinds.STATE) && e.value().contains("->MASTER")).findFirst().orElseThrow();
        double after = (master.timeMicros() - goodbye.timeMicros()) / 1000.0;
        scenario.figure("vrrpdMasterAfterKeepalivedGoodbyeMs", after);
        assertThat(after).as("Skew_Time %.1f ms", skew).isBetween(skew - 20, skew + 500);

        // When keepalived starts again, it preempts vrrpd
        scenario.heal(stop);
        scenario.await("keepalived serves again", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofSeconds(30));
        agreeOn(running, "lb01", Duration.ofSeconds(5));
    }

    @Test
    void keepalivedsCrashIsNoticedByVrrpdAfterMasterDownInterval() throws Exception {
        // Given keepalived on lb01 (101) is master over vrrpd on lb02 (100)
        Topology t = mixed(SeedVariants.weight(), "lb01");
        double masterDown = OutageBound.masterDownMillis(Scenario.conf(t, "lb02"), t.vip());
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When keepalived is killed with -9
        Event fault = scenario.inject(KillProcess.kill("lb01", NodeProcess.VRRPD));

        // Then vrrpd becomes master Master_Down_Interval after keepalived's last advert
        scenario.await("vrrpd serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofSeconds(15));
        History h = scenario.history();
        Event last = h.events().stream().filter(e -> e.timeMicros() < fault.timeMicros() && e.source().equals("lb01")
                && e.kind().equals(Kinds.ADVERT)).reduce((a, b) -> b).orElseThrow();
        Event master = h.events().stream().filter(e -> e.timeMicros() > fault.timeMicros() && e.source().equals("lb02")
                && e.kind().equals(Kinds.STATE) && e.value().contains("->MASTER")).findFirst().orElseThrow();
        double after = (master.timeMicros() - last.timeMicros()) / 1000.0;
        scenario.figure("vrrpdMasterAfterLastAdvertMs", after);
        assertThat(after).as("Master_Down_Interval %.1f ms", masterDown).isBetween(masterDown - 20, masterDown + 500);
    }

    @Test
    void aTrackScriptWeightDropOnKeepalivedMovesTheVipToVrrpd() throws Exception {
        // Given keepalived on lb01 (101, chk_nginx weight -5) is master over vrrpd on lb02 (100)
        Topology t = mixed(SeedVariants.weight(), "lb01");
        OutageBound bound = OutageBound.nginxKill(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();

        // When nginx is killed on lb01
        scenario.inject(KillProcess.kill("lb01", NodeProcess.NGINX));

        // Then keepalived lowers itself to 96, vrrpd (100) preempts it, and both agree
        scenario.await("vrrpd serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofMillis((long) bound.millis() + 10_000));
        assertThat(scenario.history().events()).anyMatch(e -> e.source().equals("lb01") && e.kind().equals(Kinds.PRIORITY)
                && e.value().equals("VI_1 101->96"));
        agreeOn(running, "lb02", Duration.ofSeconds(5));
    }

    @Test
    void dualActiveWithOneDaemonOfEachKind() throws Exception {
        // Given the dual-active pair: vrrpd on lb01 prefers VI_1 (.200), keepalived on lb02 prefers VI_2 (.199)
        Topology t = mixed(SeedVariants.dualActive(), "lb02");
        // Then each serves its own VIP, and each instance has one master: its owner
        scenario.startConverged(t, r -> ChaosRun.servedSteadilyBy(r.vips().get(0), "lb01").and(ChaosRun.servedSteadilyBy(r.vips().get(1), "lb02")),
                "each node serves its own VIP");
        scenario.await("one master per instance", events -> {
            DaemonStates s = DaemonStates.at(events, History.nowMicros());
            return s.masters("VI_1").equals(java.util.Set.of("lb01")) && s.masters("VI_2").equals(java.util.Set.of("lb02"))
                    && s.state("lb01", "VI_2") == dev.hatest.harness.history.Observation.VrrpState.BACKUP && s.state("lb02", "VI_1") == dev.hatest.harness.history.Observation.VrrpState.BACKUP;
        }, Duration.ofSeconds(10));
    }

    /**
     * One daemon of each kind in an IPv6 group (VRRPv3 over IPv6), both ways round: the node whose nginx is
     * killed lowers itself below its peer, which takes the IPv6 VIP within the takeover bound, and nginx's
     * return gives it back (preempt). Each side must take the other's IPv6 adverts as its own kind's (and
     * keepalived logs no complaint: checked after each case).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "keepalived on {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lb01", "lb02"})
    void anIpv6GroupOfOneDaemonOfEachKindFailsOverBothWays(String keepalivedOn) throws Exception {
        {
            Topology t = mixed(dev.hatest.harness.cluster.IpFamily.IPV6.apply(SeedVariants.weight()), keepalivedOn);
            OutageBound bound = OutageBound.nginxKill(Scenario.conf(t, "lb01"), Scenario.conf(t, "lb02"), t.vip());
            scenario.startConvergedOn(t, "lb01");
            // the topology as it runs: on another subnet when this one was taken (clusters side by side)
            Topology running = scenario.topology();
            Nemesis kill = KillProcess.kill("lb01", NodeProcess.NGINX);
            scenario.inject(kill);
            scenario.await("lb02 serves the IPv6 VIP (keepalived on " + keepalivedOn + ")", ChaosRun.servedSteadilyBy(running.vip(), "lb02"),
                    Duration.ofMillis((long) bound.millis() + 10_000));
            agreeOn(running, "lb02", Duration.ofSeconds(5));
            scenario.heal(kill);
            scenario.await("lb01 serves the IPv6 VIP again", ChaosRun.servedSteadilyBy(running.vip(), "lb01"), Duration.ofSeconds(30));
            agreeOn(running, "lb01", Duration.ofSeconds(5));
        }
    }

    private static NodeSpec withConf(NodeSpec n, String conf) {
        java.util.Map<String, String> files = new java.util.HashMap<>(n.files());
        files.put(dev.hatest.harness.cluster.SeedTopology.CONFIG, conf);
        return new NodeSpec(n.name(), n.address(), files, n.env());
    }
}
