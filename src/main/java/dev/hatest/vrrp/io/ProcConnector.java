package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's process events connector (PROC_EVENTS), through a NETLINK_CONNECTOR socket, as keepalived's
 * track_process listens to it: every fork, exec, name change and exit on the machine, as it happens.
 *
 * <p>The kernel answers the subscription only in the initial network namespace (elsewhere {@code sendto} is
 * refused, errno 111), and acknowledges it only to a process in the initial user and PID namespaces. Inside a
 * container neither holds, so {@link #open} fails there with the reason and the caller watches /proc instead.
 */
public final class ProcConnector implements AutoCloseable {

    /** One process event; {@code pid}/{@code tgid} are the child's for a fork. */
    public record Event(Kind kind, int pid, int tgid) {
    }

    public enum Kind {
        FORK, EXEC, COMM, EXIT,
        /** The socket's buffer overflowed and events were lost: look at every process again. */
        OVERRUN
    }

    private static final int CN_IDX_PROC = 1;
    private static final int CN_VAL_PROC = 1;
    private static final int NLMSG_DONE = 3;
    private static final int PROC_CN_MCAST_LISTEN = 1;
    private static final int PROC_EVENT_NONE = 0;
    private static final int PROC_EVENT_FORK = 0x1;
    private static final int PROC_EVENT_EXEC = 0x2;
    private static final int PROC_EVENT_COMM = 0x200;
    private static final int PROC_EVENT_EXIT = 0x80000000;
    /** nlmsghdr (16) + cn_msg (20): where struct proc_event starts. */
    private static final int EVENT = 36;
    /** proc_event's what (4), cpu (4) and timestamp_ns (8): where its union starts. */
    private static final int DATA = EVENT + 16;

    private final int fd;
    private final byte[] buffer = new byte[4096];

    private ProcConnector(int fd) {
        this.fd = fd;
    }

    /**
     * Subscribes to process events and waits up to {@code ackMillis} for the kernel to confirm.
     *
     * @throws IOException with the reason when the connector is not available here
     */
    public static ProcConnector open(int ackMillis) throws IOException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM, Libc.NETLINK_CONNECTOR);
        } catch (LastErrorException e) {
            throw new IOException("no NETLINK_CONNECTOR socket (errno " + e.getErrorCode() + ")", e);
        }
        ProcConnector c = new ProcConnector(fd);
        try {
            byte[] size = Sockaddr.intValue(1 << 20);
            Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4);
            byte[] timeout = Sockaddr.timeval(ackMillis);
            Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, timeout.length);
            byte[] local = Sockaddr.netlink(CN_IDX_PROC);
            Libc.C.bind(fd, local, local.length);
            byte[] listen = listenMessage();
            byte[] kernel = Sockaddr.netlink(0);
            Libc.C.sendto(fd, listen, listen.length, 0, kernel, kernel.length);
        } catch (LastErrorException e) {
            c.close();
            throw new IOException("the kernel refused the process events subscription (errno " + e.getErrorCode()
                    + (e.getErrorCode() == 111 ? ": not in the initial network namespace" : "") + ")", e);
        }
        long deadline = System.nanoTime() + ackMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            int n = c.receive();
            if (n == -2) {
                continue;
            }
            if (n < 0) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(c.buffer, 0, n).order(ByteOrder.nativeOrder());
            if (n >= DATA + 4 && b.getInt(16) == CN_IDX_PROC && b.getInt(EVENT) == PROC_EVENT_NONE) {
                int err = b.getInt(DATA);
                if (err != 0) {
                    c.close();
                    throw new IOException("the kernel refused the process events subscription (error " + err + ")");
                }
                try {
                    byte[] forever = Sockaddr.timeval(500);
                    Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, forever, forever.length);
                } catch (LastErrorException e) {
                    // keeps the ack timeout; next() copes with either
                }
                return c;
            }
        }
        c.close();
        throw new IOException("the kernel did not confirm the process events subscription within " + ackMillis
                + " ms (not in the initial user and PID namespaces?)");
    }

    /**
     * The next process event, or null when none came within 500 ms (so the caller can check whether to go
     * on). Threads (a pid that is not its tgid) are left out, except a fork's child thread, which is too.
     */
    public Event next() throws IOException {
        while (true) {
            int n = receive();
            if (n == -1) {
                return null;
            }
            if (n == -2) {
                return new Event(Kind.OVERRUN, 0, 0);
            }
            if (n < DATA + 8) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
            if (b.getInt(16) != CN_IDX_PROC || b.getInt(20) != CN_VAL_PROC) {
                continue;
            }
            int what = b.getInt(EVENT);
            Event e = switch (what) {
                // fork: parent_pid, parent_tgid, child_pid, child_tgid
                case PROC_EVENT_FORK -> n >= DATA + 16 ? new Event(Kind.FORK, b.getInt(DATA + 8), b.getInt(DATA + 12)) : null;
                case PROC_EVENT_EXEC -> new Event(Kind.EXEC, b.getInt(DATA), b.getInt(DATA + 4));
                case PROC_EVENT_COMM -> new Event(Kind.COMM, b.getInt(DATA), b.getInt(DATA + 4));
                case PROC_EVENT_EXIT -> new Event(Kind.EXIT, b.getInt(DATA), b.getInt(DATA + 4));
                default -> null;
            };
            if (e != null && e.pid() == e.tgid()) {
                return e;
            }
        }
    }

    /** One datagram's length; -1 on timeout; -2 when the socket overflowed. */
    private int receive() throws IOException {
        try {
            return Libc.receive(fd, buffer, 0);
        } catch (LastErrorException e) {
            throw new IOException("process events: recv errno " + e.getErrorCode(), e);
        }
    }

    /** nlmsghdr + cn_msg + PROC_CN_MCAST_LISTEN. */
    private static byte[] listenMessage() {
        return ByteBuffer.allocate(40).order(ByteOrder.nativeOrder())
                .putInt(40).putShort((short) NLMSG_DONE).putShort((short) 0).putInt(0).putInt(0)
                .putInt(CN_IDX_PROC).putInt(CN_VAL_PROC).putInt(0).putInt(0).putShort((short) 4).putShort((short) 0)
                .putInt(PROC_CN_MCAST_LISTEN)
                .array();
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
