package dev.hatest.harness.probe;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The observers' log lines, as the containers really print them, turned into History events. */
class LogObserverTest {

    private final History history = new History();
    private final LogObserver client = new LogObserver("client", history, a -> Map.of(
            "02:42:c6:12:00:c9", "lb01", "02:42:c6:12:00:ca", "lb02").getOrDefault(a, a));

    @Test
    void reloadsAreTheDaemonsOwnReports() {
        LogObserver vrrpd = new LogObserver("lb01", history);
        vrrpd.accept("EVENT {\"ts\":1796585370683.470,\"kind\":\"reload\",\"added\":0,\"changed\":\"VI_1: priority 101 -> 99\","
                + "\"kept\":1,\"removed\":0,\"result\":\"applied\"}");
        vrrpd.accept("EVENT {\"ts\":1796585460049.477,\"kind\":\"reload\",\"first\":\"/etc/keepalived/keepalived.conf:7: "
                + "virtual_router_id must be 1..255, got 351\",\"result\":\"rejected\",\"why\":\"has errors\"}");
        LogObserver keepalived = new LogObserver("lb02", history);
        keepalived.accept("KLOG 1796585461.000001 Sun Dec  6 19:31:01 2026: Reload complete");
        keepalived.accept("KLOG 1796585462.000001 Sun Dec  6 19:31:02 2026: New config failed validation, see /dev/null for details");
        keepalived.accept("KLOG 1796585463.000001 Sun Dec  6 19:31:03 2026: pid 16929 exited with permanent error CONFIG. Terminating");
        assertThat(history.events()).extracting(Event::source, Event::kind, Event::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lb01", Kinds.RELOAD, "applied: VI_1: priority 101 -> 99"),
                org.assertj.core.groups.Tuple.tuple("lb01", Kinds.RELOAD, "rejected: /etc/keepalived/keepalived.conf:7: virtual_router_id must be 1..255, got 351"),
                org.assertj.core.groups.Tuple.tuple("lb02", Kinds.RELOAD, "applied"),
                org.assertj.core.groups.Tuple.tuple("lb02", Kinds.RELOAD, "rejected: New config failed validation, see /dev/null for details"),
                org.assertj.core.groups.Tuple.tuple("lb02", Kinds.RELOAD, "exited: pid 16929 exited with permanent error CONFIG. Terminating"),
                // keepalived is gone and leaves its VIPs: nobody claims them any more
                org.assertj.core.groups.Tuple.tuple("lb02", Kinds.STATE, "* ->DEAD: keepalived exited on a config error"));
    }

    @Test
    void probeLinesCarryTheVipAndTheirOutcome() {
        client.accept("PROBE 198.18.0.200 1795534338710390 1795534338980224 fail timeout");
        client.accept("PROBE 198.18.0.199 1795534339000437 1795534339001169 ok lb02");
        assertThat(history.events()).containsExactly(
                Event.saved(1795534338980224L, "client", Kinds.HTTP_FAIL, "198.18.0.200 timeout"),
                Event.saved(1795534339001169L, "client", Kinds.HTTP_OK, "198.18.0.199 lb02"));
    }

    @Test
    void aNodeThatDoesNotNameItselfIsKnownByTheMacTheRequestWentTo() {
        // The operator's own nginx.conf sends no X-Served-By: the probe gives the client's ARP entry for the VIP.
        client.accept("PROBE 198.18.0.200 1795534339000437 1795534339001169 ok mac:02:42:c6:12:00:ca");
        client.accept("PROBE 198.18.0.200 1795534339100437 1795534339101169 ok mac:02:42:c6:12:00:ff");
        assertThat(history.events()).extracting(Event::value).containsExactly("198.18.0.200 lb02", "198.18.0.200 02:42:c6:12:00:ff");
    }

