package dev.hatest.vrrp.packet;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One VRRP advertisement (Type 1): version 2 or 3 for IPv4, version 3 for IPv6 (RFC 5798 5.2.1: "IPvX
 * Address(es)", all of the instance's one family). Immutable; validates in its constructor.
 *
 * @param version        protocol version
 * @param vrid           Virtual Rtr ID, 1..255
 * @param priority       0 (the master is leaving) .. 255 (the address owner)
 * @param advertInterval v2: Adver Int in seconds (1..255); v3: Max Adver Int in centiseconds (1..4095)
 * @param authType       v2 only; {@link AuthType#NONE} for v3
 * @param authData       v2 only: the 8 authentication octets (PASS: the password, zero padded)
 * @param addresses      the virtual addresses, at least one, all IPv4 or all IPv6 (then version 3)
 */
public record VrrpPacket(VrrpVersion version, int vrid, int priority, int advertInterval,
                         AuthType authType, byte[] authData, List<InetAddress> addresses) {

    /** RFC 3768 5.3.1 / RFC 5798 5.2.2: the only type defined is ADVERTISEMENT. */
    public static final int TYPE_ADVERTISEMENT = 1;
    public static final int AUTH_DATA_LENGTH = 8;

    public VrrpPacket {
        if (version == null) {
            throw new IllegalArgumentException("version is required");
        }
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("VRID must be 1..255, got " + vrid);
        }
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority must be 0..255, got " + priority);
        }
        int maxInterval = version == VrrpVersion.V2 ? 255 : 4095;
        if (advertInterval < 1 || advertInterval > maxInterval) {
            throw new IllegalArgumentException("advert interval must be 1.." + maxInterval + ", got " + advertInterval);
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty() || addresses.size() > 255) {
            throw new IllegalArgumentException("1..255 addresses are required, got " + addresses.size());
        }
        boolean six = addresses.get(0) instanceof java.net.Inet6Address;
        if (addresses.stream().anyMatch(a -> (a instanceof java.net.Inet6Address) != six)) {
            throw new IllegalArgumentException("the addresses must all be IPv4 or all IPv6: " + addresses);
        }
        if (six && version != VrrpVersion.V3) {
            throw new IllegalArgumentException("IPv6 needs VRRP version 3");
        }
        authType = authType == null ? AuthType.NONE : authType;
        if (version == VrrpVersion.V3 && authType != AuthType.NONE) {
            throw new IllegalArgumentException("VRRPv3 has no authentication");
        }
        authData = authData == null ? new byte[AUTH_DATA_LENGTH] : Arrays.copyOf(authData, AUTH_DATA_LENGTH);
    }

    /** A v2 advert with PASS authentication; the password is truncated to 8 octets, as keepalived does. */
    public static VrrpPacket v2Pass(int vrid, int priority, int advertSeconds, String password, List<InetAddress> addresses) {
        byte[] pass = password.getBytes(StandardCharsets.US_ASCII);
        return new VrrpPacket(VrrpVersion.V2, vrid, priority, advertSeconds, AuthType.PASS, pass, addresses);
    }

    /** Whether the addresses are IPv6 (RFC 5798's IPv6 advert: 16-octet addresses). */
    public boolean ipv6() {
        return addresses.get(0) instanceof java.net.Inet6Address;
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    /** The PASS password as carried, without the zero padding. */
    public String password() {
        int end = 0;
        while (end < authData.length && authData[end] != 0) {
            end++;
        }
        return new String(authData, 0, end, StandardCharsets.US_ASCII);
    }

    /** The advertisement interval in milliseconds, whatever the version's unit. */
    public long advertIntervalMillis() {
        return version == VrrpVersion.V2 ? advertInterval * 1000L : advertInterval * 10L;
    }

    public VrrpPacket withPriority(int newPriority) {
        return new VrrpPacket(version, vrid, newPriority, advertInterval, authType, authData, addresses);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpPacket p && version == p.version && vrid == p.vrid && priority == p.priority
                && advertInterval == p.advertInterval && authType == p.authType
                && Arrays.equals(authData, p.authData) && addresses.equals(p.addresses);
    }

    @Override
    public int hashCode() {
        return ((version.hashCode() * 31 + vrid) * 31 + priority) * 31 + addresses.hashCode();
    }

    @Override
    public String toString() {
        return "VRRPv" + version.number() + "{vrid=" + vrid + ", priority=" + priority + ", interval=" + advertInterval
                + (authType == AuthType.NONE ? "" : ", auth=" + authType) + ", addresses=" + addresses + "}";
    }
}
