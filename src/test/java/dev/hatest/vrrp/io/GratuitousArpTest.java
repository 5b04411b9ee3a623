package dev.hatest.vrrp.io;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static dev.hatest.vrrp.packet.VrrpCodec.v4;
import static org.assertj.core.api.Assertions.assertThat;

class GratuitousArpTest {

    @Test
    void theFrameIsKeepalivedsByteForByte() {
        byte[] mac = HexFormat.ofDelimiter(":").parseHex("02:00:00:00:00:01");
        byte[] frame = GratuitousArp.frame(mac, v4("198.19.0.200"));
        // keepalived 2.2.7's GARP as tcpdump -xx showed it: broadcast, ARP, request from the real MAC, sender
        // and target IP the VIP, target MAC ff:ff:ff:ff:ff:ff
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo(
                "ffffffffffff" + "020000000001" + "0806"
                        + "0001" + "0800" + "0604" + "0001"
                        + "020000000001" + "c61300c8"
                        + "ffffffffffff" + "c61300c8");
    }
}
