package dev.hatest.vrrp.packet;

import java.net.InetAddress;

/** The Internet checksum (RFC 1071) as VRRP uses it. */
public final class Checksum {

    private Checksum() {
    }

    /**
     * RFC 3768 5.3.8: "the 16-bit one's complement of the one's complement sum of the entire VRRP message
     * starting with the version field", computed with the checksum field set to zero.
     */
    public static int v2(byte[] message, int offset, int length) {
        return fold(sum(0, message, offset, length));
    }

    /**
     * RFC 5798 5.2.8: the same sum, but over a pseudo-header prepended to the VRRP message: for IPv4 (RFC 768)
     * source, destination, zero, protocol 112, VRRP length; for IPv6 (RFC 2460 8.1) source, destination, the
     * 32-bit upper-layer length, three zero octets and next header 112. The two families' sums differ only in
     * the addresses' length: the length's upper 16 bits are zero.
     */
    public static int v3(InetAddress source, InetAddress destination, byte[] message, int offset, int length) {
        byte[] src = source.getAddress();
        byte[] dst = destination.getAddress();
        long s = sum(0, src, 0, src.length);
        s = sum(s, dst, 0, dst.length);
        s += VrrpCodec.IPPROTO_VRRP;
        s += length;
        return fold(sum(s, message, offset, length));
    }

    private static long sum(long acc, byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8;
        }
        return acc;
    }

    private static int fold(long s) {
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }
}
