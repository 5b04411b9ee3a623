package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkers are pure functions of a History: these replay hand-written ones, no containers. */
class TakeoverCheckerTest {

    private static final String VIP = "198.18.0.200";
    private static final long MS = 1000;

    private final List<Event> events = new ArrayList<>();

    private void at(long ms, String source, String kind, String value) {
        events.add(Event.saved(ms * MS, source, kind, value));
    }

    /** lb01 serves until its nginx dies at t=1000; lb02 takes over at t=6000. */
    private Event nginxKillTimeline() {
        at(0, "lb01", Kinds.VIP_ADD, VIP);
        at(0, "client", Kinds.NEIGH, VIP + " 02:00:00:00:00:01 REACHABLE");
        for (long t = 100; t <= 1000; t += 20) {
            at(t, "client", Kinds.HTTP_OK, VIP + " lb01");
        }
        for (long t = 500; t <= 5500; t += 1000) {
            at(t, "lb01", Kinds.ADVERT, "vrid 51 prio " + (t < 3000 ? 101 : 96));
        }
        at(1001, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01");
        for (long t = 1020; t < 6020; t += 20) {
            at(t, "client", Kinds.HTTP_FAIL, VIP + " refused");
        }
        at(6000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired");
        at(6004, "lb02", Kinds.VIP_ADD, VIP);
        at(6010, "client", Kinds.NEIGH, VIP + " 02:00:00:00:00:02 STALE");
        at(6012, "lb01", Kinds.VIP_DEL, VIP);
        at(6013, "lb01", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert (100)");
        at(6015, "lb02", Kinds.GARP, "VI_1 [\"" + VIP + "/32\"]");
        at(6016, "lb02", Kinds.GARP_SEEN, VIP);
        at(6017, "lb02", Kinds.GARP_SEEN, "198.18.0.199");
        for (long t = 6020; t <= 7000; t += 20) {
            at(t, "client", Kinds.HTTP_OK, VIP + " lb02");
        }
        java.util.Collections.sort(events);
        return events.stream().filter(e -> e.kind().equals(Kinds.FAULT)).findFirst().orElseThrow();
    }

    @Test
    void measuresTheOutageFromLastGoodToFirstGoodAndEachStep() {
        Event fault = nginxKillTimeline();

        Failover f = TakeoverChecker.failover(events, fault, VIP, 7000 * MS);

        assertThat(f.from()).isEqualTo("lb01");
        assertThat(f.to()).isEqualTo("lb02");
        assertThat(f.outageMs()).isEqualTo(5020.0);
        assertThat(f.failedRequests()).isEqualTo(250);
        assertThat(f.steps().keySet()).containsExactly(Failover.LAST_ADVERT, Failover.NEW_MASTER, Failover.VIP_ADDED,
                Failover.FIRST_GARP, Failover.ARP_MOVED, Failover.FIRST_OK);
        assertThat(f.steps()).containsEntry(Failover.LAST_ADVERT, 4499.0)
                .containsEntry(Failover.NEW_MASTER, 4999.0)
                .containsEntry(Failover.VIP_ADDED, 5003.0)
                .containsEntry(Failover.ARP_MOVED, 5009.0)
                .containsEntry(Failover.FIRST_GARP, 5015.0)
                .containsEntry(Failover.FIRST_OK, 5019.0);
    }

    @Test
    void withoutACaptureTheFirstGarpIsWhatTheDaemonReported() {
        Event fault = nginxKillTimeline();
        events.removeIf(e -> e.kind().equals(Kinds.GARP_SEEN));
        Failover f = TakeoverChecker.failover(events, fault, VIP, 7000 * MS);
        assertThat(f.steps()).containsEntry(Failover.FIRST_GARP, 5014.0);
    }

    @Test
    void requestsForAnotherVipDoNotCount() {
        Event fault = nginxKillTimeline();
        for (long t = 1020; t < 6020; t += 20) {
            at(t, "client", Kinds.HTTP_OK, "198.18.0.199 lb02");
        }
        java.util.Collections.sort(events);
        Failover f = TakeoverChecker.failover(events, fault, VIP, 7000 * MS);
        assertThat(f.outageMs()).isEqualTo(5020.0);
        assertThat(f.failedRequests()).isEqualTo(250);
    }

    @Test
    void aStepVerdictHoldsTheOffsetBetweenItsBounds() {
        Failover f = TakeoverChecker.failover(events, nginxKillTimeline(), VIP, 7000 * MS);
        assertThat(TakeoverChecker.step(f, Failover.NEW_MASTER, 3609, 11609, "x").passed()).isTrue();
        Verdict early = TakeoverChecker.step(f, Failover.NEW_MASTER, 5000, 11609, "x");
        assertThat(early.passed()).isFalse();
        assertThat(early.measured().text()).isEqualTo("+4999 ms");
    }

    @Test
    void theVerdictHoldsTheOutageToItsBound() {
        Failover f = TakeoverChecker.failover(events, nginxKillTimeline(), VIP, 7000 * MS);
        assertThat(TakeoverChecker.verdict(f, "lb01", 11609).passed()).isTrue();
        Verdict tooSlow = TakeoverChecker.verdict(f, "lb01", 5000);
        assertThat(tooSlow.passed()).isFalse();
        assertThat(tooSlow.measured().text()).isEqualTo("5020 ms");
        assertThat(tooSlow.bound().text()).isEqualTo("<= 5000 ms");
    }

    @Test
    void noFailoverIsAFailedVerdict() {
        at(0, "lb01", Kinds.VIP_ADD, VIP);
        at(100, "client", Kinds.HTTP_OK, VIP + " lb01");
        at(200, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01");
        at(300, "client", Kinds.HTTP_FAIL, VIP + " refused");
        Failover f = TakeoverChecker.failover(events, events.get(2), VIP, 30_000 * MS);
        assertThat(f.to()).isNull();
        assertThat(TakeoverChecker.verdict(f, "lb01", 11609).passed()).isFalse();
    }

    @Test
    void aStaleVipIsTwoHoldersButNotTwoMasters() {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(0, "lb01", Kinds.VIP_ADD, VIP);
        at(1000, "lb01", Kinds.STATE, "* ->DEAD: killed");
        at(4600, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(4605, "lb02", Kinds.VIP_ADD, VIP);
        SingleMasterChecker.SplitBrain s = SingleMasterChecker.measure(events, VIP, 0, 10_000 * MS);
        assertThat(s.multipleHoldersMs()).isEqualTo(5395.0);
        assertThat(s.multipleMastersMs()).isZero();
    }

    @Test
    void twoLiveMastersAreSplitBrain() {
        at(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(2000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: x");
        at(5000, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: x");
        SingleMasterChecker.SplitBrain s = SingleMasterChecker.measure(events, VIP, 0, 10_000 * MS);
        assertThat(s.multipleMastersMs()).isEqualTo(3000.0);
        assertThat(SingleMasterChecker.verdict(s, 1500).passed()).isFalse();
    }

    @Test
    void theWinnerIgnoresAStaleVipOnADeadDaemonsNode() {
        at(0, "lb01", Kinds.VIP_ADD, VIP);
        at(1000, "lb01", Kinds.STATE, "* ->DEAD: killed");
        at(4600, "lb02", Kinds.VIP_ADD, VIP);
        Verdict v = WinnerChecker.verdict(events, VIP, "lb02", 5000 * MS);
        assertThat(v.passed()).isTrue();
        assertThat(v.detail()).contains("stale VIP left on [lb01]");
        assertThat(WinnerChecker.verdict(events, VIP, "lb02", 3000 * MS).passed()).as("before lb02 took it").isFalse();
    }

    /**
     * A node that runs a second instance (another VIP, other timers) changes state in it too: the takeover's steps
     * are the probed VIP's own instance's (seen in a real run: API, at advert_int 1, went MASTER 6 s before WEB).
     */
    @Test
    void anotherInstancesTransitionAndAdvertsAreNotThisVipsSteps() {
        at(200, "lb01", Kinds.ADVERT, "vrid 52 prio 101");
        at(3000, "lb02", Kinds.STATE, "VI_API BACKUP->MASTER: master down timer expired");
        at(3001, "lb02", Kinds.GARP, "VI_API [\"198.18.0.210/32\"]");
        at(5900, "lb01", Kinds.ADVERT, "vrid 52 prio 101");
        Event fault = nginxKillTimeline();

        Failover any = TakeoverChecker.failover(events, fault, VIP, 7000 * MS);
        Failover own = TakeoverChecker.failover(events, fault, VIP, new VipInstance("VI_1", 51), 7000 * MS);

        assertThat(any.steps().get(Failover.NEW_MASTER)).isEqualTo(1999.0);  // VI_API's: the wrong one
        assertThat(any.steps().get(Failover.LAST_ADVERT)).isEqualTo(1499.0);  // the last before the wrong transition
        assertThat(own.steps().get(Failover.NEW_MASTER)).isEqualTo(4999.0);
        assertThat(own.steps().get(Failover.LAST_ADVERT)).isEqualTo(4499.0);  // vrid 51 at 5500, not vrid 52 at 5900
        assertThat(own.steps().get(Failover.garpStep(VIP))).isEqualTo(5015.0);
    }
}
