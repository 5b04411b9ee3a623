package dev.hatest.vrrp.fsm;

import dev.hatest.vrrp.fsm.Action.AddVips;
import dev.hatest.vrrp.fsm.Action.RemoveVips;
import dev.hatest.vrrp.fsm.Action.SendAdvert;
import dev.hatest.vrrp.fsm.Action.SendGratuitousArp;
import dev.hatest.vrrp.fsm.Action.Transition;
import dev.hatest.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.util.List;

import static dev.hatest.vrrp.packet.VrrpCodec.v4;
import static org.assertj.core.api.Assertions.assertThat;

/** The state machine on a virtual clock (microseconds): no sleeps, timelines asserted exactly. */
class VirtualRouterTest {

    private static final long MS = 1000;
    private static final long SECOND = 1_000_000;
    private static final Inet4Address SELF = v4("198.18.0.202");
    private static final Inet4Address PEER = v4("198.18.0.201");

    private static VirtualRouter router(int priority, boolean preempt) {
        return new VirtualRouter(new RouterParams(VrrpVersion.V2, priority, SECOND, preempt, SELF, 5 * SECOND, 0, 0));
    }

    @Test
    void backupAtPriority100BecomesMasterAt3609msWithoutAdverts() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        assertThat(r.state()).isEqualTo(State.BACKUP);

        // Master_Down_Interval = 3 * 1 s + (256 - 100) / 256 s = 3.609375 s
        assertThat(r.nextDeadline()).isEqualTo(3_609_375);
        assertThat(r.tick(3_609_374)).isEmpty();
        List<Action> actions = r.tick(3_609_375);

