package dev.hatest.vrrp.fsm;

import java.net.InetAddress;

/** What can happen to a virtual router, apart from its own timers firing (see {@link VirtualRouter#tick}). */
public sealed interface Event {

    /** RFC 3768 6.4.1: "If a Startup event is received". */
    record Startup() implements Event {
    }

    /** RFC 3768 6.4.2/6.4.3: "If a Shutdown event is received". */
    record Shutdown() implements Event {
    }

    /**
     * An ADVERTISEMENT that already passed the receive checks of RFC 3768 7.1 (well-formed, VRID, auth,
     * interval, addresses).
     */
    record AdvertReceived(InetAddress source, int priority, long advertIntervalMicros) implements Event {
    }

    /**
     * A packet for this router's VRID that failed the receive checks (bad TTL, auth, interval, version, address
     * list, checksum...): dropped, but keepalived 2.2.7 restarts a master's Adver_Timer on it (measured: invalid
     * packets every 0.3 s kept a master at advert_int 1 from advertising at all). A backup's timers don't move.
     */
    record InvalidPacket() implements Event {
    }

    /**
     * Something the instance depends on failed: its interface lost its link, a tracked interface did, or (in
     * a sync group) a tracked script failed. keepalived: "Entering FAULT STATE".
     */
    record InterfaceDown(String reason) implements Event {
        public InterfaceDown() {
            this("interface down");
        }
    }

    /** The interface is up and running again. */
    record InterfaceUp() implements Event {
    }

    /**
     * keepalived's vrrp_sync_group: another member of this router's group moved to {@code target}, and this
     * router follows (MASTER from BACKUP, BACKUP from MASTER, FAULT from either, BACKUP from a FAULT that the
     * group imposed).
     */
    record SyncTo(State target) implements Event {
    }

    /** The effective priority moved (vrrp_script weights); it is used in adverts, comparisons and Skew_Time. */
    record PriorityChanged(int effectivePriority) implements Event {
    }
}
