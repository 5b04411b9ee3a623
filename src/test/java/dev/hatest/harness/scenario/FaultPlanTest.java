package dev.hatest.harness.scenario;

import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each chaos fault must lead to, by where it lands; and who must win the election. */
class FaultPlanTest {

    private final Topology seed = SeedTopology.pair();

    @ParameterizedTest(name = "{0} {1} on the {2}: {3}")
    @CsvSource({
            "KILL, nginx, master, TAKEOVER", "KILL, nginx, backup, NO_TAKEOVER",
            "STOP, vrrpd, master, TAKEOVER", "KILL, keepalived, master, TAKEOVER",
            "HANG, nginx, master, TAKEOVER", "PAUSE, , master, TAKEOVER", "LINK_DOWN, , backup, NO_TAKEOVER",
            "PARTITION, , master, SPLIT_BRAIN", "PARTITION, , backup, SPLIT_BRAIN",
            "BLOCK_VRRP, out, master, SPLIT_BRAIN", "BLOCK_VRRP, in, master, NO_TAKEOVER",
            "BLOCK_VRRP, in, backup, SPLIT_BRAIN", "BLOCK_VRRP, out, backup, NO_TAKEOVER",
            "BLOCK_VRRP, both, backup, SPLIT_BRAIN", "LOSS, 30, master, FLAPPING", "CPU_HOG, , master, NO_TAKEOVER",
            "RESTART_NODE, , backup, NO_TAKEOVER"})
    void theOutcomeDependsOnTheFaultAndWhereItLands(FaultPlan.Kind kind, String arg, String where, FaultPlan.Outcome outcome) {
        String node = where.equals("master") ? "lb01" : "lb02";
        FaultPlan p = FaultPlan.of(kind, arg, seed, node, where.equals("master"), "lb02", null);
        assertThat(p.outcome()).isEqualTo(outcome);
        // faults that can't be left to run on are always healed
        assertThat(p.heal() != null).isEqualTo(outcome != FaultPlan.Outcome.TAKEOVER);
    }

    @Test
    void aReloadMustChangeNothingWhereverItLands() {
        for (String node : new String[]{"lb01", "lb02"}) {
            FaultPlan p = FaultPlan.of(FaultPlan.Kind.RELOAD, null, seed, node, node.equals("lb01"), "lb02", null);
            assertThat(p.outcome()).isEqualTo(FaultPlan.Outcome.NO_TAKEOVER);
            assertThat(p.heal()).isEqualTo(FaultPlan.NO_TAKEOVER_HOLD);
            assertThat(p.fault().apply(node).describe()).isEqualTo("reload the VRRP daemon (SIGHUP) on " + node);
        }
    }

    @Test
    void aRestartOfTheMastersDaemonIsATakeoverWhoseFailbackIsJudgedAtOnce() {
        FaultPlan master = FaultPlan.of(FaultPlan.Kind.RESTART_DAEMON, null, seed, "lb01", true, "lb02", null);
        assertThat(master.outcome()).isEqualTo(FaultPlan.Outcome.TAKEOVER);
        // the restart is its own heal: the failback (preempt) is judged as soon as the VIP has moved
        assertThat(master.heal()).isEqualTo(Duration.ZERO);
        FaultPlan backup = FaultPlan.of(FaultPlan.Kind.RESTART_DAEMON, null, seed, "lb02", false, "lb02", null);
        assertThat(backup.outcome()).isEqualTo(FaultPlan.Outcome.NO_TAKEOVER);
        assertThat(FaultPlan.Kind.RESTART_DAEMON.option()).isEqualTo("--restart-daemon");
        // a reboot is its own heal too, and without a goodbye advert its bound is Master_Down_Interval's
        FaultPlan reboot = FaultPlan.of(FaultPlan.Kind.RESTART_NODE, null, seed, "lb01", true, "lb02", null);
        assertThat(reboot.outcome()).isEqualTo(FaultPlan.Outcome.TAKEOVER);
        assertThat(reboot.heal()).isEqualTo(Duration.ZERO);
        assertThat(reboot.bound().formula()).startsWith("Master_Down_Interval 3609.375 ms");
        assertThat(FaultPlan.Kind.RESTART_NODE.option()).isEqualTo("--restart-node");
    }

