package dev.hatest.vrrp.io;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Gratuitous ARP (RFC 5227 "ARP Announcement"): an ARP request whose sender and target protocol addresses
 * are both the VIP, broadcast so that hosts and switches re-point the VIP at this interface's MAC. The frame
 * is byte for byte keepalived 2.2.7's (measured): 42 bytes, target hardware address ff:ff:ff:ff:ff:ff.
 */
public final class GratuitousArp {

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private GratuitousArp() {
    }

    static byte[] frame(byte[] mac, Inet4Address vip) {
        ByteBuffer b = ByteBuffer.allocate(42); // Ethernet header + ARP; the driver pads if it must
        b.put(BROADCAST).put(mac, 0, 6).putShort((short) Libc.ETH_P_ARP);
        b.putShort((short) 1);      // hardware type: Ethernet
        b.putShort((short) 0x0800); // protocol type: IPv4
        b.put((byte) 6).put((byte) 4);
        b.putShort((short) 1);      // op: request
        b.put(mac, 0, 6).put(vip.getAddress());
        b.put(BROADCAST).put(vip.getAddress());
        return b.array();
    }

    /** Builds the frame and binds the native calls, sending nothing: see the daemon's warm-up. */
    public static void prepare(NetInterface iface, Inet4Address vip) {
        frame(iface.mac(), vip);
        Sockaddr.ll(Libc.ETH_P_ARP, iface.index(), BROADCAST);
        try {
            Libc.C.sendto(-1, new byte[1], 1, 0, new byte[20], 20);
        } catch (LastErrorException e) {
            // EBADF, as meant
        }
    }

    public static void send(NetInterface iface, Inet4Address vip, int count) throws IOException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_PACKET, Libc.SOCK_RAW, Short.reverseBytes((short) Libc.ETH_P_ARP) & 0xffff);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a packet socket: errno " + e.getErrorCode(), e);
        }
        try {
            byte[] frame = frame(iface.mac(), vip);
            byte[] to = Sockaddr.ll(Libc.ETH_P_ARP, iface.index(), BROADCAST);
            for (int i = 0; i < count; i++) {
                Libc.C.sendto(fd, frame, frame.length, 0, to, to.length);
            }
        } catch (LastErrorException e) {
            throw new IOException("sending gratuitous ARP for " + vip.getHostAddress() + ": errno " + e.getErrorCode(), e);
        } finally {
            Libc.C.close(fd);
        }
    }
}
