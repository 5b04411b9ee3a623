package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;
import dev.hatest.vrrp.packet.VrrpCodec;

import java.io.IOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Unsolicited Neighbour Advertisement (RFC 4861 4.4 and 7.2.6), IPv6's gratuitous ARP: sent to all nodes
 * (ff02::1, Ethernet 33:33:00:00:00:01) from the VIP, hop limit 255, Override set, Solicited clear, with the
 * interface's MAC as the target link-layer address, so that neighbours re-point their entry for the VIP. The
 * frame is built whole and sent on a packet socket, as keepalived's ndisc code does (so the source may be the
 * VIP itself however the kernel would choose). The Router flag is set when the interface forwards IPv6, as
 * keepalived sets it.
 */
public final class NeighbourAdvert {

    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final Inet6Address ALL_NODES = VrrpCodec.v6("ff02::1");
    private static final int ICMPV6_NEIGHBOUR_ADVERT = 136;
    static final int FLAG_ROUTER = 0x80;
    static final int FLAG_OVERRIDE = 0x20;
    /** ICMPv6 NA: type, code, checksum, flags + reserved, target, then one 8-octet target link-layer option. */
    private static final int ICMP_LENGTH = 4 + 4 + 16 + 8;

    private NeighbourAdvert() {
    }

    /** The Ethernet frame: 14 + 40 + 32 = 86 octets. */
    static byte[] frame(byte[] mac, Inet6Address vip, boolean router) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + ICMP_LENGTH);
        b.put(ALL_NODES_MAC).put(mac, 0, 6).putShort((short) Libc.ETH_P_IPV6);
        b.putInt(0x60000000);                       // version 6, traffic class 0, flow label 0
        b.putShort((short) ICMP_LENGTH).put((byte) Libc.IPPROTO_ICMPV6).put((byte) 255);
        b.put(vip.getAddress()).put(ALL_NODES.getAddress());
        int icmp = b.position();
        b.put((byte) ICMPV6_NEIGHBOUR_ADVERT).put((byte) 0).putShort((short) 0);
        b.put((byte) ((router ? FLAG_ROUTER : 0) | FLAG_OVERRIDE)).put((byte) 0).putShort((short) 0);
        b.put(vip.getAddress());
        b.put((byte) 2).put((byte) 1).put(mac, 0, 6);    // option 2: target link-layer address, 1 x 8 octets
        byte[] out = b.array();
        int sum = checksum(vip, ALL_NODES, out, icmp, ICMP_LENGTH);
        out[icmp + 2] = (byte) (sum >> 8);
        out[icmp + 3] = (byte) sum;
        return out;
    }

    /** The ICMPv6 checksum: RFC 4443 2.3, over the IPv6 pseudo-header with next header 58. */
    static int checksum(Inet6Address source, Inet6Address destination, byte[] b, int offset, int length) {
        long s = 0;
        byte[] src = source.getAddress();
        byte[] dst = destination.getAddress();
        for (int i = 0; i < 16; i += 2) {
            s += ((src[i] & 0xff) << 8) | (src[i + 1] & 0xff);
            s += ((dst[i] & 0xff) << 8) | (dst[i + 1] & 0xff);
        }
        s += length + Libc.IPPROTO_ICMPV6;
        for (int i = offset; i < offset + length; i += 2) {
            s += ((b[i] & 0xff) << 8) | (i + 1 < offset + length ? b[i + 1] & 0xff : 0);
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }

    /** Whether the interface forwards IPv6 (then the NA says it comes from a router). */
    static boolean forwarding(String iface) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv6/conf", iface, "forwarding")).strip().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Builds the frame and binds the native calls, sending nothing: see the daemon's warm-up. */
    public static void prepare(NetInterface iface, Inet6Address vip) {
        frame(iface.mac(), vip, forwarding(iface.name()));
        Sockaddr.ll(Libc.ETH_P_IPV6, iface.index(), ALL_NODES_MAC);
    }

    public static void send(NetInterface iface, Inet6Address vip, int count) throws IOException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_PACKET, Libc.SOCK_RAW, Short.reverseBytes((short) Libc.ETH_P_IPV6) & 0xffff);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a packet socket: errno " + e.getErrorCode(), e);
        }
        try {
            byte[] frame = frame(iface.mac(), vip, forwarding(iface.name()));
            byte[] to = Sockaddr.ll(Libc.ETH_P_IPV6, iface.index(), ALL_NODES_MAC);
            for (int i = 0; i < count; i++) {
                Libc.C.sendto(fd, frame, frame.length, 0, to, to.length);
            }
        } catch (LastErrorException e) {
            throw new IOException("sending an unsolicited NA for " + VrrpCodec.text(vip) + ": errno " + e.getErrorCode(), e);
        } finally {
            Libc.C.close(fd);
        }
    }
}
