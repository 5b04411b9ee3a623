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
        byte[] d = VrrpCodecTest.ip(VrrpCodec.encode(p, SRC, VrrpCodec.MULTICAST_GROUP), 255);
        for (int i = 0; i < positions.size(); i++) {
            d[positions.get(i) % d.length] = values[i];
        }
        int length = Math.max(0, Math.min(d.length, d.length + lengthChange));
        decodeOrReject(d, length);
    }

    @Property(tries = 10_000)
    void decodingWhatTheEncoderWroteGivesTheSameAdvert(@ForAll("adverts") VrrpPacket p) throws VrrpDecodeException {
        byte[] d = VrrpCodecTest.ip(VrrpCodec.encode(p, SRC, VrrpCodec.MULTICAST_GROUP), 255);
        ReceivedAdvert r = VrrpCodec.decode(d, d.length);
        assertThat(r.packet()).isEqualTo(p);
        assertThat(r.source()).isEqualTo(SRC);
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
        Arbitrary<List<Inet4Address>> addresses = Arbitraries.integers().list().ofMinSize(1).ofMaxSize(12)
                .map(ints -> ints.stream().map(VrrpCodecPropertiesTest::address).toList());
        Arbitrary<VrrpPacket> v2 = Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 255), Arbitraries.strings().ascii().ofMaxLength(8).injectNull(0.3), addresses)
                .as((vrid, prio, interval, pass, addrs) -> new VrrpPacket(VrrpVersion.V2, vrid, prio, interval,
                        pass == null ? AuthType.NONE : AuthType.PASS, pass == null ? null : pass.getBytes(java.nio.charset.StandardCharsets.US_ASCII), addrs));
        Arbitrary<VrrpPacket> v3 = Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 4095), addresses)
                .as((vrid, prio, interval, addrs) -> new VrrpPacket(VrrpVersion.V3, vrid, prio, interval, AuthType.NONE, null, addrs));
        return Arbitraries.oneOf(v2, v3);
    }

    private static Inet4Address address(int bits) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{(byte) (bits >> 24), (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
