package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;
import dev.hatest.vrrp.packet.VrrpCodec;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Raw IP protocol 112 sockets on one interface, as keepalived opens them: one to send (bound to the advert
 * source address, multicast TTL or hop limit 255, loopback off) and one to receive (joined to 224.0.0.18 or
 * ff02::12 and bound to the device). The kernel writes the IP header on send. Received IPv4 datagrams include
 * it; an IPv6 raw socket hands over only the payload, so the receive side asks recvmsg for the sender, the
 * destination (IPV6_PKTINFO) and the hop limit (IPV6_HOPLIMIT) and puts them in a 40-octet IPv6 header
 * ({@link VrrpCodec#ipv6Header}) before the message, for one decoder of both families. No IPV6_CHECKSUM: the
 * checksum is vrrpd's on both sides, so that a bad one is counted, not dropped unseen by the kernel.
 */
public final class VrrpSocket implements AutoCloseable {

    private final int sendFd;
    private final int receiveFd;
    private final boolean six;
    private final int ifindex;

    public VrrpSocket(NetInterface iface, InetAddress source) throws IOException {
        this.six = source instanceof Inet6Address;
        this.ifindex = iface.index();
        int family = six ? Libc.AF_INET6 : Libc.AF_INET;
        int send = -1;
        int receive = -1;
        try {
            send = Libc.C.socket(family, Libc.SOCK_RAW, VrrpCodec.IPPROTO_VRRP);
            int sendFd = send;
            byte[] dev = Arrays.copyOf(iface.name().getBytes(), iface.name().length() + 1);
            if (six) {
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_HOPS, Sockaddr.intValue(VrrpCodec.TTL), 4);
                // keepalived sets no IPV6_UNICAST_HOPS: unicast adverts go with the kernel's default hop limit
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IPV6, Libc.IPV6_TCLASS, Sockaddr.intValue(0xc0), 4);  // keepalived's CS6
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_LOOP, Sockaddr.intValue(0), 4);
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF, Sockaddr.intValue(iface.index()), 4);
                Libc.C.setsockopt(sendFd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, dev, dev.length);
                byte[] bindTo = Sockaddr.in6((Inet6Address) source, iface.index());
                Libc.C.bind(sendFd, bindTo, bindTo.length);
            } else {
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, Sockaddr.intValue(VrrpCodec.TTL), 4);
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_TTL, Sockaddr.intValue(VrrpCodec.TTL), 4);
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, Sockaddr.intValue(0), 4);
                byte[] mreqn = Sockaddr.mreqn((Inet4Address) source, iface.index());
                Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn, mreqn.length);
                byte[] bindTo = Sockaddr.in((Inet4Address) source);
                Libc.C.bind(sendFd, bindTo, bindTo.length);
            }

            receive = Libc.C.socket(family, Libc.SOCK_RAW, VrrpCodec.IPPROTO_VRRP);
            int receiveFd = receive;
            Libc.C.setsockopt(receiveFd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, dev, dev.length);
            if (six) {
                byte[] join = Sockaddr.mreq6(VrrpCodec.MULTICAST_GROUP6, iface.index());
                Libc.C.setsockopt(receiveFd, Libc.IPPROTO_IPV6, Libc.IPV6_ADD_MEMBERSHIP, join, join.length);
                Libc.C.setsockopt(receiveFd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVPKTINFO, Sockaddr.intValue(1), 4);
                Libc.C.setsockopt(receiveFd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVHOPLIMIT, Sockaddr.intValue(1), 4);
            } else {
                byte[] join = Sockaddr.mreqn(VrrpCodec.MULTICAST_GROUP, iface.index());
                Libc.C.setsockopt(receiveFd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, join, join.length);
            }
            byte[] timeout = Sockaddr.timeval(1000);
            Libc.C.setsockopt(receiveFd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, timeout.length);
        } catch (LastErrorException e) {
            // nothing half-open is left behind (an IPv6 source still in DAD is tried again and again)
            if (send >= 0) {
                Libc.C.close(send);
            }
            if (receive >= 0) {
                Libc.C.close(receive);
            }
            throw new IOException("cannot open VRRP sockets on " + iface.name() + " from " + VrrpCodec.text(source)
                    + ": errno " + e.getErrorCode() + (e.getErrorCode() == 99 ? " (the address is not on the interface)" : " (needs CAP_NET_RAW)"), e);
        }
        this.sendFd = send;
        this.receiveFd = receive;
    }

    /**
     * Opens the sockets; an IPv6 source that is still tentative (duplicate address detection runs for about a
     * second after the link comes up, and a tentative address can't be bound), or a link-local one that is not on
     * the interface right now (the kernel re-adds it when the link comes up again), is waited for, up to
     * {@code waitMillis}, and {@code waiting} is told once.
     */
    public static VrrpSocket open(NetInterface iface, InetAddress source, long waitMillis, Runnable waiting) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        boolean told = false;
        while (true) {
            try {
                return new VrrpSocket(iface, source);
            } catch (IOException e) {
                // an address still tentative, or a link-local one the kernel is adding (again) as the link comes up,
                // is waited for; a missing global one, or a failed one (DAD found a duplicate), is refused at once
                boolean tentative = source instanceof Inet6Address && e.getCause() instanceof LastErrorException l
                        && l.getErrorCode() == EADDRNOTAVAIL && NetInterface.notYetUsable(readIfInet6(), source, iface.name());
                if (!tentative || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!told) {
                    waiting.run();
                    told = true;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int EADDRNOTAVAIL = 99;

    private static String readIfInet6() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/net/if_inet6"));
        } catch (IOException e) {
            return "";
        }
    }

    public void send(byte[] message, InetAddress destination) throws IOException {
        byte[] to = destination instanceof Inet6Address d
                ? Sockaddr.in6(d, d.isLinkLocalAddress() || d.isMulticastAddress() ? ifindex : 0)
                : Sockaddr.in((Inet4Address) destination);
        try {
            Libc.C.sendto(sendFd, message, message.length, 0, to, to.length);
        } catch (LastErrorException e) {
            throw new IOException("sendto " + VrrpCodec.text(destination) + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Binds the native send call without sending (on fd -1): see the daemon's warm-up. */
    public void warmUp() {
        try {
            Libc.C.sendto(-1, new byte[1], 1, 0, Sockaddr.in(VrrpCodec.MULTICAST_GROUP), 16);
        } catch (LastErrorException e) {
            // EBADF, as meant
        }
    }

    /** Reads one datagram already waiting, without waiting; returns its length, or -1 when none is there. */
    public int receiveNow(byte[] buffer) throws IOException {
        return receive(buffer, MSG_DONTWAIT);
    }

    private static final int MSG_DONTWAIT = 0x40;
    private static final byte[] UNSPECIFIED = new byte[16];

    /** Reads one datagram into {@code buffer}; returns its length, or -1 when the 1 s timeout passed (so that a stopping daemon notices). */
    public int receive(byte[] buffer) throws IOException {
        return receive(buffer, 0);
    }

    private int receive(byte[] buffer, int flags) throws IOException {
        if (six) {
            return receive6(buffer, flags);
        }
        try {
            int n = Libc.receive(receiveFd, buffer, flags);
            return n == Libc.OVERRUN ? -1 : n;
        } catch (LastErrorException e) {
            throw new IOException("recv: errno " + e.getErrorCode(), e);
        }
    }

    private int receive6(byte[] buffer, int flags) throws IOException {
        Msghdr m = new Msghdr(buffer.length - 40);
        int n;
        try {
            n = Libc.C.recvmsg(receiveFd, m.pointer(), flags);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR || e.getErrorCode() == Libc.ENOBUFS) {
                return -1;
            }
            throw new IOException("recvmsg: errno " + e.getErrorCode(), e);
        }
        Msghdr.Ancillary a = m.ancillary();
        InetAddress source = m.source();
        byte[] header = VrrpCodec.ipv6Header(n, Math.max(a.hopLimit(), 0),
                source != null ? source : unspecified(), a.destination() != null ? a.destination() : unspecified());
        System.arraycopy(header, 0, buffer, 0, header.length);
        System.arraycopy(m.data(n), 0, buffer, header.length, n);
        return header.length + n;
    }

    private static InetAddress unspecified() {
        try {
            return InetAddress.getByAddress(UNSPECIFIED);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Libc.C.close(sendFd);
        Libc.C.close(receiveFd);
    }
}
