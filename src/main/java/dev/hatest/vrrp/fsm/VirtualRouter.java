package dev.hatest.vrrp.fsm;

import dev.hatest.vrrp.fsm.Action.AddVips;
import dev.hatest.vrrp.fsm.Action.RemoveVips;
import dev.hatest.vrrp.fsm.Action.SendAdvert;
import dev.hatest.vrrp.fsm.Action.SendGratuitousArp;
import dev.hatest.vrrp.fsm.Action.Transition;
import dev.hatest.vrrp.fsm.Event.AdvertReceived;
import dev.hatest.vrrp.fsm.Event.InterfaceDown;
import dev.hatest.vrrp.fsm.Event.InterfaceUp;
import dev.hatest.vrrp.fsm.Event.PriorityChanged;
import dev.hatest.vrrp.fsm.Event.Shutdown;
import dev.hatest.vrrp.fsm.Event.Startup;
import dev.hatest.vrrp.fsm.Event.SyncTo;
import dev.hatest.vrrp.packet.VrrpVersion;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state machine of one virtual router (RFC 3768 section 6.4, RFC 5798 section 6.4), with no I/O and no
 * clock of its own: every call is given the time, in microseconds of any monotonic clock. The owner feeds it
 * {@link Event}s, calls {@link #tick} when {@link #nextDeadline} is reached, and carries out the returned
 * {@link Action}s in order.
 *
 * <p>There are two timers, as in the RFC: Adver_Timer while MASTER and Master_Down_Timer while BACKUP.
 * Arming one always disarms the other, in one place ({@link #arm}), so no branch re-arms timers by hand.
 */
public final class VirtualRouter {

    private static final long NONE = Long.MAX_VALUE;

    private RouterParams params;
    private State state = State.INITIALIZE;
    private long maxAdvertLateMicros;
    private int effectivePriority;
    private long masterAdvertIntervalMicros;
    private long adverTimer = NONE;
    private long masterDownTimer = NONE;
    /** When each pending second burst of GARPs is due (keepalived's garp_master_delay), in order. */
    private final java.util.ArrayDeque<Long> garpDue = new java.util.ArrayDeque<>();
    /** preempt_delay: until when a lower-priority master is still followed, not preempted (NONE: not set). */
    private long preemptAt = NONE;
    /** When the next garp_master_refresh burst is due while MASTER. */
    private long garpRefresh = NONE;
    private InetAddress masterAddress;
    /** In a sync group: whether every other member could become master at a given time (null: no group). */
    private java.util.function.LongPredicate othersReady;
    /** In a sync group: Master_Down_Timer fired, and this router waits for the rest of the group. */
    private boolean ready;
    /** In FAULT because the sync group is, not because of this router's own links. */
    private boolean syncFaulted;

    public VirtualRouter(RouterParams params) {
        this.params = params;
        this.effectivePriority = params.basePriority();
        this.masterAdvertIntervalMicros = params.advertIntervalMicros();
    }

    public List<Action> handle(Event event, long now) {
        List<Action> out = new ArrayList<>();
        if (event instanceof SyncTo s) {
            sync(s.target(), now, out);
        } else if (event instanceof InterfaceDown down && (state == State.BACKUP || state == State.MASTER)) {
            fault(now, down.reason(), out);
        } else {
            switch (state) {
                case INITIALIZE -> initialize(event, now, out);
                case BACKUP -> backup(event, now, out);
                case MASTER -> master(event, now, out);
                case FAULT -> inFault(event, now, out);
            }
        }
        if (event instanceof PriorityChanged pc) {
            effectivePriority = pc.effectivePriority();
        }
        return out;
    }

    /**
     * A reload kept this router (same VRID, interface and version): it takes {@code newParams} in place, as
     * keepalived 2.2.7 does (measured), with no transition. A master stays master and advertises at once with
     * its new priority, its advert timer restarting from now, even when a backup now outranks it: that backup
     * preempts it in the usual way. A backup keeps listening, its Master_Down_Timer restarted with the new
     * timers. A router in FAULT stays there until its tracking says otherwise.
     *
     * @param effective the effective priority under the new config's tracking
     */
    public List<Action> reload(RouterParams newParams, int effective, long now) {
        List<Action> out = new ArrayList<>();
        this.params = newParams;
        this.effectivePriority = effective;
        if (params.version() == VrrpVersion.V2 || state != State.BACKUP) {
            masterAdvertIntervalMicros = params.advertIntervalMicros();
        }
        if (state == State.MASTER) {
            out.add(new SendAdvert(effectivePriority));
            arm(State.MASTER, now + params.advertIntervalMicros());
            garpRefresh = params.garpRefreshMicros() > 0 ? now + params.garpRefreshMicros() : NONE;
        } else if (state == State.BACKUP) {
            if (params.preemptDelayMicros() == 0) {
                preemptAt = NONE;
            }
            arm(State.BACKUP, now + masterDownIntervalMicros());
        }
        return out;
    }

    /** Fires every timer that is due at {@code now}. */
    public List<Action> tick(long now) {
        List<Action> out = new ArrayList<>();
        if (state == State.BACKUP && now >= masterDownTimer) {
            if (othersReady != null && !othersReady.test(now)) {
                // keepalived's sync group goes master together: wait, timer stopped, for the other members'
                // Master_Down_Timers; an advert for this router's VRID in the meantime resets it as usual.
                masterDownTimer = NONE;
                ready = true;
            } else {
                // RFC 3768 6.4.2: "If the Master_Down_Timer fires: Send an ADVERTISEMENT, Broadcast a gratuitous
                // ARP request containing the virtual router MAC address for each IP address associated with the
                // virtual router, Set the Adver_Timer to Advertisement_Interval, Transition to the {Master} state".
                becomeMaster(now, "master down timer expired", out);
            }
        }
        if (state == State.MASTER && now >= adverTimer) {
            // RFC 3768 6.4.3: "If the Adver_Timer fires: Send an ADVERTISEMENT, Reset the Adver_Timer".
            // The next advert is due one interval after this one was due, not after it was sent, so that
            // scheduling delays don't add up into drift; after a long stall (a paused node) it restarts from now.
            out.add(new SendAdvert(effectivePriority));
            maxAdvertLateMicros = Math.max(maxAdvertLateMicros, now - adverTimer);
            long next = adverTimer + params.advertIntervalMicros();
            arm(State.MASTER, next > now ? next : now + params.advertIntervalMicros());
        }
        if (state == State.MASTER && now >= garpRefresh) {
            // keepalived's garp_master_refresh: clients that missed or dropped the GARPs come back.
            out.add(new SendGratuitousArp());
            garpRefresh = now + params.garpRefreshMicros();
        }
        while (state == State.MASTER && !garpDue.isEmpty() && now >= garpDue.peekFirst()) {
            // keepalived's garp_master_delay: a second burst of GARPs after each first burst.
            out.add(new SendGratuitousArp());
            garpDue.removeFirst();
        }
        return out;
    }

    /** The earliest time at which {@link #tick} has something to do, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return Math.min(Math.min(Math.min(adverTimer, masterDownTimer), garpRefresh), garpDue.isEmpty() ? NONE : garpDue.peekFirst());
    }

    public State state() {
        return state;
    }

    /** The most an advert has been sent after it was due, as a master, in µs: the daemon's own timer precision. */
    public long maxAdvertLateMicros() {
        return maxAdvertLateMicros;
    }

    /**
     * Makes this router a member of a sync group: its Master_Down_Timer leads to MASTER only when
     * {@code othersReadyAt} says every other member can go too; null takes it out of its group (a reload, which
     * then re-arms its timer: {@link #reload}).
     */
    public void joinSyncGroup(java.util.function.LongPredicate othersReadyAt) {
        this.othersReady = othersReadyAt;
    }

    /** Whether this router could be master with its group at {@code now}: it is, or its timer has fired. */
    public boolean readyForMaster(long now) {
        return state == State.MASTER || (state == State.BACKUP && (ready || now >= masterDownTimer));
    }

    /** In FAULT only because its sync group is. */
    public boolean faultedBySync() {
        return state == State.FAULT && syncFaulted;
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    /** The address of the current master as last heard (or our own while MASTER); null when unknown. */
    public InetAddress masterAddress() {
        return state == State.MASTER ? params.primaryAddress() : masterAddress;
    }

    public long masterDownIntervalMicros() {
        return Timers.masterDown(params.version(), effectivePriority, masterAdvertIntervalMicros);
    }

    private void initialize(Event event, long now, List<Action> out) {
        if (!(event instanceof Startup)) {
            return;
        }
        if (params.basePriority() == RouterParams.PRIORITY_OWNER) {
            // RFC 3768 6.4.1: "If the Priority = 255 (i.e., the router owns the IP address(es) associated
            // with the virtual router)": send an ADVERTISEMENT, broadcast gratuitous ARP, go to {Master}.
            becomeMaster(now, "address owner (priority 255)", out);
        } else {
            // RFC 3768 6.4.1: "else: Set the Master_Down_Timer to Master_Down_Interval, Transition to the
            // {Backup} state". keepalived's preempt_delay counts from startup.
            preemptAt = params.preemptDelayMicros() > 0 ? now + params.preemptDelayMicros() : NONE;
            goBackup(now, now + masterDownIntervalMicros(), "startup", out);
        }
    }

    /**
     * keepalived's FAULT state: something the instance depends on failed. A master says goodbye with a
     * priority-0 advert, as keepalived 2.2.7 does (measured; on a dead link it can't leave, and a backup
     * waits out Master_Down_Interval), and gives up its addresses; timers stop until the fault clears.
     */
    private void fault(long now, String reason, List<Action> out) {
        State from = state;
        if (from == State.MASTER) {
            out.add(new SendAdvert(0));
            out.add(new RemoveVips());
        }
        arm(State.FAULT, NONE);
        state = State.FAULT;
        out.add(new Transition(from, State.FAULT, reason));
        masterAddress = null;
    }

    /** Follows the sync group (see {@link Event.SyncTo}). */
    private void sync(State target, long now, List<Action> out) {
        if (target == State.MASTER && state == State.BACKUP) {
            becomeMaster(now, "sync group", out);
        } else if (target == State.BACKUP && state == State.MASTER) {
            out.add(new RemoveVips());
            goBackup(now, now + masterDownIntervalMicros(), "sync group", out);
        } else if (target == State.BACKUP && faultedBySync()) {
            syncFaulted = false;
            goBackup(now, now + masterDownIntervalMicros(), "sync group", out);
        } else if (target == State.FAULT && (state == State.MASTER || state == State.BACKUP)) {
            fault(now, "sync group", out);
            syncFaulted = true;
        }
    }

    private void inFault(Event event, long now, List<Action> out) {
        if (event instanceof InterfaceUp) {
            syncFaulted = false;
            // Back as on startup: an owner takes over at once, anyone else listens for Master_Down_Interval.
            if (params.basePriority() == RouterParams.PRIORITY_OWNER) {
                becomeMaster(now, "interface up, address owner", out);
            } else {
                goBackup(now, now + masterDownIntervalMicros(), "interface up", out);
            }
        } else if (event instanceof Shutdown) {
            out.add(new Transition(State.FAULT, State.INITIALIZE, "shutdown"));
            state = State.INITIALIZE;
        }
    }

    private void backup(Event event, long now, List<Action> out) {
        if (event instanceof Shutdown) {
            // RFC 3768 6.4.2: "Cancel the Master_Down_Timer, Transition to the {Initialize} state".
            arm(State.INITIALIZE, NONE);
            out.add(new Transition(State.BACKUP, State.INITIALIZE, "shutdown"));
            state = State.INITIALIZE;
        } else if (event instanceof AdvertReceived a) {
            if (a.priority() == 0) {
                // RFC 3768 6.4.2: "If the Priority in the ADVERTISEMENT is Zero, then: Set the
                // Master_Down_Timer to Skew_Time".
                arm(State.BACKUP, now + Timers.skew(params.version(), effectivePriority, masterAdvertIntervalMicros));
                masterAddress = null;
            } else if (!params.preempt() || a.priority() >= effectivePriority || preemptDeferred(now)) {
                // RFC 3768 6.4.2: "If Preempt_Mode is False, or If the Priority in the ADVERTISEMENT is
                // greater than or equal to the local Priority, then: Reset the Master_Down_Timer to
                // Master_Down_Interval". RFC 5798 6.4.2 also sets Master_Adver_Interval from the advert.
                if (params.version() == VrrpVersion.V3) {
                    masterAdvertIntervalMicros = a.advertIntervalMicros();
                }
                if (a.priority() >= effectivePriority) {
                    preemptAt = NONE; // a rightful master: a later lower one gets the whole preempt_delay
                }
                masterAddress = a.source();
                arm(State.BACKUP, now + masterDownIntervalMicros());
            }
            // RFC 3768 6.4.2: "else: Discard the ADVERTISEMENT" (a lower-priority master: we preempt
            // when Master_Down_Timer fires).
        }
    }

    /**
     * keepalived's preempt_delay: a lower-priority master is followed as if by nopreempt until the delay,
     * counted from startup or from first hearing such a master, has passed.
     */
    private boolean preemptDeferred(long now) {
        if (params.preemptDelayMicros() == 0) {
            return false;
        }
        if (preemptAt == NONE) {
            preemptAt = now + params.preemptDelayMicros();
        }
        return now < preemptAt;
    }

    private void master(Event event, long now, List<Action> out) {
        if (event instanceof Shutdown) {
            // RFC 3768 6.4.3: "Cancel the Adver_Timer, Send an ADVERTISEMENT with Priority = 0,
            // Transition to the {Initialize} state".
            arm(State.INITIALIZE, NONE);
            out.add(new Transition(State.MASTER, State.INITIALIZE, "shutdown"));
            out.add(new SendAdvert(0));
            out.add(new RemoveVips());
            state = State.INITIALIZE;
        } else if (event instanceof AdvertReceived a) {
            if (a.priority() == 0) {
                // RFC 3768 6.4.3: "If the Priority in the ADVERTISEMENT is Zero, then: Send an
                // ADVERTISEMENT, Reset the Adver_Timer to Advertisement_Interval".
                out.add(new SendAdvert(effectivePriority));
                arm(State.MASTER, now + params.advertIntervalMicros());
            } else if (a.priority() > effectivePriority
                    || (a.priority() == effectivePriority && compare(a.source(), params.primaryAddress()) > 0)) {
                // RFC 3768 6.4.3: "If the Priority in the ADVERTISEMENT is greater than the local Priority,
                // or the Priority in the ADVERTISEMENT is equal to the local Priority and the primary IP
                // Address of the sender is greater than the local primary IP Address, then: Cancel
                // Adver_Timer, Set Master_Down_Timer to Master_Down_Interval, Transition to {Backup}".
                if (params.version() == VrrpVersion.V3) {
                    masterAdvertIntervalMicros = a.advertIntervalMicros();
                }
                masterAddress = a.source();
                out.add(new RemoveVips());
                goBackup(now, now + masterDownIntervalMicros(),
                        "higher priority advert (" + a.priority() + ") from " + dev.hatest.vrrp.packet.VrrpCodec.text(a.source()), out);
            } else {
                // RFC 3768 6.4.3 says discard. keepalived 2.2.7 (measured; lower_prio_no_advert off, its
                // default) logs "forcing new election" and answers at once: an advert, so the other router
                // steps down, and a burst of GARPs, so clients that followed the other router come back,
                // with a second burst garp_master_delay later. Its advert timer restarts from the answer.
                out.add(new SendAdvert(effectivePriority));
                out.add(new SendGratuitousArp());
                scheduleSecondGarpBurst(now);
                arm(State.MASTER, now + params.advertIntervalMicros());
            }
        } else if (event instanceof Event.InvalidPacket) {
            // Not in the RFCs (which only say discard): keepalived 2.2.7 reschedules a master's next advert one
            // interval after any packet for its VRID, valid or not (measured). Kept for fidelity: a flood of
            // invalid packets silences a keepalived master, and must silence vrrpd the same way.
            adverTimer = now + params.advertIntervalMicros();
        }
    }

    private void becomeMaster(long now, String reason, List<Action> out) {
        State from = state;
        preemptAt = NONE;
        state = State.MASTER;
        out.add(new Transition(from, State.MASTER, reason));
        out.add(new AddVips());
        out.add(new SendAdvert(effectivePriority));
        out.add(new SendGratuitousArp());
        arm(State.MASTER, now + params.advertIntervalMicros());
        scheduleSecondGarpBurst(now);
        garpRefresh = params.garpRefreshMicros() > 0 ? now + params.garpRefreshMicros() : NONE;
    }

    private void scheduleSecondGarpBurst(long now) {
        if (params.garpDelayMicros() > 0) {
            garpDue.addLast(now + params.garpDelayMicros());
        }
    }

    private void goBackup(long now, long masterDownAt, String reason, List<Action> out) {
        State from = state;
        state = State.BACKUP;
        out.add(new Transition(from, State.BACKUP, reason));
        arm(State.BACKUP, masterDownAt);
    }

    /** Arms the timer that belongs to {@code forState}, disarming the others (one place for all timers). */
    private void arm(State forState, long at) {
        ready = false;
        adverTimer = forState == State.MASTER ? at : NONE;
        masterDownTimer = forState == State.BACKUP ? at : NONE;
        if (forState != State.MASTER) {
            garpDue.clear();
            garpRefresh = NONE;
        }
    }

    /** Compares two addresses of one family as unsigned numbers (RFC 5798 6.4.3: "the primary IPvX Address"). */
    static int compare(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
