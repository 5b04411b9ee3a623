package dev.hatest.vrrp.io;

import org.junit.jupiter.api.Test;

import static dev.hatest.vrrp.packet.VrrpCodec.v6;
import static org.assertj.core.api.Assertions.assertThat;

class NetInterfaceTest {

    /** /proc/net/if_inet6 as the kernel writes it: flags 0x40 tentative, 0x48 tentative with DAD failed, 0x80 permanent. */
    private static final String IF_INET6 = """
            fe800000000000000042c6fffe1200c9 3b 40 20 40     eth0
            fe800000000000000042c6fffe1200ca 3c 40 20 48     eth1
            fd000198001800000000000000000201 3b 40 00 80     eth0
            00000000000000000000000000000001 01 80 10 80       lo
            """;

    @Test
    void onlyAnAddressStillInDuplicateAddressDetectionIsWaitedFor() {
        assertThat(NetInterface.tentative(IF_INET6, v6("fe80::42:c6ff:fe12:c9"), "eth0")).isTrue();
        assertThat(NetInterface.tentative(IF_INET6, v6("fe80::42:c6ff:fe12:c9"), "eth1")).as("another interface").isFalse();
        assertThat(NetInterface.tentative(IF_INET6, v6("fe80::42:c6ff:fe12:ca"), "eth1")).as("DAD failed: never usable").isFalse();
        assertThat(NetInterface.tentative(IF_INET6, v6("fd00:198:18::201"), "eth0")).as("usable").isFalse();
        assertThat(NetInterface.tentative(IF_INET6, v6("fe80::1"), "eth0")).as("not on the interface").isFalse();
    }

    /**
     * A link-local source the interface does not list right now is waited for too: under load a node's eth0 lost
     * its fe80:: address and had it back a second later, and vrrpd, refusing it at once, exited at start-up
     * (errno 99) and never ran (a dual-stack pair's "node logged no event" in the parallel suite).
     */
    @Test
    void aLinkLocalSourceIsWaitedForInAnyStateAMissingOrFailedGlobalOneIsNot() {
        assertThat(NetInterface.notYetUsable(IF_INET6, v6("fe80::42:c6ff:fe12:c9"), "eth0")).as("tentative").isTrue();
        assertThat(NetInterface.notYetUsable(IF_INET6, v6("fe80::42:c6ff:fe12:cb"), "eth0")).as("link-local, not listed (yet)").isTrue();
        assertThat(NetInterface.notYetUsable(IF_INET6, v6("fe80::42:c6ff:fe12:ca"), "eth1")).as("link-local, DAD failed: redone as the link comes up").isTrue();
        assertThat(NetInterface.notYetUsable(IF_INET6, v6("fd00:198:18::209"), "eth0")).as("a global address that is not there").isFalse();
        assertThat(NetInterface.notYetUsable(IF_INET6
                + "fd000198001800000000000000000202 3b 40 00 48     eth0\n", v6("fd00:198:18::202"), "eth0")).as("a global one whose DAD failed").isFalse();
        assertThat(NetInterface.notYetUsable(IF_INET6, v6("fd00:198:18::201"), "eth0")).as("usable").isFalse();
    }
}
