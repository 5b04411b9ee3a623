package dev.hatest.vrrp.io;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static dev.hatest.vrrp.packet.VrrpCodec.v6;
import static org.assertj.core.api.Assertions.assertThat;

class NeighbourAdvertTest {

    @Test
    void theFrameIsKeepalivedsByteForByte() {
        byte[] mac = HexFormat.ofDelimiter(":").parseHex("02:00:00:00:06:01");
        byte[] frame = NeighbourAdvert.frame(mac, v6("2001:db8:6::200"), false);
        // keepalived 2.2.7's unsolicited NA for 2001:db8:6::200 as tshark -x showed it (netns pair, interface
        // not forwarding): to 33:33:00:00:00:01, from the VIP to ff02::1, hop limit 255, Override only, target
        // link-layer option with the MAC, checksum 0xef20
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo(
                "333300000001" + "020000000601" + "86dd"
                        + "60000000" + "0020" + "3a" + "ff"
                        + "20010db8000600000000000000000200" + "ff020000000000000000000000000001"
                        + "88" + "00" + "ef20" + "20000000"
                        + "20010db8000600000000000000000200"
                        + "0201" + "020000000601");
    }

    @Test
    void aForwardingInterfaceSetsTheRouterFlagAndTheChecksumFollows() {
        byte[] mac = HexFormat.ofDelimiter(":").parseHex("02:00:00:00:06:01");
        byte[] frame = NeighbourAdvert.frame(mac, v6("2001:db8:6::200"), true);
        assertThat(frame[14 + 40 + 4] & 0xff).isEqualTo(NeighbourAdvert.FLAG_ROUTER | NeighbourAdvert.FLAG_OVERRIDE);
        // the checksum is over the whole ICMPv6 message: the same frame summed with its checksum folds to 0
        assertThat(NeighbourAdvert.checksum(v6("2001:db8:6::200"), v6("ff02::1"), frame, 54, 32)).isZero();
        assertThat(frame[56] != (byte) 0xef || frame[57] != 0x20).isTrue();
    }
}
