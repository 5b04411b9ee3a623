package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;
import dev.hatest.vrrp.packet.VrrpCodec;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.Arrays;

/**
 * Raw IP protocol 112 sockets on one interface, as keepalived opens them: one to send (bound to the advert
 * source address, multicast TTL 255, loopback off) and one to receive (joined to 224.0.0.18 and bound to
 * the device). The kernel writes the IP header on send; received datagrams include it.
 */
public final class VrrpSocket implements AutoCloseable {

    private final int sendFd;
    private final int receiveFd;

    public VrrpSocket(NetInterface iface, Inet4Address source) throws IOException {
        try {
            sendFd = Libc.C.socket(Libc.AF_INET, Libc.SOCK_RAW, VrrpCodec.IPPROTO_VRRP);
            Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, Sockaddr.intValue(VrrpCodec.TTL), 4);
            Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_TTL, Sockaddr.intValue(VrrpCodec.TTL), 4);
            Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, Sockaddr.intValue(0), 4);
            byte[] mreqn = Sockaddr.mreqn(source, iface.index());
            Libc.C.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn, mreqn.length);
            byte[] bindTo = Sockaddr.in(source);
            Libc.C.bind(sendFd, bindTo, bindTo.length);

            receiveFd = Libc.C.socket(Libc.AF_INET, Libc.SOCK_RAW, VrrpCodec.IPPROTO_VRRP);
            byte[] dev = Arrays.copyOf(iface.name().getBytes(), iface.name().length() + 1);
            Libc.C.setsockopt(receiveFd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, dev, dev.length);
            byte[] join = Sockaddr.mreqn(VrrpCodec.MULTICAST_GROUP, iface.index());
            Libc.C.setsockopt(receiveFd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, join, join.length);
            byte[] timeout = Sockaddr.timeval(1000);
            Libc.C.setsockopt(receiveFd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, timeout.length);
        } catch (LastErrorException e) {
            throw new IOException("cannot open VRRP sockets on " + iface.name() + " from " + source.getHostAddress()
                    + ": errno " + e.getErrorCode() + " (needs CAP_NET_RAW)", e);
        }
    }

    public void send(byte[] message, Inet4Address destination) throws IOException {
        byte[] to = Sockaddr.in(destination);
        try {
            Libc.C.sendto(sendFd, message, message.length, 0, to, to.length);
        } catch (LastErrorException e) {
            throw new IOException("sendto " + destination.getHostAddress() + ": errno " + e.getErrorCode(), e);
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

    /** Reads one datagram into {@code buffer}; returns its length, or -1 when the 1 s timeout passed (so that a stopping daemon notices). */
    public int receive(byte[] buffer) throws IOException {
        return receive(buffer, 0);
    }

    private int receive(byte[] buffer, int flags) throws IOException {
        try {
            int n = Libc.receive(receiveFd, buffer, flags);
            return n == Libc.OVERRUN ? -1 : n;
        } catch (LastErrorException e) {
            throw new IOException("recv: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        Libc.C.close(sendFd);
        Libc.C.close(receiveFd);
    }
}
