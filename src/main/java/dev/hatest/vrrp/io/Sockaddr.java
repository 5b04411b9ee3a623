package dev.hatest.vrrp.io;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The C structures the socket calls take, laid out by hand (x86_64 and aarch64 Linux). */
final class Sockaddr {

    private Sockaddr() {
    }

    /** struct sockaddr_in: family (host order), port 0, address, 8 zero octets. */
    static byte[] in(Inet4Address address) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putShort((short) Libc.AF_INET);
        b.putShort((short) 0);
        b.put(address.getAddress());
        return b.array();
    }

    /** struct sockaddr_in6: family, port 0, flow info 0, address, scope id (the interface, for link-local). */
    static byte[] in6(Inet6Address address, int scopeId) {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) Libc.AF_INET6);
        b.putShort((short) 0);
        b.putInt(0);
        b.put(address.getAddress());
        b.putInt(scopeId);
        return b.array();
    }

    /** struct ipv6_mreq: group, interface index. */
    static byte[] mreq6(Inet6Address group, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        b.put(group.getAddress());
        b.putInt(ifindex);
        return b.array();
    }

    /** struct ip_mreqn: group, local address (any), interface index. */
    static byte[] mreqn(Inet4Address group, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        b.put(group.getAddress());
        b.putInt(0);
        b.putInt(ifindex);
        return b.array();
    }

    /** struct sockaddr_ll for sending a frame to {@code mac} on {@code ifindex}. */
    static byte[] ll(int protocol, int ifindex, byte[] mac) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        b.putShort((short) Libc.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) protocol).order(ByteOrder.nativeOrder());
        b.putInt(ifindex);
        b.putShort((short) 1); // ARPHRD_ETHER
        b.put((byte) 0);
        b.put((byte) 6);
        b.put(mac, 0, 6);
        return b.array();
    }

    /** struct sockaddr_nl: family, pad, port id 0 (the kernel's, or assigned on bind), multicast groups. */
    static byte[] netlink(int groups) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) Libc.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
    }

    static byte[] intValue(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    /** struct timeval. */
    static byte[] timeval(long millis) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(millis / 1000).putLong((millis % 1000) * 1000).array();
    }
}
