package dev.hatest.vrrp.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;

/**
 * An interface's index, MAC and primary address, looked up by name: its first IPv4 address, or for an IPv6
 * instance its first link-local one (RFC 5798 5.1.2.1: "the IPv6 link-local address of the interface over
 * which the packet is transmitted").
 */
public record NetInterface(String name, int index, byte[] mac, InetAddress primaryAddress) {

    /**
     * Whether the interface is up with a working link, from {@code /sys/class/net/NAME/operstate}: "up", or
     * "unknown" for drivers that don't report it. An interface that doesn't exist is down.
     */
    public static boolean linkUp(String name) {
        try {
            String state = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", name, "operstate")).strip();
            return state.equals("up") || state.equals("unknown");
        } catch (IOException e) {
            return false;
        }
    }

    /** IFA_F_TENTATIVE, and IFA_F_DADFAILED: the flags of /proc/net/if_inet6 that say "not usable yet" or "never". */
    private static final int TENTATIVE = 0x40;
    private static final int DADFAILED = 0x08;

    /**
     * Whether a source that can't be bound yet is worth waiting for: it is tentative (duplicate address detection
     * still running), or it is an IPv6 link-local address in any state. The kernel gives an interface its
     * link-local address when the link comes up, and redoes it when the link goes down and up while the container
     * starts (seen under load: the address listed and tentative, then not bindable, then added again a second
     * later). A global source that is missing, or one whose DAD failed, is never coming.
     */
    static boolean notYetUsable(String ifInet6, InetAddress address, String name) {
        if (tentative(ifInet6, address, name)) {
            return true;
        }
        // A link-local address is the kernel's own, redone whenever the link comes up: whatever state it is in
        // now (gone, or its duplicate address detection failed while the link flapped), it may be back in a moment.
        return address.isLinkLocalAddress() && address instanceof java.net.Inet6Address;
    }

    /**
     * Whether {@code /proc/net/if_inet6}'s text ({@code ifInet6}: address in 32 hex digits, index, prefix, scope,
     * flags, name per line) lists {@code address} on {@code name} as tentative, duplicate address detection not
     * yet done (and not failed).
     */
    static boolean tentative(String ifInet6, InetAddress address, String name) {
        StringBuilder hex = new StringBuilder();
        for (byte b : address.getAddress()) {
            hex.append(String.format("%02x", b & 0xff));
        }
        for (String line : ifInet6.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equalsIgnoreCase(hex.toString()) && f[5].equals(name)) {
                int flags = Integer.parseInt(f[4], 16);
                return (flags & TENTATIVE) != 0 && (flags & DADFAILED) == 0;
            }
        }
        return false;
    }

    /**
     * An interface's index and MAC, for a VIP's own {@code dev} (which may have no IPv4 address of its own);
     * primaryAddress is null.
     */
    public static NetInterface link(String name) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) {
                throw new IllegalStateException("no interface named " + name);
            }
            byte[] mac = ni.getHardwareAddress();
            return new NetInterface(name, ni.getIndex(), mac == null ? new byte[6] : mac, null);
        } catch (SocketException e) {
            throw new UncheckedIOException(new IOException("cannot read interface " + name, e));
        }
    }

    /**
     * Looks the interface up. The primary address is the first IPv4 address that is not one of
     * {@code exclude} (the VIPs, which may still be there after a crash).
     */
    public static NetInterface lookup(String name, Collection<? extends InetAddress> exclude) {
        return lookup(name, exclude, false);
    }

    /**
     * Looks the interface up for an instance of one family: for IPv6 the primary address is the first
     * link-local address (fe80::/10) that is not one of {@code exclude}.
     */
    public static NetInterface lookup(String name, Collection<? extends InetAddress> exclude, boolean ipv6) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) {
                throw new IllegalStateException("no interface named " + name);
            }
            InetAddress primary = null;
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                InetAddress a = ia.getAddress();
                boolean fits = ipv6 ? a instanceof Inet6Address && a.isLinkLocalAddress() : a instanceof Inet4Address;
                if (fits && !exclude.contains(a)) {
                    primary = a;
                    break;
                }
            }
            if (primary == null) {
                throw new IllegalStateException("interface " + name + (ipv6 ? " has no IPv6 link-local address" : " has no IPv4 address"));
            }
            byte[] mac = ni.getHardwareAddress();
            return new NetInterface(name, ni.getIndex(), mac == null ? new byte[6] : mac, primary);
        } catch (SocketException e) {
            throw new UncheckedIOException(new IOException("cannot read interface " + name, e));
        }
    }
}