        assertThat(r.state()).isEqualTo(State.MASTER);
        assertThat(actions).containsExactly(new Transition(State.BACKUP, State.MASTER, "master down timer expired"),
                new AddVips(), new SendAdvert(100), new SendGratuitousArp());
    }

    @Test
    void aReloadKeepsAMasterAndAdvertisesItsNewPriorityAtOnce() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        assertThat(r.state()).isEqualTo(State.MASTER);

        // priority 99 and advert_int 2 s: no transition, an advert now, the next one 2 s later
        List<Action> actions = r.reload(new RouterParams(VrrpVersion.V2, 99, 2 * SECOND, true, SELF, 5 * SECOND, 0, 0), 99, 4 * SECOND);
        assertThat(actions).containsExactly(new SendAdvert(99));
        assertThat(r.state()).isEqualTo(State.MASTER);
        assertThat(r.effectivePriority()).isEqualTo(99);
        assertThat(r.nextDeadline()).isEqualTo(6 * SECOND);
        // a higher-priority backup preempts it in the usual way
        assertThat(r.handle(new Event.AdvertReceived(PEER, 100, 2 * SECOND), 5 * SECOND)).contains(new RemoveVips());
        assertThat(r.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aReloadRestartsABackupsMasterDownTimerWithTheNewTimers() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 101, SECOND), SECOND);
        assertThat(r.reload(new RouterParams(VrrpVersion.V2, 50, 2 * SECOND, true, SELF, 5 * SECOND, 0, 0), 50, 2 * SECOND)).isEmpty();
        assertThat(r.state()).isEqualTo(State.BACKUP);
        // VRRPv2: 3 x 2 s + Skew_Time (256 - 50) / 256 s = 6.8046875 s from the reload
        assertThat(r.nextDeadline()).isEqualTo(2 * SECOND + 6_804_687);
    }

    @Test
    void aMasterAdvertResetsMasterDownFromItsArrival() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 101, SECOND), 2000 * MS);
        assertThat(r.nextDeadline()).isEqualTo(2000 * MS + 3_609_375);
        assertThat(r.masterAddress()).isEqualTo(PEER);
    }

    @Test
    void aPriorityZeroAdvertMakesTheBackupTakeOverAfterSkewTime() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 0, SECOND), 1000 * MS);
        // Skew_Time = (256 - 100) / 256 s = 609.375 ms
        assertThat(r.nextDeadline()).isEqualTo(1000 * MS + 609_375);
        r.tick(1000 * MS + 609_375);
        assertThat(r.state()).isEqualTo(State.MASTER);
    }

    @Test
    void withPreemptALowerPriorityMasterIsIgnoredUntilMasterDownFires() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 96, SECOND), 1000 * MS);
        assertThat(r.nextDeadline()).as("discarded: the timer still runs from startup").isEqualTo(3_609_375);
    }

    @Test
    void withNopreemptALowerPriorityMasterKeepsTheBackupWaiting() {
        VirtualRouter r = router(100, false);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 96, SECOND), 1000 * MS);
        assertThat(r.nextDeadline()).isEqualTo(1000 * MS + 3_609_375);
    }

    @Test
    void aMasterStepsDownForAHigherPriority() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        List<Action> actions = r.handle(new Event.AdvertReceived(PEER, 101, SECOND), 4 * SECOND);

        assertThat(r.state()).isEqualTo(State.BACKUP);
        assertThat(actions).first().isEqualTo(new RemoveVips());
        assertThat(r.nextDeadline()).isEqualTo(4 * SECOND + 3_609_375);
    }

    @Test
    void equalPrioritiesAreBrokenByTheHigherAddress() {
        VirtualRouter r = router(100, true); // SELF .202 beats PEER .201
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        r.handle(new Event.AdvertReceived(PEER, 100, SECOND), 4 * SECOND);
        assertThat(r.state()).isEqualTo(State.MASTER);

        r.handle(new Event.AdvertReceived(v4("198.18.0.203"), 100, SECOND), 5 * SECOND);
        assertThat(r.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aMasterAdvertisesEveryIntervalAndRepeatsGarpAfterTheDelay() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        assertThat(r.tick(4_609_375)).containsExactly(new SendAdvert(100));
        assertThat(r.tick(5_609_375)).containsExactly(new SendAdvert(100));
        assertThat(r.tick(8_609_375)).containsExactly(new SendAdvert(100), new SendGratuitousArp());
    }

    @Test
    void shutdownSendsPriorityZeroAndRemovesTheVips() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        List<Action> actions = r.handle(new Event.Shutdown(), 4 * SECOND);
        assertThat(actions).containsExactly(new Transition(State.MASTER, State.INITIALIZE, "shutdown"),
                new SendAdvert(0), new RemoveVips());
        assertThat(r.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theAddressOwnerBecomesMasterAtOnce() {
        VirtualRouter r = router(255, true);
        r.handle(new Event.Startup(), 0);
        assertThat(r.state()).isEqualTo(State.MASTER);
    }

    @Test
    void aLoweredEffectivePriorityIsAdvertised() {
        VirtualRouter r = router(101, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_605_468);
        r.handle(new Event.PriorityChanged(96), 4 * SECOND);
        assertThat(r.tick(4_605_468)).containsExactly(new SendAdvert(96));
    }

    @Test
    void aMasterAnswersALowerPriorityAdvertWithAnAdvertAndGarpsAsKeepalivedDoes() {
        // keepalived 2.2.7, measured: "Received advert from X with lower priority 100, ours 101, forcing new
        // election": one advert and a burst of GARPs at once, another burst 5 s later, advert timer restarted.
        VirtualRouter r = router(101, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_605_468);
        List<Action> answer = r.handle(new Event.AdvertReceived(PEER, 100, SECOND), 4_000 * MS);
        assertThat(answer).containsExactly(new SendAdvert(101), new SendGratuitousArp());
        assertThat(r.state()).isEqualTo(State.MASTER);
        assertThat(r.tick(4_605_468)).as("the advert timer restarted from the answer").isEmpty();
        for (long t = 5; t <= 8; t++) {
            assertThat(r.tick(t * SECOND)).containsExactly(new SendAdvert(101));
        }
        // two second bursts are pending: the one from becoming master and the one from the answer
        assertThat(r.tick(8_605_468)).containsExactly(new SendGratuitousArp());
        assertThat(r.tick(9_000 * MS)).containsExactly(new SendAdvert(101), new SendGratuitousArp());
    }

    @Test
    void anInvalidPacketForItsVridPutsOffAMastersNextAdvertButNoBackupsTimer() {
        // keepalived 2.2.7, measured: a bad-password or bad-TTL packet for the VRID every 0.3 s kept its master
        // at advert_int 1 from advertising for as long as they came; its first advert followed the last by 1 s.
        VirtualRouter master = router(101, true);
        master.handle(new Event.Startup(), 0);
        master.tick(3_605_468); // master, next advert at 4_605_468
        for (long t = 4_000 * MS; t <= 6_400 * MS; t += 300 * MS) {
            assertThat(master.handle(new Event.InvalidPacket(), t)).isEmpty();
            assertThat(master.tick(t + 299 * MS)).as("silent at %d", t + 299 * MS).isEmpty();
        }
        assertThat(master.nextDeadline()).isEqualTo(6_400 * MS + SECOND);
        assertThat(master.tick(7_400 * MS)).containsExactly(new SendAdvert(101));

        VirtualRouter backup = router(100, true);
        backup.handle(new Event.Startup(), 0);
        assertThat(backup.handle(new Event.InvalidPacket(), 2 * SECOND)).isEmpty();
        assertThat(backup.nextDeadline()).as("Master_Down_Timer untouched").isEqualTo(3_609_375);
    }

    @Test
    void advertsKeepTheirCadenceWhenTheLoopRunsLate() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        // the loop wakes 7 ms late: the advert goes out late, but the next is still due on the 1 s grid
        assertThat(r.tick(4_616_375)).containsExactly(new SendAdvert(100));
        assertThat(r.nextDeadline()).isEqualTo(5_609_375);
        assertThat(r.maxAdvertLateMicros()).as("the lateness is kept for /status").isEqualTo(7_000);
        // after a stall longer than an interval (a paused node), the grid restarts from now
        assertThat(r.tick(20 * SECOND)).contains(new SendAdvert(100));
        assertThat(r.nextDeadline()).isEqualTo(21 * SECOND);
    }

    @Test
    void aDownInterfaceIsAFaultThatGivesUpTheVipsUntilTheLinkReturns() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        List<Action> down = r.handle(new Event.InterfaceDown(), 4 * SECOND);
        assertThat(down).containsExactly(new SendAdvert(0), new RemoveVips(), new Transition(State.MASTER, State.FAULT, "interface down"));
        assertThat(r.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.handle(new Event.AdvertReceived(PEER, 101, SECOND), 5 * SECOND)).as("deaf while in FAULT").isEmpty();

        List<Action> up = r.handle(new Event.InterfaceUp(), 6 * SECOND);
        assertThat(up).containsExactly(new Transition(State.FAULT, State.BACKUP, "interface up"));
        assertThat(r.nextDeadline()).isEqualTo(6 * SECOND + 3_609_375);
    }

    private static VirtualRouter v3(int priority, long advertMicros) {
        return new VirtualRouter(new RouterParams(VrrpVersion.V3, priority, advertMicros, true, SELF, 5 * SECOND, 0, 0));
    }

    @Test
    void v3TimersScaleWithTheAdvertIntervalInCentiseconds() {
        // RFC 5798 6.1: Skew_Time = ((256 - 100) * 50 ms) / 256 = 30.468 ms; Master_Down = 3 x 50 ms + skew
        VirtualRouter r = v3(100, 50 * MS);
        r.handle(new Event.Startup(), 0);
        assertThat(r.nextDeadline()).isEqualTo(180_468);
        r.tick(180_468);
        assertThat(r.state()).isEqualTo(State.MASTER);
        assertThat(r.tick(230_468)).containsExactly(new SendAdvert(100));
    }

    @Test
    void aV3BackupTimesTheMasterByTheMastersOwnAdvertInterval() {
        // RFC 5798 6.4.2: "Set Master_Adver_Interval to Adver Interval contained in the ADVERTISEMENT"
        VirtualRouter r = v3(100, SECOND);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 101, 200 * MS), 1000 * MS);
        // 3 x 200 ms + (156 x 200 ms) / 256 = 721.875 ms, not the local 3.609 s
        assertThat(r.nextDeadline()).isEqualTo(1000 * MS + 721_875);
    }

    @Test
    void aV2BackupKeepsItsOwnInterval() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 101, 200 * MS), 1000 * MS);
        assertThat(r.nextDeadline()).isEqualTo(1000 * MS + 3_609_375);
    }

    @Test
    void aMasterHearingPriorityZeroAdvertisesAtOnce() {
        // RFC 3768 6.4.3: "If the Priority in the ADVERTISEMENT is Zero, then: Send an ADVERTISEMENT, Reset the
        // Adver_Timer to Advertisement_Interval"
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        assertThat(r.handle(new Event.AdvertReceived(PEER, 0, SECOND), 4_000 * MS)).containsExactly(new SendAdvert(100));
        assertThat(r.state()).isEqualTo(State.MASTER);
        assertThat(r.nextDeadline()).isEqualTo(5_000 * MS);
    }

    @Test
    void aBackupShutsDownSilently() {
        // RFC 3768 6.4.2: "If a Shutdown event is received, then: Cancel the Master_Down_Timer, Transition to
        // the {Initialize} state" (no advert: only a master says goodbye)
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        assertThat(r.handle(new Event.Shutdown(), SECOND)).containsExactly(new Transition(State.BACKUP, State.INITIALIZE, "shutdown"));
        assertThat(r.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void garpMasterRefreshRepeatsTheGarpsWhileMaster() {
        // keepalived's garp_master_refresh 10: while master, a burst every 10 s (here with no second burst)
        VirtualRouter r = new VirtualRouter(new RouterParams(VrrpVersion.V2, 100, SECOND, true, SELF, 0, 10 * SECOND, 0));
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        for (long t = 4; t <= 12; t++) {
            assertThat(r.tick(t * SECOND + 609_375)).containsExactly(new SendAdvert(100));
        }
        assertThat(r.nextDeadline()).isEqualTo(13_609_375);
        assertThat(r.tick(13_609_375)).containsExactly(new SendAdvert(100), new SendGratuitousArp());
        // a backup refreshes nothing
        r.handle(new Event.AdvertReceived(PEER, 101, SECOND), 14 * SECOND);
        assertThat(r.nextDeadline()).isEqualTo(14 * SECOND + 3_609_375);
    }

    @Test
    void preemptDelayFollowsALowerPriorityMasterForThatLongBeforePreempting() {
        // keepalived's preempt_delay 10: seconds after startup, or after first hearing a lower-priority
        // master, until preemption. A backup at 101 hears a master at 100 every second from t = 0.
        VirtualRouter r = new VirtualRouter(new RouterParams(VrrpVersion.V2, 101, SECOND, true, SELF, 5 * SECOND, 0, 10 * SECOND));
        r.handle(new Event.Startup(), 0);
        for (long t = 0; t < 10; t++) {
            r.handle(new Event.AdvertReceived(PEER, 100, SECOND), t * SECOND);
            assertThat(r.nextDeadline()).as("followed at %d s", t).isEqualTo(t * SECOND + 3_605_468);
        }
        // From 10 s on its adverts are discarded: Master_Down fires 3.605 s after the last one followed (9 s)
        r.handle(new Event.AdvertReceived(PEER, 100, SECOND), 10 * SECOND);
        r.handle(new Event.AdvertReceived(PEER, 100, SECOND), 11 * SECOND);
        assertThat(r.nextDeadline()).isEqualTo(9 * SECOND + 3_605_468);
        r.tick(9 * SECOND + 3_605_468);
        assertThat(r.state()).isEqualTo(State.MASTER);
    }

    @Test
    void withoutPreemptDelayALowerMasterIsPreemptedAtMasterDown() {
        VirtualRouter r = new VirtualRouter(new RouterParams(VrrpVersion.V2, 101, SECOND, true, SELF, 5 * SECOND, 0, 0));
        r.handle(new Event.Startup(), 0);
        r.handle(new Event.AdvertReceived(PEER, 100, SECOND), SECOND);
        assertThat(r.nextDeadline()).as("the lower advert did not reset the timer").isEqualTo(3_605_468);
    }

    @Test
    void aSyncGroupGoesMasterTogetherOnceEveryMembersTimerHasFired() {
        // keepalived's vrrp_sync_group: VI_1 and VI_2 on one node, both waiting for a master that never comes
        VirtualRouter vi1 = router(100, true);
        VirtualRouter vi2 = router(100, true);
        vi1.joinSyncGroup(now -> vi2.readyForMaster(now));
        vi2.joinSyncGroup(now -> vi1.readyForMaster(now));
        vi1.handle(new Event.Startup(), 0);
        vi2.handle(new Event.Startup(), 10 * MS);

        // VI_1's timer fires first: it waits, timer stopped, for VI_2
        assertThat(vi1.tick(3_609_375)).isEmpty();
        assertThat(vi1.state()).isEqualTo(State.BACKUP);
        assertThat(vi1.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        // VI_2's fires: the group is ready, VI_2 goes MASTER, and the daemon brings VI_1 along
        assertThat(vi2.tick(3_619_375)).startsWith(new Transition(State.BACKUP, State.MASTER, "master down timer expired"));
        assertThat(vi1.handle(new Event.SyncTo(State.MASTER), 3_619_375)).startsWith(new Transition(State.BACKUP, State.MASTER, "sync group"));
    }

    @Test
    void aWaitingMemberThatHearsItsMasterStopsWaiting() {
        VirtualRouter vi1 = router(100, true);
        VirtualRouter vi2 = router(100, true);
        vi1.joinSyncGroup(now -> vi2.readyForMaster(now));
        vi1.handle(new Event.Startup(), 0);
        vi2.handle(new Event.Startup(), 0);
        vi2.handle(new Event.AdvertReceived(PEER, 101, SECOND), 3 * SECOND); // VI_2 still has a master
        vi1.tick(3_609_375);
        assertThat(vi1.readyForMaster(3_609_375)).isTrue();
        vi1.handle(new Event.AdvertReceived(PEER, 101, SECOND), 4 * SECOND);
        assertThat(vi1.readyForMaster(4 * SECOND)).isFalse();
        assertThat(vi1.nextDeadline()).isEqualTo(4 * SECOND + 3_609_375);
    }

    @Test
    void theGroupFollowsAMemberToBackupAndToFaultAndBackFromAnImposedFault() {
        VirtualRouter r = router(100, true);
        r.handle(new Event.Startup(), 0);
        r.tick(3_609_375);
        assertThat(r.handle(new Event.SyncTo(State.BACKUP), 4 * SECOND))
                .containsExactly(new RemoveVips(), new Transition(State.MASTER, State.BACKUP, "sync group"));
        assertThat(r.handle(new Event.SyncTo(State.FAULT), 5 * SECOND))
                .containsExactly(new Transition(State.BACKUP, State.FAULT, "sync group"));
        assertThat(r.faultedBySync()).isTrue();
        assertThat(r.handle(new Event.SyncTo(State.BACKUP), 6 * SECOND))
                .containsExactly(new Transition(State.FAULT, State.BACKUP, "sync group"));
        // a fault of its own is not lifted by the group
        r.handle(new Event.InterfaceDown(), 7 * SECOND);
        assertThat(r.faultedBySync()).isFalse();
        assertThat(r.handle(new Event.SyncTo(State.BACKUP), 8 * SECOND)).isEmpty();
    }
}