    @Test
    void aStateFoundOnAttachIsWhereKeepalivedsNextTransitionStarts() {
        LogObserver lb01 = new LogObserver("lb01", history);
        lb01.seedState(1795534300000000L, "VI_1", dev.hatest.harness.history.Observation.VrrpState.MASTER);
        lb01.seedVip(1795534300000000L, "198.18.0.200");
        lb01.accept("KLOG 1795534341.000001 (VI_1) Entering BACKUP STATE");
        assertThat(history.events()).extracting(Event::kind, Event::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kinds.STATE, "VI_1 INITIALIZE->MASTER: found so on attach"),
                org.assertj.core.groups.Tuple.tuple(Kinds.VIP_ADD, "198.18.0.200"),
                org.assertj.core.groups.Tuple.tuple(Kinds.STATE, "VI_1 MASTER->BACKUP: keepalived"));
    }

    @Test
    void capturedAdvertsAreNamedByTheSendersMac() {
        client.accept("WIRE 1795534342.182304 02:42:c6:12:00:c9 > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: "
                + "198.18.0.201 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 101, authtype simple, intvl 1s, length 20");
        client.accept("WIRE 1795534342.182399 02:42:c6:12:00:cb > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: "
                + "198.18.0.203 > 224.0.0.18: VRRPv3, Advertisement, vrid 52, prio 0, intvl 100cs, length 12");
        assertThat(history.events()).containsExactly(
                Event.saved(1795534342182304L, "lb01", Kinds.ADVERT, "vrid 51 prio 101"),
                Event.saved(1795534342182399L, "02:42:c6:12:00:cb", Kinds.ADVERT, "vrid 52 prio 0"));
    }

    @Test
    void onlyGratuitousArpsCountAsSuch() {
        // vrrpd's and keepalived's forms, then the client's own question, which is not gratuitous
        client.accept("WIRE 1795534341.979064 02:42:c6:12:00:ca > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 60: "
                + "Request who-has 198.18.0.200 tell 198.18.0.200, length 46");
        client.accept("WIRE 1795534341.979100 02:42:c6:12:00:c9 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: "
                + "Request who-has 198.18.0.200 (ff:ff:ff:ff:ff:ff) tell 198.18.0.200, length 28");
        client.accept("WIRE 1795534338.727775 02:42:c6:12:00:fa > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: "
                + "Request who-has 198.18.0.200 tell 198.18.0.250, length 28");
        client.accept("WIRE 1795534338.727999 02:42:c6:12:00:c9 > 02:42:c6:12:00:fa, ethertype ARP (0x0806), length 42: "
                + "Reply 198.18.0.200 is-at 02:42:c6:12:00:c9, length 28");
        assertThat(history.events()).containsExactly(
                Event.saved(1795534341979064L, "lb02", Kinds.GARP_SEEN, "198.18.0.200"),
                Event.saved(1795534341979100L, "lb01", Kinds.GARP_SEEN, "198.18.0.200"));
    }

    @Test
    void neighbourAndAddressChangesKeepTheirOwnTimestamps() {
        client.accept("IPMON [2026-11-24T15:32:21.979409] 198.18.0.200 dev eth0 lladdr 02:42:c6:12:00:ca DELAY ");
        client.accept("IPMON [2026-11-24T15:32:21.783431] 198.18.0.200 dev eth0 FAILED ");
        LogObserver node = new LogObserver("lb02", history);
        node.accept("IPMON [2026-11-24T15:32:21.975000] 2: eth0    inet 198.18.0.200/32 scope global eth0\\       valid_lft forever preferred_lft forever");
        assertThat(history.events()).containsExactly(
                Event.saved(1795534341975000L, "lb02", Kinds.VIP_ADD, "198.18.0.200"),
                Event.saved(1795534341979409L, "client", Kinds.NEIGH, "198.18.0.200 02:42:c6:12:00:ca DELAY"));
    }

    @Test
    void identicalEventsAreKeptButAReplayedLogIsNot() {
        // Five GARPs of one burst can be stamped in the same microsecond: each is an event
        String garp = "WIRE 1795534341.979064 02:42:c6:12:00:ca > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 60: "
                + "Request who-has 198.18.0.200 tell 198.18.0.200, length 46";
        client.accept(garp);
        client.accept(garp);
        assertThat(history.events()).hasSize(2);
        // After a restart, the replayed log (stamped before the new start) adds nothing; new lines do
        client.skipBefore(1795534342_000000L);
        client.accept(garp);
        client.accept("PROBE 198.18.0.200 1795534343000437 1795534343001169 ok lb01");
        assertThat(history.events()).hasSize(3);
    }

    @Test
    void aGarbledLineIsSkipped() {
        client.accept("PROBE 198.18.0.200 1795534339000437 notanumber ok lb01");
        client.accept("KLOG 99999999999999999999.000001 x");
        assertThat(history.events()).isEmpty();
    }

    @Test
    void keepalivedsStampedLogGivesItsTransitionsPriorityGarpsAndStop() {
        LogObserver node = new LogObserver("lb02", history);
        node.accept("KLOG 1795532941.702123 Tue Nov 24 15:09:01 2026: (VI_1) Entering BACKUP STATE (init)");
        node.accept("KLOG 1795532945.308001 Tue Nov 24 15:09:05 2026: (VI_1) Receive advertisement timeout");
        node.accept("KLOG 1795532945.308002 Tue Nov 24 15:09:05 2026: (VI_1) Entering MASTER STATE");
        node.accept("KLOG 1795532945.308100 Tue Nov 24 15:09:05 2026: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 198.18.0.200");
        node.accept("KLOG 1795532950.000001 Tue Nov 24 15:09:10 2026: (VI_1) Changing effective priority from 100 to 95");
        node.accept("KLOG 1795532960.000001 Tue Nov 24 15:09:20 2026: Stopping");
        node.accept("KLOG 1795532960.000002 Tue Nov 24 15:09:20 2026: Stopping");
        assertThat(history.events()).extracting(Event::timeMicros, Event::kind, Event::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1795532941702123L, Kinds.STATE, "VI_1 INITIALIZE->BACKUP: init"),
                org.assertj.core.groups.Tuple.tuple(1795532945308002L, Kinds.STATE, "VI_1 BACKUP->MASTER: keepalived"),
                org.assertj.core.groups.Tuple.tuple(1795532945308100L, Kinds.GARP, "VI_1 [\"198.18.0.200\"]"),
                org.assertj.core.groups.Tuple.tuple(1795532950000001L, Kinds.PRIORITY, "VI_1 100->95"),
                org.assertj.core.groups.Tuple.tuple(1795532960000001L, Kinds.STATE, "VI_1 MASTER->INITIALIZE: shutdown"));
    }

    @Test
    void ipv6AddressesNeighboursAdvertsAndNeighbourAdvertsAreSeenAsIpv4Ones() {
        // as `ip -o -ts monitor`, tcpdump -e -n -tt and keepalived 2.2.7 print them (read off a netns pair)
        LogObserver lb01 = new LogObserver("lb01", history);
        lb01.accept("IPMON [2026-12-06T22:52:58.183288] 2: eth0    inet6 fd00:198:18::200/64 scope global nodad \\       valid_lft forever");
        lb01.accept("IPMON [2026-12-06T22:52:58.183300] 2: eth0    inet6 fe80::42:c6ff:fe12:c9/64 scope link \\       valid_lft forever");
        lb01.accept("IPMON [2026-12-06T22:52:59.180757] Deleted 2: eth0    inet6 fd00:198:18::200/64 scope global nodad \\       valid_lft");
        client.accept("IPMON [2026-12-06T22:52:58.208662] fd00:198:18::200 dev eth0 lladdr 02:42:c6:12:00:c9 router REACHABLE");
        client.accept("WIRE 1796596654.191295 02:42:c6:12:00:c9 > 33:33:00:00:00:12, ethertype IPv6 (0x86dd), length 78: "
                + "fe80::42:c6ff:fe12:c9 > ff02::12: VRRPv3, Advertisement, vrid 51, prio 101, intvl 100cs, length 24");
        client.accept("WIRE 1796596654.191536 02:42:c6:12:00:ca > 33:33:00:00:00:01, ethertype IPv6 (0x86dd), length 86: "
                + "fd00:198:18::200 > ff02::1: ICMP6, neighbor advertisement, tgt is fd00:198:18::200, length 32");
        // a solicited answer to one client is no announcement
        client.accept("WIRE 1796596654.291536 02:42:c6:12:00:ca > 02:42:c6:12:00:fa, ethertype IPv6 (0x86dd), length 86: "
                + "fd00:198:18::200 > fd00:198:18::250: ICMP6, neighbor advertisement, tgt is fd00:198:18::200, length 32");
        LogObserver lb02 = new LogObserver("lb02", history);
        lb02.accept("KLOG 1796585461.000001 Sun Dec  6 19:31:01 2026: (VI_6) Sending/queueing Unsolicited Neighbour Adverts on eth0 for fd00:198:18::200");
        assertThat(history.events()).extracting(Event::source, Event::kind, Event::value).contains(
                org.assertj.core.groups.Tuple.tuple("lb01", Kinds.VIP_ADD, "fd00:198:18::200"),
                org.assertj.core.groups.Tuple.tuple("lb01", Kinds.VIP_DEL, "fd00:198:18::200"),
                org.assertj.core.groups.Tuple.tuple("client", Kinds.NEIGH, "fd00:198:18::200 02:42:c6:12:00:c9 REACHABLE"),
                org.assertj.core.groups.Tuple.tuple("lb01", Kinds.ADVERT, "vrid 51 prio 101"),
                org.assertj.core.groups.Tuple.tuple("lb02", Kinds.GARP_SEEN, "fd00:198:18::200"),
                org.assertj.core.groups.Tuple.tuple("lb02", Kinds.GARP, "VI_6 [\"fd00:198:18::200\"]"));
        assertThat(history.events()).extracting(Event::value).as("a node's link-local address is no VIP")
                .noneMatch(v -> v.startsWith("fe80:"));
        assertThat(history.events()).filteredOn(e -> e.kind().equals(Kinds.GARP_SEEN)).hasSize(1);
    }
}
