package dev.hatest.vrrp.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;

/** An interface's index, MAC and primary IPv4 address, looked up by name. */
public record NetInterface(String name, int index, byte[] mac, Inet4Address primaryAddress) {

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
    public static NetInterface lookup(String name, Collection<Inet4Address> exclude) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) {
                throw new IllegalStateException("no interface named " + name);
            }
            Inet4Address primary = null;
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                if (ia.getAddress() instanceof Inet4Address a && !exclude.contains(a)) {
                    primary = a;
                    break;
                }
            }
            if (primary == null) {
                throw new IllegalStateException("interface " + name + " has no IPv4 address");
            }
            byte[] mac = ni.getHardwareAddress();
            return new NetInterface(name, ni.getIndex(), mac == null ? new byte[6] : mac, primary);
        } catch (SocketException e) {
            throw new UncheckedIOException(new IOException("cannot read interface " + name, e));
        }
    }
}
