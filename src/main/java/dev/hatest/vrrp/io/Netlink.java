package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** One acknowledged request to the kernel over netlink: rtnetlink's VIPs, nfnetlink's firewall set. */
final class Netlink {

    private static final short NLMSG_ERROR = 2;

    private Netlink() {
    }

    /**
     * Sends {@code message} (one or more netlink messages, one of which asks for an acknowledgement) on a
     * {@code protocol} socket and returns the errno the kernel acknowledged it with: 0 when done.
     *
     * @param what the request as a person would write it, for errors
     */
    static int acknowledged(int protocol, byte[] message, String what) throws IOException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_RAW, protocol);
        } catch (LastErrorException e) {
            throw new IOException(what + ": no netlink socket (errno " + e.getErrorCode() + ")", e);
        }
        try {
            byte[] timeout = Sockaddr.timeval(5000);
            Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, timeout.length);
            byte[] kernel = Sockaddr.netlink(0);
            Libc.C.sendto(fd, message, message.length, 0, kernel, kernel.length);
            byte[] reply = new byte[1024];
            int n = Libc.C.recv(fd, reply, reply.length, 0);
            ByteBuffer b = ByteBuffer.wrap(reply, 0, n).order(ByteOrder.nativeOrder());
            if (n < 20 || b.getShort(4) != NLMSG_ERROR) {
                throw new IOException(what + ": unexpected netlink reply");
            }
            return -b.getInt(16);
        } catch (LastErrorException e) {
            throw new IOException(what + ": errno " + e.getErrorCode(), e);
        } finally {
            Libc.C.close(fd);
        }
    }
}
