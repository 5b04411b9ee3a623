package dev.hatest.vrrp.packet;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.util.List;

import static dev.hatest.vrrp.packet.VrrpCodec.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VrrpCodecTest {

    private static final Inet4Address SRC = v4("198.18.0.201");
    private static final Inet4Address VIP = v4("198.18.0.200");

    @Test
    void v2AdvertPutsEachFieldAtItsRfc3768Offset() {
        byte[] b = VrrpCodec.encode(VrrpPacket.v2Pass(51, 101, 1, "1111", List.of(VIP)), SRC, VrrpCodec.MULTICAST_GROUP);

        // RFC 3768 5.1: version|type, VRID, priority, count, auth type, adver int, checksum, addresses, auth data
        assertThat(b).hasSize(8 + 4 + 8);
        assertThat(b[0]).isEqualTo((byte) 0x21);
        assertThat(b[1] & 0xff).isEqualTo(51);
        assertThat(b[2] & 0xff).isEqualTo(101);
        assertThat(b[3]).isEqualTo((byte) 1);
        assertThat(b[4]).isEqualTo((byte) 1); // Simple Text Password
        assertThat(b[5]).isEqualTo((byte) 1);
        assertThat(new byte[]{b[8], b[9], b[10], b[11]}).isEqualTo(VIP.getAddress());
        assertThat(new String(b, 12, 4)).isEqualTo("1111");
        assertThat(new byte[]{b[16], b[17], b[18], b[19]}).containsOnly(0);
        // The checksum over the whole message, checksum included, folds to zero.
        assertThat(Checksum.v2(b, 0, b.length)).isZero();
    }

    @Test
    void v2ChecksumMatchesAHandComputedValue() {
        byte[] b = VrrpCodec.encode(VrrpPacket.v2Pass(51, 101, 1, "1111", List.of(VIP)), SRC, VrrpCodec.MULTICAST_GROUP);
        // 16-bit words: 2133 6501 0101 0000 c612 00c8 3131 3131 0000 0000 -> sum 0x1b071 -> fold 0xb072 -> ~ 0x4f8d
        assertThat(((b[6] & 0xff) << 8) | (b[7] & 0xff)).isEqualTo(0x4f8d);
    }

    @Test
    void v3AdvertCarriesCentisecondsAndAPseudoHeaderChecksum() {
        VrrpPacket p = new VrrpPacket(VrrpVersion.V3, 7, 200, 5, AuthType.NONE, null, List.of(VIP));
        byte[] b = VrrpCodec.encode(p, SRC, VrrpCodec.MULTICAST_GROUP);

        assertThat(b).hasSize(12);
        assertThat(b[0]).isEqualTo((byte) 0x31);
        assertThat(((b[4] & 0x0f) << 8) | (b[5] & 0xff)).isEqualTo(5);
        assertThat(Checksum.v3(SRC, VrrpCodec.MULTICAST_GROUP, b, 0, b.length)).isZero();
        assertThat(Checksum.v2(b, 0, b.length)).as("v3 sums a pseudo-header too").isNotZero();
    }

    @Test
    void decodingWhatWasEncodedGivesTheSamePacket() throws Exception {
        VrrpPacket p = VrrpPacket.v2Pass(51, 100, 3, "secret99", List.of(VIP, v4("198.18.0.199")));
        byte[] datagram = ip(VrrpCodec.encode(p, SRC, VrrpCodec.MULTICAST_GROUP), 255);

        ReceivedAdvert r = VrrpCodec.decode(datagram, datagram.length);

        assertThat(r.packet()).isEqualTo(p);
        assertThat(r.source()).isEqualTo(SRC);
        assertThat(r.destination()).isEqualTo(VrrpCodec.MULTICAST_GROUP);
        assertThat(r.packet().password()).isEqualTo("secret99");
    }

    @Test
    void rejectsATtlOtherThan255() {
        byte[] d = ip(VrrpCodec.encode(VrrpPacket.v2Pass(51, 100, 1, "1111", List.of(VIP)), SRC, VrrpCodec.MULTICAST_GROUP), 64);
        assertThatThrownBy(() -> VrrpCodec.decode(d, d.length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_TTL));
    }

    @Test
    void rejectsABadChecksum() {
        byte[] d = ip(VrrpCodec.encode(VrrpPacket.v2Pass(51, 100, 1, "1111", List.of(VIP)), SRC, VrrpCodec.MULTICAST_GROUP), 255);
        d[20 + 2] ^= 1; // flip a priority bit after the checksum was computed
        assertThatThrownBy(() -> VrrpCodec.decode(d, d.length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_CHECKSUM));
    }

    @Test
    void rejectsATruncatedPacket() {
        byte[] d = ip(VrrpCodec.encode(VrrpPacket.v2Pass(51, 100, 1, "1111", List.of(VIP)), SRC, VrrpCodec.MULTICAST_GROUP), 255);
        assertThatThrownBy(() -> VrrpCodec.decode(d, d.length - 5))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_LENGTH));
    }

    @Test
    void rejectsAnUnknownVersionAndType() {
        byte[] m = VrrpCodec.encode(VrrpPacket.v2Pass(51, 100, 1, "1111", List.of(VIP)), SRC, VrrpCodec.MULTICAST_GROUP);
        byte[] v4 = m.clone();
        v4[0] = 0x41; // version 4, type 1
        assertThatThrownBy(() -> VrrpCodec.decode(ip(v4, 255), ip(v4, 255).length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_VERSION));
        byte[] type2 = m.clone();
        type2[0] = 0x22; // version 2, type 2
        assertThatThrownBy(() -> VrrpCodec.decode(ip(type2, 255), ip(type2, 255).length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_TYPE));
    }

    /** Wraps a VRRP message in a minimal IPv4 header, as a raw socket delivers it. */
    @Test
    void aUnicastV3ChecksumOverTheMulticastGroupIsKeepalivedsOldOneAndChecksOnlyAsSuch() throws Exception {
        Inet4Address peer = v4("198.18.0.202");
        VrrpPacket p = new VrrpPacket(VrrpVersion.V3, 51, 100, 100, AuthType.NONE, null, List.of(VIP));
        // sent to the peer, but summed over 224.0.0.18, as keepalived <= 1.3.6 did
        byte[] old = ip(VrrpCodec.encode(p, SRC, VrrpCodec.MULTICAST_GROUP), 255);
        System.arraycopy(peer.getAddress(), 0, old, 16, 4);

        assertThatThrownBy(() -> VrrpCodec.decode(old, old.length)).isInstanceOf(VrrpDecodeException.class)
                .extracting(e -> ((VrrpDecodeException) e).reason()).isEqualTo(VrrpDecodeException.Reason.BAD_CHECKSUM);
        assertThat(VrrpCodec.decode(old, old.length, VrrpCodec.MULTICAST_GROUP).packet()).isEqualTo(p);

        byte[] rfc = ip(VrrpCodec.encode(p, SRC, peer), 255);
        System.arraycopy(peer.getAddress(), 0, rfc, 16, 4);
        assertThat(VrrpCodec.decode(rfc, rfc.length).packet()).isEqualTo(p);
        assertThatThrownBy(() -> VrrpCodec.decode(rfc, rfc.length, VrrpCodec.MULTICAST_GROUP)).isInstanceOf(VrrpDecodeException.class);
    }

    /** keepalived 2.2.7's VRRPv3 advert over IPv6, as tshark -x showed it in a netns pair. */
    private static final String KEEPALIVED_V6_ADVERT = "313d6501006436" + "7f" + "20010db8000600000000000000000200";

    @Test
    void anIpv6AdvertIsKeepalivedsByteForByteWithItsPseudoHeaderChecksum() throws VrrpDecodeException {
        java.net.InetAddress src = VrrpCodec.v6("fe80::ff:fe00:601");
        VrrpPacket p = new VrrpPacket(VrrpVersion.V3, 61, 101, 100, AuthType.NONE, null, List.of(VrrpCodec.v6("2001:db8:6::200")));
        byte[] m = VrrpCodec.encode(p, src, VrrpCodec.MULTICAST_GROUP6);
        assertThat(java.util.HexFormat.of().formatHex(m)).isEqualTo(KEEPALIVED_V6_ADVERT);

        byte[] d = ipv6(m, 255, src);
        ReceivedAdvert r = VrrpCodec.decode(d, d.length);
        assertThat(r.packet()).isEqualTo(p);
        assertThat(r.source()).isEqualTo(src);
        assertThat(r.destination()).isEqualTo(VrrpCodec.MULTICAST_GROUP6);
        assertThat(VrrpCodec.text(r.source())).isEqualTo("fe80::ff:fe00:601");
    }

    @Test
    void ipv6AdvertsAreCheckedAsRfc5798Says() {
        java.net.InetAddress src = VrrpCodec.v6("fe80::2");
        VrrpPacket p = new VrrpPacket(VrrpVersion.V3, 61, 100, 100, AuthType.NONE, null, List.of(VrrpCodec.v6("fd00::200")));
        byte[] m = VrrpCodec.encode(p, src, VrrpCodec.MULTICAST_GROUP6);
        // multicast with a hop limit below 255: from off the link
        assertThatThrownBy(() -> VrrpCodec.decode(ipv6(m, 64, src), 40 + m.length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_TTL));
        // a checksum over another source
        assertThatThrownBy(() -> VrrpCodec.decode(ipv6(m, 255, VrrpCodec.v6("fe80::3")), 40 + m.length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_CHECKSUM));
        // version 2 over IPv6 is not VRRP (RFC 5798 5.1.2)
        byte[] v2 = m.clone();
        v2[0] = 0x21;
        assertThatThrownBy(() -> VrrpCodec.decode(ipv6(v2, 255, src), 40 + v2.length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_VERSION));
        // a count of two addresses in a message that carries one
        byte[] two = m.clone();
        two[3] = 2;
        assertThatThrownBy(() -> VrrpCodec.decode(ipv6(two, 255, src), 40 + two.length))
                .isInstanceOfSatisfying(VrrpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(VrrpDecodeException.Reason.BAD_LENGTH));
    }

    @Test
    void aUnicastIpv6AdvertNeedsNoHopLimitOf255AsKeepalivedSendsItWith64() throws VrrpDecodeException {
        java.net.InetAddress src = VrrpCodec.v6("fe80::2");
        java.net.InetAddress dst = VrrpCodec.v6("fe80::1");
        VrrpPacket p = new VrrpPacket(VrrpVersion.V3, 61, 100, 100, AuthType.NONE, null, List.of(VrrpCodec.v6("fd00::200")));
        byte[] m = VrrpCodec.encode(p, src, dst);
        byte[] h = VrrpCodec.ipv6Header(m.length, 64, src, dst);
        byte[] d = java.util.Arrays.copyOf(h, h.length + m.length);
        System.arraycopy(m, 0, d, h.length, m.length);
        assertThat(VrrpCodec.decode(d, d.length).ttl()).isEqualTo(64);
    }

    @Test
    void ipv6TextIsTheShortestForm() {
        assertThat(VrrpCodec.text(VrrpCodec.v6("2001:0db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(VrrpCodec.text(VrrpCodec.v6("ff02::12"))).isEqualTo("ff02::12");
        assertThat(VrrpCodec.text(VrrpCodec.v6("::1"))).isEqualTo("::1");
        assertThat(VrrpCodec.text(VrrpCodec.v6("fd00:1:2:3:4:5:6:7"))).isEqualTo("fd00:1:2:3:4:5:6:7");
        assertThatThrownBy(() -> VrrpCodec.v6("lb01")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] ipv6(byte[] vrrp, int hopLimit, java.net.InetAddress src) {
        byte[] h = VrrpCodec.ipv6Header(vrrp.length, hopLimit, src, VrrpCodec.MULTICAST_GROUP6);
        byte[] d = java.util.Arrays.copyOf(h, h.length + vrrp.length);
        System.arraycopy(vrrp, 0, d, h.length, vrrp.length);
        return d;
    }

    static byte[] ip(byte[] vrrp, int ttl) {
        byte[] d = new byte[20 + vrrp.length];
        d[0] = 0x45;
        d[2] = (byte) (d.length >> 8);
        d[3] = (byte) d.length;
        d[8] = (byte) ttl;
        d[9] = (byte) VrrpCodec.IPPROTO_VRRP;
        System.arraycopy(SRC.getAddress(), 0, d, 12, 4);
        System.arraycopy(VrrpCodec.MULTICAST_GROUP.getAddress(), 0, d, 16, 4);
        System.arraycopy(vrrp, 0, d, 20, vrrp.length);
        return d;
    }
}