    @Test
    void theBoundComesFromTheConfig() {
        FaultPlan kill = FaultPlan.of(FaultPlan.Kind.KILL, "nginx", seed, "lb01", true, "lb02", Duration.ofSeconds(5));
        // (fall 2 + 1) x 2000 ms + Master_Down_Interval 3609.375 ms + 2000 ms
        assertThat(kill.bound().millis()).isEqualTo(6000 + 3609.375 + 2000);
        assertThat(kill.heal()).isEqualTo(Duration.ofSeconds(5));
        FaultPlan crash = FaultPlan.of(FaultPlan.Kind.KILL, "vrrpd", seed, "lb01", true, "lb02", null);
        assertThat(crash.bound().formula()).startsWith("Master_Down_Interval 3609.375 ms");
    }

    @Test
    void aCpuHogSaturatesEveryNodeForAMinuteUnlessTold() {
        FaultPlan hog = FaultPlan.of(FaultPlan.Kind.CPU_HOG, null, seed, "lb01", true, "lb02", null);
        assertThat(hog.heal()).isEqualTo(FaultPlan.CPU_HOG_HOLD);
        assertThat(hog.fault().apply("lb01").describe()).contains("busy loop").contains("lb01, lb02");
        assertThat(FaultPlan.of(FaultPlan.Kind.CPU_HOG, null, seed, "lb01", true, "lb02", Duration.ofMinutes(5)).heal())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aHangWithNothingThatAsksNginxStillHasABound() {
        // The fast profile tracks nginx as a process, which a hang leaves running: the plan still stands (and
        // its verdict will find no takeover); it used to fail on the missing script.
        FaultPlan hang = FaultPlan.of(FaultPlan.Kind.HANG, "nginx", dev.hatest.harness.cluster.Profile.FAST.apply(seed), "lb01", true, "lb02", null);
        assertThat(hang.outcome()).isEqualTo(FaultPlan.Outcome.TAKEOVER);
        assertThat(hang.bound().formula()).startsWith("no tracked script to see a hang");
        assertThat(hang.bound().millis()).isEqualTo(150 + 30.468 + 2000);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThatThrownBy(() -> FaultPlan.of(FaultPlan.Kind.HANG, "vrrpd", seed, "lb01", true, "lb02", null))
                .hasMessageContaining("only nginx can be hung");
        assertThatThrownBy(() -> FaultPlan.of(FaultPlan.Kind.BLOCK_VRRP, "sideways", seed, "lb01", true, "lb02", null))
                .hasMessageContaining("unknown direction 'sideways'");
        assertThatThrownBy(() -> FaultPlan.of(FaultPlan.Kind.LOSS, "150", seed, "lb01", true, "lb02", null))
                .hasMessageContaining("'150' is not a percentage");
        assertThatThrownBy(() -> FaultPlan.of(FaultPlan.Kind.KILL, "postgres", seed, "lb01", true, "lb02", null))
                .hasMessageContaining("unknown process 'postgres'");
    }

    @Test
    void theElectionGoesToTheHighestPriorityThenTheHighestAddress() {
        assertThat(Election.winner(seed, seed.vip())).isEqualTo("lb01");
        assertThat(Election.successor(seed, seed.vip(), "lb01")).isEqualTo("lb02");
        assertThat(Election.winner(SeedVariants.threeNodes(), seed.vip())).isEqualTo("lb01");
        assertThat(Election.successor(SeedVariants.threeNodes(), seed.vip(), "lb01")).isEqualTo("lb02");
        // nopreempt: whoever times out first keeps it
        assertThat(Election.winner(SeedVariants.nopreempt(), seed.vip())).isNull();
        assertThat(Election.preempts(SeedVariants.nopreempt(), seed.vip())).isFalse();
        assertThat(Election.preempts(seed, seed.vip())).isTrue();
        Topology tie = seed.with(SeedVariants.withFile(seed.node("lb01"), SeedTopology.CONFIG,
                seed.node("lb01").files().get(SeedTopology.CONFIG).replace("priority 101", "priority 100")));
        assertThat(Election.winner(tie, seed.vip())).isEqualTo("lb02");
    }

    @Test
    void theLossBoundIsThePoissonCountExceededWithOddsUnderOneIn5000() {
        // VrrpLossIT's arithmetic: mean 1.13 gives 6
        assertThat(dev.hatest.harness.check.FlappingChecker.poissonBound(60 * 0.7 * 0.027, 1.0 / 5000)).isEqualTo(6);
        assertThat(dev.hatest.harness.check.FlappingChecker.poissonBound(0, 1.0 / 5000)).isZero();
    }

    @Test
    void aSplitBrainStartsWhenASecondLiveDaemonClaimsMaster() {
        var e = java.util.List.of(
                dev.hatest.harness.history.Event.saved(1_000, "lb01", "state", "VI_1 BACKUP->MASTER: x"),
                dev.hatest.harness.history.Event.saved(2_000, "nemesis", "fault", "block VRRP out on lb01"),
                dev.hatest.harness.history.Event.saved(3_000, "lb02", "state", "VI_2 BACKUP->MASTER: another instance"),
                dev.hatest.harness.history.Event.saved(5_000, "lb02", "state", "VI_1 BACKUP->MASTER: master down timer expired"));
        assertThat(dev.hatest.harness.check.StepAnalysis.secondMasterAt(e, "VI_1", 2_000)).isEqualTo(5_000L);
        assertThat(dev.hatest.harness.check.StepAnalysis.secondMasterAt(e.subList(0, 3), "VI_1", 2_000)).isNull();
    }

    /**
     * Issue 31, item 4: two instances listed in opposite orders on the two nodes, the probed VIP's at advert_int 3.
     * Its takeover is bound by its own instance's Master_Down_Interval (3 x 3 s + skew), not by whichever instance
     * a file lists first (advert_int 1).
     */
    @Test
    void theBoundComesFromTheInstanceThatHoldsTheProbedVipWhateverTheOrder() {
        String slow = instance("VI_WEB", 51, 3, "198.18.0.200");
        String fast = instance("VI_API", 52, 1, "198.18.0.210");
        Topology t = new Topology("198.18.0.0/24", java.util.List.of(
                new dev.hatest.harness.cluster.NodeSpec("lb01", "198.18.0.201", java.util.Map.of(SeedTopology.CONFIG,
                        (slow + fast).replace("PRIO", "101"))),
                new dev.hatest.harness.cluster.NodeSpec("lb02", "198.18.0.202", java.util.Map.of(SeedTopology.CONFIG,
                        (fast + slow).replace("PRIO", "100")))), "198.18.0.200", "198.18.0.10");

        FaultPlan crash = FaultPlan.of(FaultPlan.Kind.KILL, "vrrpd", t, "lb01", true, "lb02", null);

        // VRRPv2: Master_Down_Interval = 3 x advert_int 3000 ms + Skew_Time (256 - 100) / 256 s = 9609.375 ms, + 2 s margin
        // (the first-listed instance, at advert_int 1, would give 3609.375 ms)
        assertThat(crash.bound().millis()).isEqualTo(3 * 3000 + 156 * 1000 / 256.0 + 2000);
        assertThat(crash.bound().formula()).startsWith("Master_Down_Interval 9609.375 ms");
        assertThat(OutageBound.advertMillis(t.node("lb02").config(), "198.18.0.210")).isEqualTo(1000);
        assertThatThrownBy(() -> OutageBound.advertMillis(t.node("lb02").config(), "198.18.0.99"))
                .hasMessageContaining("no vrrp_instance holds 198.18.0.99");
    }

    private static String instance(String name, int vrid, int advertInt, String vip) {
        return "vrrp_instance " + name + " {\n    state BACKUP\n    interface eth0\n    virtual_router_id " + vrid
                + "\n    priority PRIO\n    advert_int " + advertInt + "\n    virtual_ipaddress {\n        " + vip + "\n    }\n}\n";
    }
}
