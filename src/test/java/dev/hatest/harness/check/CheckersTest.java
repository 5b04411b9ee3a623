package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkers beyond the takeover, on hand-written Histories. */
class CheckersTest {

    private static final String VIP = "198.18.0.200";
    private static final long MS = 1000;
    private static final String LB01_MAC = "02:42:c6:12:00:c9";
    private static final String LB02_MAC = "02:42:c6:12:00:ca";

    private final List<Event> events = new ArrayList<>();

    private void at(long ms, String source, String kind, String value) {
        events.add(Event.saved(ms * MS, source, kind, value));
        Collections.sort(events);
    }

    @Test
    void aPausedMasterIsNoLiveMasterUntilItResumes() {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(0, "lb01", Kinds.VIP_ADD, VIP);
        at(1000, "lb01", Kinds.STATE, "* ->FROZEN: paused");
        at(4600, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(4601, "lb02", Kinds.VIP_ADD, VIP);
        at(8000, "lb01", Kinds.STATE, "* FROZEN->RESUMED: unpaused");
        at(8002, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert (101)");
        at(8003, "lb02", Kinds.VIP_DEL, VIP);

        assertThat(VipHolders.live(events, VIP, 5000 * MS)).isEqualTo(Set.of("lb02"));
        assertThat(VipHolders.at(events, VIP, 5000 * MS)).containsExactlyInAnyOrder("lb01", "lb02");
        assertThat(VipHolders.live(events, VIP, 9000 * MS)).isEqualTo(Set.of("lb01"));
        // lb01 claimed MASTER again from the resume until lb02 stepped down: 2 ms of split brain
        SingleMasterChecker.SplitBrain s = SingleMasterChecker.measure(events, VIP, 0, 10_000 * MS);
        assertThat(s.multipleMastersMs()).isEqualTo(2.0);
        assertThat(s.multipleHoldersMs()).isEqualTo(8003.0 - 4601.0);
    }

    @Test
    void aStoppedNodeHoldsNothingAndComesBackWithItsDaemon() {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(0, "lb01", Kinds.VIP_ADD, VIP);
        at(1000, "lb01", Kinds.STATE, "* ->DOWN: restarting");
        at(4600, "lb02", Kinds.VIP_ADD, VIP);
        at(6000, "lb01", Kinds.STATE, "VI_1 INITIALIZE->BACKUP: startup");

        assertThat(VipHolders.at(events, VIP, 2000 * MS)).isEmpty();
        assertThat(VipHolders.at(events, VIP, 5000 * MS)).isEqualTo(Set.of("lb02"));
        DaemonStates states = DaemonStates.at(events, 7000 * MS);
        assertThat(states.live("lb01")).isTrue();
        assertThat(states.state("lb01", "VI_1")).isEqualTo(dev.hatest.harness.history.Observation.VrrpState.BACKUP);
    }

    @Test
    void splitBrainIsCountedPerInstance() {
        // Dual-active: lb01 master of VI_1, lb02 master of VI_2: one master per instance, no split brain
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(0, "lb02", Kinds.STATE, "VI_2 BACKUP->MASTER: x");
        at(0, "lb01", Kinds.STATE, "VI_2 INITIALIZE->BACKUP: x");
        at(0, "lb02", Kinds.STATE, "VI_1 INITIALIZE->BACKUP: x");
        assertThat(SingleMasterChecker.measure(events, VIP, "VI_1", 0, 5000 * MS).multipleMastersMs()).isZero();
        assertThat(SingleMasterChecker.measure(events, VIP, "VI_2", 0, 5000 * MS).multipleMastersMs()).isZero();
        // while over all instances both nodes are masters of something
        assertThat(SingleMasterChecker.measure(events, VIP, null, 0, 5000 * MS).multipleMastersMs()).isEqualTo(5000.0);
    }

    @Test
    void settledAfterIsWhenTheLastOverlapEnded() {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(2000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(5000, "nemesis", Kinds.HEAL, "unblock");
        at(5400, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: x");
        assertThat(SingleMasterChecker.settledAfter(events, "VI_1", 5000 * MS, 9000 * MS)).isEqualTo(400.0);
        assertThat(SingleMasterChecker.settledAfter(events, "VI_1", 3000 * MS, 5200 * MS)).isNull();
        SingleMasterChecker.SplitBrain s = SingleMasterChecker.measure(events, VIP, "VI_1", 0, 9000 * MS);
        assertThat(SingleMasterChecker.detected(s, 1000).passed()).isTrue();
        assertThat(SingleMasterChecker.detected(new SingleMasterChecker.SplitBrain(0, 0), 1000).passed()).isFalse();
        assertThat(SingleMasterChecker.healed(400.0, 1500, "f").passed()).isTrue();
        assertThat(SingleMasterChecker.healed(null, 1500, "f").passed()).isFalse();
    }

    @Test
    void theClientsArpEntryMustReachTheNewMastersMac() {
        at(0, "client", Kinds.NEIGH, VIP + " " + LB01_MAC + " REACHABLE");
        at(4600, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(4610, "client", Kinds.NEIGH, VIP + " " + LB02_MAC + " STALE");
        Double moved = ArpChecker.movedAfter(events, VIP, LB02_MAC, 4600 * MS, 6000 * MS);
        assertThat(moved).isEqualTo(10.0);
        assertThat(ArpChecker.verdict(moved, "lb02", LB02_MAC, 500, "f").passed()).isTrue();
        assertThat(ArpChecker.movedAfter(events, VIP, "02:42:c6:12:00:cb", 4600 * MS, 6000 * MS)).isNull();
        assertThat(ArpChecker.verdict(null, "lb03", "x", 500, "f").passed()).isFalse();
        assertThat(ArpChecker.movedAfter(events, VIP, LB01_MAC, 100 * MS, 6000 * MS)).as("already there").isZero();
    }

    @Test
    void flappingCountsTransitionsToMasterButNotTheNemesissStates() {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(1000, "lb01", Kinds.STATE, "* ->FROZEN: paused");
        at(2000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(3000, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: x");
        at(4000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(4500, "lb02", Kinds.STATE, "VI_2 BACKUP->MASTER: x");
        FlappingChecker.Flaps f = FlappingChecker.count(events, "VI_1", 500 * MS, 5000 * MS);
        assertThat(f).isEqualTo(new FlappingChecker.Flaps(2, 3));
        assertThat(FlappingChecker.count(events, null, 500 * MS, 5000 * MS)).as("all instances").isEqualTo(new FlappingChecker.Flaps(3, 4));
        assertThat(FlappingChecker.verdict(f, 2, "x").passed()).isTrue();
        assertThat(FlappingChecker.verdict(f, 1, "x").passed()).isFalse();
    }

    @Test
    void wireCadenceWantsOneSenderOncePerInterval() {
        for (long t = 0; t <= 5000; t += 1000) {
            at(t + (t == 3000 ? 30 : 0), "lb01", Kinds.ADVERT, "vrid 51 prio 101");
        }
        at(2500, "lb02", Kinds.ADVERT, "vrid 52 prio 101");
        WireCadenceChecker.Cadence c = WireCadenceChecker.measure(events, 51, 0, 6000 * MS);
        assertThat(c.senders()).isEqualTo(Set.of("lb01"));
        assertThat(c.adverts()).isEqualTo(6);
        assertThat(c.minGapMs()).isEqualTo(970.0);
        assertThat(c.maxGapMs()).isEqualTo(1030.0);
        assertThat(WireCadenceChecker.verdict(c, 1000, 100, 4).passed()).isTrue();
        assertThat(WireCadenceChecker.verdict(c, 1000, 20, 4).passed()).as("30 ms off is outside ±20").isFalse();
        at(5500, "lb02", Kinds.ADVERT, "vrid 51 prio 100");
        assertThat(WireCadenceChecker.verdict(WireCadenceChecker.measure(events, 51, 0, 6000 * MS), 1000, 100, 4).passed())
                .as("two senders").isFalse();
    }

    @Test
    void failbackReturnsUnderPreemptAndStaysUnderNopreempt() {
        at(0, "lb02", Kinds.VIP_ADD, VIP);
        at(1000, "nemesis", Kinds.HEAL, "start nginx on lb01");
        for (long t = 1000; t < 5000; t += 20) {
            at(t, "client", Kinds.HTTP_OK, VIP + " lb02");
        }
        assertThat(FailbackChecker.stayed(events, VIP, "lb02", 1000 * MS, 5000 * MS, 100).passed()).isTrue();
        assertThat(FailbackChecker.stayed(events, VIP, "lb02", 1000 * MS, 5000 * MS, 500).passed())
                .as("too few requests to tell").isFalse();
        assertThat(FailbackChecker.returned(events, VIP, "lb01", 1000 * MS, 5000 * MS, 10_000).passed()).isFalse();

        at(5000, "lb01", Kinds.VIP_ADD, VIP);
        at(5001, "lb02", Kinds.VIP_DEL, VIP);
        at(5020, "client", Kinds.HTTP_OK, VIP + " lb01");
        Verdict back = FailbackChecker.returned(events, VIP, "lb01", 1000 * MS, 6000 * MS, 5000);
        assertThat(back.passed()).isTrue();
        assertThat(back.measured().text()).isEqualTo("back on lb01 after 4020 ms");
        assertThat(FailbackChecker.stayed(events, VIP, "lb02", 1000 * MS, 6000 * MS, 100).passed()).isFalse();
    }
}
