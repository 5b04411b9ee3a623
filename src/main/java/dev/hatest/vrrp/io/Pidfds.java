package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;

/**
 * Process file descriptors (pidfd_open(2), Linux 5.3): a pidfd becomes readable the moment its process exits,
 * so a watcher learns of a death without polling for it. Works inside a PID namespace, with the pids it sees.
 */
public final class Pidfds {

    private Pidfds() {
    }

    /** A pidfd for {@code pid}, or -1 when it is gone already or the kernel has no pidfd_open. */
    public static int open(int pid) {
        try {
            return Libc.C.syscall(Libc.SYS_PIDFD_OPEN, pid, 0);
        } catch (LastErrorException e) {
            return -1;
        }
    }

    /** Whether this kernel has pidfd_open, tried on this very process. */
    public static boolean supported() {
        int fd = open((int) ProcessHandle.current().pid());
        if (fd < 0) {
            return false;
        }
        close(fd);
        return true;
    }

    public static void close(int fd) {
        try {
            Libc.C.close(fd);
        } catch (LastErrorException e) {
            // already closed
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for any of {@code fds} to become readable (its process to exit).
     *
     * @return whether one did
     */
    public static boolean awaitExit(Collection<Integer> fds, int timeoutMillis) {
        if (fds.isEmpty()) {
            sleep(timeoutMillis);
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(8 * fds.size()).order(ByteOrder.nativeOrder());
        for (int fd : fds) {
            b.putInt(fd).putShort(Libc.POLLIN).putShort((short) 0);
        }
        byte[] array = b.array();
        try {
            return Libc.C.poll(array, fds.size(), timeoutMillis) > 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
