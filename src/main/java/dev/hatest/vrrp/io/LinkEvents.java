package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;

import java.io.IOException;

/**
 * The kernel's link notifications (rtnetlink, RTMGRP_LINK), as keepalived follows interfaces: the watcher
 * sleeps in the kernel until a link changes, instead of polling. It says only that something changed; the
 * caller reads the states it cares about.
 */
public final class LinkEvents implements AutoCloseable {

    private static final int NETLINK_ROUTE = 0;
    private static final int RTMGRP_LINK = 1;

    private final int fd;
    private final byte[] buffer = new byte[8192];

    private LinkEvents(int fd) {
        this.fd = fd;
    }

    public static LinkEvents open() throws IOException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_RAW, NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw new IOException("no rtnetlink socket (errno " + e.getErrorCode() + ")", e);
        }
        try {
            byte[] local = Sockaddr.netlink(RTMGRP_LINK);
            Libc.C.bind(fd, local, local.length);
        } catch (LastErrorException e) {
            Libc.C.close(fd);
            throw new IOException("cannot subscribe to link notifications (errno " + e.getErrorCode() + ")", e);
        }
        return new LinkEvents(fd);
    }

    /**
     * Waits up to {@code timeoutMillis} for a link notification.
     *
     * @return whether one came (or the socket overflowed, which means some did)
     */
    public boolean await(int timeoutMillis) throws IOException {
        try {
            byte[] timeout = Sockaddr.timeval(timeoutMillis);
            Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, timeout.length);
            int n = Libc.receive(fd, buffer, 0);
            return n > 0 || n == Libc.OVERRUN;
        } catch (LastErrorException e) {
            throw new IOException("link notifications: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        try {
            Libc.C.close(fd);
        } catch (LastErrorException e) {
            // already closed
        }
    }
}
