package dev.hatest.vrrp.io;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.net.Inet6Address;
import java.net.UnknownHostException;

/**
 * One recvmsg(2) call's buffers, laid out by hand for LP64 Linux (x86_64, aarch64): struct msghdr (56 octets),
 * one struct iovec, a struct sockaddr_in6 for the sender and room for the IPV6_PKTINFO and IPV6_HOPLIMIT
 * control messages. A new one per call: the receiving thread and the loop's {@code readPending} both read.
 */
final class Msghdr {

    private static final int NAME = 28;
    private static final int CONTROL = 128;

    private final Memory header = new Memory(56);
    private final Memory iov = new Memory(16);
    private final Memory name = new Memory(NAME);
    private final Memory control = new Memory(CONTROL);
    private final Memory data;

    Msghdr(int capacity) {
        data = new Memory(capacity);
        header.clear();
        name.clear();
        control.clear();
        iov.setPointer(0, data);
        iov.setLong(8, capacity);
        header.setPointer(0, name);
        header.setInt(8, NAME);
        header.setPointer(16, iov);
        header.setLong(24, 1);
        header.setPointer(32, control);
        header.setLong(40, CONTROL);
        header.setInt(48, 0);
    }

    Pointer pointer() {
        return header;
    }

    byte[] data(int length) {
        return data.getByteArray(0, length);
    }

    /** The sender, from msg_name. */
    Inet6Address source() {
        return v6(name.getByteArray(8, 16));
    }

    /** The destination (IPV6_PKTINFO) and hop limit (IPV6_HOPLIMIT) the control messages carried. */
    Ancillary ancillary() {
        long length = header.getLong(40);
        Inet6Address destination = null;
        int hopLimit = -1;
        long at = 0;
        while (at + 16 <= length) {
            long cmsgLength = control.getLong(at);
            int level = control.getInt(at + 8);
            int type = control.getInt(at + 12);
            if (cmsgLength < 16 || at + cmsgLength > length) {
                break;
            }
            if (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_PKTINFO && cmsgLength >= 16 + 20) {
                destination = v6(control.getByteArray(at + 16, 16));
            } else if (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_HOPLIMIT && cmsgLength >= 16 + 4) {
                hopLimit = control.getInt(at + 16);
            }
            at += (cmsgLength + 7) & ~7L;
        }
        return new Ancillary(destination, hopLimit);
    }

    record Ancillary(Inet6Address destination, int hopLimit) {
    }

    private static Inet6Address v6(byte[] a) {
        try {
            return Inet6Address.getByAddress(null, a, -1);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
