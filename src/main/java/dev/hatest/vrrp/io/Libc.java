package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc socket calls the daemon needs, through JNA. Constants are Linux's. */
interface Libc extends Library {

    Libc C = Native.load("c", Libc.class);

    int AF_INET = 2;
    int AF_INET6 = 10;
    int IPPROTO_IPV6 = 41;
    int IPPROTO_ICMPV6 = 58;
    int IPV6_UNICAST_HOPS = 16;
    int IPV6_MULTICAST_IF = 17;
    int IPV6_MULTICAST_HOPS = 18;
    int IPV6_MULTICAST_LOOP = 19;
    int IPV6_ADD_MEMBERSHIP = 20;
    int IPV6_RECVPKTINFO = 49;
    int IPV6_PKTINFO = 50;
    int IPV6_RECVHOPLIMIT = 51;
    int IPV6_HOPLIMIT = 52;
    int IPV6_TCLASS = 67;
    int ETH_P_IPV6 = 0x86dd;
    int AF_PACKET = 17;
    int SOCK_RAW = 3;
    int SOL_SOCKET = 1;
    int SO_RCVTIMEO = 20;
    int SO_BINDTODEVICE = 25;
    int IPPROTO_IP = 0;
    int IP_TTL = 2;
    int IP_MULTICAST_IF = 32;
    int IP_MULTICAST_TTL = 33;
    int IP_MULTICAST_LOOP = 34;
    int IP_ADD_MEMBERSHIP = 35;
    int ETH_P_ARP = 0x0806;
    int EAGAIN = 11;
    int EINTR = 4;
    int ENOBUFS = 105;
    int AF_NETLINK = 16;
    int SOCK_DGRAM = 2;
    int NETLINK_CONNECTOR = 11;
    int SO_RCVBUF = 8;
    short POLLIN = 1;
    /** pidfd_open(2): the same number on x86_64 and aarch64 (Linux 5.3). */
    int SYS_PIDFD_OPEN = 434;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int sendto(int fd, byte[] buffer, int length, int flags, byte[] address, int addressLength) throws LastErrorException;

    int recv(int fd, byte[] buffer, int length, int flags) throws LastErrorException;

    /** recvmsg(2); {@code msg} is a struct msghdr (see {@link Msghdr}). */
    int recvmsg(int fd, com.sun.jna.Pointer msg, int flags) throws LastErrorException;

    /** No datagram within the timeout (or none waiting, with MSG_DONTWAIT): {@link #receive}'s answer. */
    int NOTHING = -1;
    /** The socket's buffer overflowed and datagrams were lost: {@link #receive}'s answer. */
    int OVERRUN = -2;

    /**
     * recv(2) into {@code buffer}: the datagram's length, {@link #NOTHING} or {@link #OVERRUN}.
     *
     * @throws LastErrorException for any other error
     */
    static int receive(int fd, byte[] buffer, int flags) {
        try {
            return C.recv(fd, buffer, buffer.length, flags);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                return NOTHING;
            }
            if (e.getErrorCode() == ENOBUFS) {
                return OVERRUN;
            }
            throw e;
        }
    }

    int close(int fd) throws LastErrorException;

    /** The interface's index, or 0 when there is none of that name. */
    int if_nametoindex(String name) throws LastErrorException;

    /** {@code fds}: struct pollfd { int fd; short events; short revents; } per entry, 8 bytes, host order. */
    int poll(byte[] fds, int count, int timeoutMillis) throws LastErrorException;

    int syscall(int number, Object... args) throws LastErrorException;
}
