package dev.hatest.vrrp.packet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static dev.hatest.vrrp.packet.VrrpCodec.v4;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the codec over many generated packets: the decoder never throws anything but its own
 * rejection, whatever it is given, and decoding what the encoder wrote gives back the same advert.
 */
class VrrpCodecPropertiesTest {

    private static final Inet4Address SRC = v4("198.18.0.201");
    private static final InetAddress SRC6 = VrrpCodec.v6("fe80::201");

    /** What the socket hands the decoder: an IPv4 datagram, or an IPv6 one behind the header the socket rebuilt. */
    static byte[] datagram(VrrpPacket p) {
        if (!p.ipv6()) {
            return VrrpCodecTest.ip(VrrpCodec.encode(p, SRC, VrrpCodec.MULTICAST_GROUP), 255);
        }
        byte[] m = VrrpCodec.encode(p, SRC6, VrrpCodec.MULTICAST_GROUP6);
        byte[] h = VrrpCodec.ipv6Header(m.length, 255, SRC6, VrrpCodec.MULTICAST_GROUP6);
        byte[] d = java.util.Arrays.copyOf(h, h.length + m.length);
        System.arraycopy(m, 0, d, h.length, m.length);
        return d;
    }

    /** 60,000 random datagrams: most are rejected early, none may escape as another exception. */
    @Property(tries = 60_000)
    void randomBytesAreRejectedOnlyWithTheDecodersOwnException(@ForAll @Size(max = 120) byte[] datagram) {
        decodeOrReject(datagram, datagram.length);
    }

    /**
     * 60,000 valid adverts, each with 1 to 4 bytes overwritten and possibly truncated or given a wrong length:
     * these get past the early checks and exercise the deep ones.
     */
    @Property(tries = 60_000)
    void mutatedAdvertsAreRejectedOnlyWithTheDecodersOwnException(@ForAll("adverts") VrrpPacket p,
                                                                   @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 10_000) Integer> positions,
                                                                   @ForAll @Size(min = 4, max = 4) byte[] values,
                                                                   @ForAll @IntRange(min = -8, max = 4) int lengthChange) {
        byte[] d = datagram(p);
        for (int i = 0; i < positions.size(); i++) {
            d[positions.get(i) % d.length] = values[i];
        }
        int length = Math.max(0, Math.min(d.length, d.length + lengthChange));
        decodeOrReject(d, length);
    }

    @Property(tries = 10_000)
    void decodingWhatTheEncoderWroteGivesTheSameAdvert(@ForAll("adverts") VrrpPacket p) throws VrrpDecodeException {
        byte[] d = datagram(p);
        ReceivedAdvert r = VrrpCodec.decode(d, d.length);
        assertThat(r.packet()).isEqualTo(p);
        assertThat(r.source()).isEqualTo(p.ipv6() ? SRC6 : SRC);
        assertThat(r.ttl()).isEqualTo(255);
    }

    private static void decodeOrReject(byte[] d, int length) {
        try {
            VrrpCodec.decode(d, length);
        } catch (VrrpDecodeException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @Provide
    Arbitrary<VrrpPacket> adverts() {
        Arbitrary<List<InetAddress>> addresses = Arbitraries.integers().list().ofMinSize(1).ofMaxSize(12)
                .map(ints -> ints.stream().map(VrrpCodecPropertiesTest::address).toList());
        Arbitrary<VrrpPacket> v2 = Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 255), Arbitraries.strings().ascii().ofMaxLength(8).injectNull(0.3), addresses)
                .as((vrid, prio, interval, pass, addrs) -> new VrrpPacket(VrrpVersion.V2, vrid, prio, interval,
                        pass == null ? AuthType.NONE : AuthType.PASS, pass == null ? null : pass.getBytes(java.nio.charset.StandardCharsets.US_ASCII), addrs));
        Arbitrary<VrrpPacket> v3 = Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 4095), addresses)
                .as((vrid, prio, interval, addrs) -> new VrrpPacket(VrrpVersion.V3, vrid, prio, interval, AuthType.NONE, null, addrs));
        Arbitrary<List<InetAddress>> addresses6 = Arbitraries.bytes().array(byte[].class).ofSize(16).list().ofMinSize(1).ofMaxSize(12)
                .map(l -> l.stream().map(VrrpCodecPropertiesTest::address6).toList());
        Arbitrary<VrrpPacket> v3ipv6 = Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 4095), addresses6)
                .as((vrid, prio, interval, addrs) -> new VrrpPacket(VrrpVersion.V3, vrid, prio, interval, AuthType.NONE, null, addrs));
        return Arbitraries.oneOf(v2, v3, v3ipv6);
    }

    /** Any 16 octets as an IPv6 address (an IPv4-mapped one too: it stays IPv6 here). */
    private static InetAddress address6(byte[] b) {
        try {
            return java.net.Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(int bits) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{(byte) (bits >> 24), (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
