package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Adds and removes VIPs through rtnetlink (RTM_NEWADDR / RTM_DELADDR), as keepalived does: the address is on
 * the interface when the kernel's acknowledgement comes back, tens of microseconds after the call. (Running
 * iproute2 instead costs a process start, 3-4 ms, between the transition and the VIP.) Adding replaces an
 * address that is already there, like {@code ip addr replace}; removing one that is absent is not an error.
 */
public final class VipAddresses {

    private static final int NETLINK_ROUTE = 0;
    private static final short RTM_NEWADDR = 20;
    private static final short RTM_DELADDR = 21;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_ACK = 0x4;
    private static final short NLM_F_REPLACE = 0x100;
    private static final short NLM_F_CREATE = 0x400;
    private static final short IFA_ADDRESS = 1;
    private static final short IFA_LOCAL = 2;
    private static final short IFA_LABEL = 3;
    private static final int EADDRNOTAVAIL = 99;
    /** IFA_F_NODAD: an IPv6 VIP is usable at once, never "tentative" while duplicate address detection runs. */
    static final byte IFA_F_NODAD = 0x02;
    private static final short IFA_CACHEINFO = 6;
    private static final int INFINITY_LIFE_TIME = 0xffffffff;

    private VipAddresses() {
    }

    /** {@code cidr}: "a.b.c.d/len" or "x::y/len" (or a bare address, /32 or /128). */
    public static void add(String cidr, String device, String label) throws IOException {
        request(RTM_NEWADDR, (short) (NLM_F_CREATE | NLM_F_REPLACE), cidr, device, label, "ip addr replace " + cidr + " dev " + device);
    }

    public static void remove(String cidr, String device) throws IOException {
        request(RTM_DELADDR, (short) 0, cidr, device, null, "ip addr del " + cidr + " dev " + device);
    }

    private static void request(short type, short flags, String cidr, String device, String label, String what) throws IOException {
        int slash = cidr.indexOf('/');
        InetAddress address;
        int prefix;
        try {
            address = dev.hatest.vrrp.packet.VrrpCodec.ip(slash < 0 ? cidr : cidr.substring(0, slash));
            prefix = slash < 0 ? (address instanceof Inet6Address ? 128 : 32) : Integer.parseInt(cidr.substring(slash + 1));
        } catch (RuntimeException e) {
            throw new IOException(what + ": not an IP address", e);
        }
        int index;
        try {
            index = Libc.C.if_nametoindex(device);
        } catch (LastErrorException e) {
            index = 0;
        }
        if (index == 0) {
            throw new IOException(what + ": no interface " + device);
        }
        byte[] message = message(type, flags, address, prefix, index, label);
        int error = Netlink.acknowledged(NETLINK_ROUTE, message, what);
        if (error != 0 && !(type == RTM_DELADDR && error == EADDRNOTAVAIL)) {
            throw new IOException(what + ": errno " + error);
        }
    }

    /**
     * nlmsghdr + ifaddrmsg + IFA_LOCAL, IFA_ADDRESS and (when given) IFA_LABEL. An IPv6 address is added
     * with IFA_F_NODAD, as keepalived adds it; the scope is left to the kernel (0), as keepalived leaves it.
     */
    static byte[] message(short type, short flags, InetAddress address, int prefix, int index, String label) {
        boolean six = address instanceof Inet6Address;
        int width = six ? 16 : 4;
        byte[] name = label == null || six ? null : (label + "\0").getBytes(StandardCharsets.US_ASCII);
        // keepalived: a /128 VIP is deprecated (preferred lifetime 0), so that the kernel never picks it as a source
        boolean deprecated = six && prefix == 128 && type == RTM_NEWADDR;
        int length = 16 + 8 + 2 * (4 + width) + (name == null ? 0 : align(4 + name.length)) + (deprecated ? 20 : 0);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putInt(length).putShort(type).putShort((short) (NLM_F_REQUEST | NLM_F_ACK | flags)).putInt(1).putInt(0);
        // scope 0: the kernel gives an IPv6 address the scope of its kind, as keepalived leaves it
        b.put((byte) (six ? Libc.AF_INET6 : Libc.AF_INET)).put((byte) prefix).put(six ? IFA_F_NODAD : 0).put((byte) 0).putInt(index);
        b.putShort((short) (4 + width)).putShort(IFA_LOCAL).put(address.getAddress());
        b.putShort((short) (4 + width)).putShort(IFA_ADDRESS).put(address.getAddress());
        if (deprecated) {
            b.putShort((short) 20).putShort(IFA_CACHEINFO).putInt(0).putInt(INFINITY_LIFE_TIME).putInt(0).putInt(0);
        }
        if (name != null) {
            b.putShort((short) (4 + name.length)).putShort(IFA_LABEL).put(name);
        }
        return b.array();
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }
}
