package dev.hatest.vrrp.packet;

import dev.hatest.vrrp.packet.VrrpDecodeException.Reason;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stateless encoder and decoder of VRRP adverts. The encoder writes the VRRP message (the kernel writes the
 * IP header); the decoder reads a whole IPv4 datagram as a raw socket delivers it, or an IPv6 one whose
 * 40-octet header the IPv6 socket rebuilt from what recvmsg told (an IPv6 raw socket hands over only the
 * payload). The decoder only checks
 * that a packet is well-formed (RFC 3768 7.1, RFC 5798 7.1); whether it belongs to an instance (VRID, auth,
 * interval, addresses) is the receiving instance's business.
 */
public final class VrrpCodec {

    public static final int IPPROTO_VRRP = 112;
    /** RFC 3768 5.2.2: "The IP multicast address as assigned by the IANA for VRRP is: 224.0.0.18". */
    public static final Inet4Address MULTICAST_GROUP = v4("224.0.0.18");
    /** RFC 5798 5.1.2.2: "The destination IPv6 address ... is the link-local scope multicast FF02:0:0:0:0:0:0:12". */
    public static final Inet6Address MULTICAST_GROUP6 = v6("ff02::12");
    /** RFC 3768 5.2.3: "The TTL MUST be set to 255."; RFC 5798 5.1.2.3: so must the IPv6 Hop Limit. */
    public static final int TTL = 255;
    private static final int IPV6_HEADER_LENGTH = 40;

    /** The group adverts go to in multicast mode, for an instance whose addresses are of {@code address}'s family. */
    public static InetAddress group(InetAddress address) {
        return address instanceof Inet6Address ? MULTICAST_GROUP6 : MULTICAST_GROUP;
    }

    private static final int HEADER_LENGTH = 8;

    private VrrpCodec() {
    }

    /**
     * Encodes the VRRP message. The source and destination are needed only for the v3 pseudo-header checksum.
     */
    public static byte[] encode(VrrpPacket p, InetAddress source, InetAddress destination) {
        int n = p.addresses().size();
        boolean v2 = p.version() == VrrpVersion.V2;
        int width = p.ipv6() ? 16 : 4;
        byte[] out = new byte[HEADER_LENGTH + width * n + (v2 ? VrrpPacket.AUTH_DATA_LENGTH : 0)];
        out[0] = (byte) ((p.version().number() << 4) | VrrpPacket.TYPE_ADVERTISEMENT);
        out[1] = (byte) p.vrid();
        out[2] = (byte) p.priority();
        out[3] = (byte) n;
        if (v2) {
            out[4] = (byte) p.authType().code();
            out[5] = (byte) p.advertInterval();
        } else {
            // RFC 5798 5.2.4/5.2.6: 4 reserved bits, then the 12-bit Max Advert Int in centiseconds.
            out[4] = (byte) ((p.advertInterval() >> 8) & 0x0f);
            out[5] = (byte) p.advertInterval();
        }
        int at = HEADER_LENGTH;
        for (InetAddress a : p.addresses()) {
            System.arraycopy(a.getAddress(), 0, out, at, width);
            at += width;
        }
        if (v2) {
            System.arraycopy(p.authData(), 0, out, at, VrrpPacket.AUTH_DATA_LENGTH);
        }
        int sum = v2 ? Checksum.v2(out, 0, out.length) : Checksum.v3(source, destination, out, 0, out.length);
        out[6] = (byte) (sum >> 8);
        out[7] = (byte) sum;
        return out;
    }

    /** Decodes a whole IPv4 (or rebuilt IPv6) datagram carrying VRRP. */
    public static ReceivedAdvert decode(byte[] datagram, int length) throws VrrpDecodeException {
        return decode(datagram, length, null);
    }

    /**
     * Decodes a whole IPv4 datagram carrying VRRP, checking a v3 checksum against a pseudo-header naming
     * {@code checksumDestination} (keepalived's old unicast checksum: 224.0.0.18), or the datagram's own
     * destination when null.
     */
    public static ReceivedAdvert decode(byte[] datagram, int length, InetAddress checksumDestination) throws VrrpDecodeException {
        if (length > 0 && (datagram[0] & 0xf0) == 0x60) {
            return decode6(datagram, length);
        }
        if (length < 20) {
            throw new VrrpDecodeException(Reason.TOO_SHORT, "datagram of " + length + " octets is shorter than an IPv4 header");
        }
        int versionIhl = datagram[0] & 0xff;
        if ((versionIhl >> 4) != 4) {
            throw new VrrpDecodeException(Reason.NOT_IPV4, "IP version " + (versionIhl >> 4));
        }
        int ihl = (versionIhl & 0x0f) * 4;
        if (ihl < 20 || ihl > length) {
            throw new VrrpDecodeException(Reason.BAD_IP_HEADER, "IP header length " + ihl + " with " + length + " octets");
        }
        int ttl = datagram[8] & 0xff;
        int protocol = datagram[9] & 0xff;
        if (protocol != IPPROTO_VRRP) {
            throw new VrrpDecodeException(Reason.NOT_VRRP, "IP protocol " + protocol);
        }
        int totalLength = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        // The kernel may hand over a datagram whose total length field is the host-order payload length;
        // trust what was received, bounded by the header's claim when the claim is smaller.
        int end = totalLength >= ihl && totalLength <= length ? totalLength : length;
        InetAddress source = v4(Arrays.copyOfRange(datagram, 12, 16));
        InetAddress destination = v4(Arrays.copyOfRange(datagram, 16, 20));
        // RFC 3768 7.1: "MUST verify that the IP TTL is 255".
        if (ttl != TTL) {
            throw new VrrpDecodeException(Reason.BAD_TTL, "TTL " + ttl + " from " + source.getHostAddress() + ", must be 255");
        }
        return new ReceivedAdvert(source, destination, ttl, decodeMessage(datagram, ihl, end - ihl, source,
                checksumDestination != null ? checksumDestination : destination));
    }

    /**
     * Decodes an IPv6 datagram: a 40-octet header (version 6, payload length, next header 112, hop limit,
     * source, destination), as {@link #ipv6Header} writes it, then the VRRP message.
     */
    private static ReceivedAdvert decode6(byte[] datagram, int length) throws VrrpDecodeException {
        if (length < IPV6_HEADER_LENGTH) {
            throw new VrrpDecodeException(Reason.TOO_SHORT, "datagram of " + length + " octets is shorter than an IPv6 header");
        }
        int next = datagram[6] & 0xff;
        if (next != IPPROTO_VRRP) {
            throw new VrrpDecodeException(Reason.NOT_VRRP, "IPv6 next header " + next);
        }
        int hopLimit = datagram[7] & 0xff;
        InetAddress source = address(Arrays.copyOfRange(datagram, 8, 24));
        InetAddress destination = address(Arrays.copyOfRange(datagram, 24, 40));
        // RFC 5798 7.1: "MUST verify that the IPv6 Hop Limit is 255"; keepalived checks it for multicast only,
        // and sends unicast adverts with the kernel's default hop limit (64)
        if (hopLimit != TTL && destination.isMulticastAddress()) {
            throw new VrrpDecodeException(Reason.BAD_TTL, "hop limit " + hopLimit + " from " + text(source) + ", must be 255");
        }
        VrrpPacket p = decodeMessage(datagram, IPV6_HEADER_LENGTH, length - IPV6_HEADER_LENGTH, source, destination);
        return new ReceivedAdvert(source, destination, hopLimit, p);
    }

    /** The 40-octet IPv6 header {@link #decode} reads before an IPv6 advert's VRRP message. */
    public static byte[] ipv6Header(int payloadLength, int hopLimit, InetAddress source, InetAddress destination) {
        byte[] h = new byte[IPV6_HEADER_LENGTH];
        h[0] = 0x60;
        h[4] = (byte) (payloadLength >> 8);
        h[5] = (byte) payloadLength;
        h[6] = (byte) IPPROTO_VRRP;
        h[7] = (byte) hopLimit;
        System.arraycopy(source.getAddress(), 0, h, 8, 16);
        System.arraycopy(destination.getAddress(), 0, h, 24, 16);
        return h;
    }

    /** An address as keepalived writes it in its log: dotted quad, or IPv6's shortest text, without a scope. */
    public static String text(InetAddress a) {
        if (a instanceof Inet6Address) {
            String s = a.getHostAddress();
            int pct = s.indexOf('%');
            return shortest(pct < 0 ? s : s.substring(0, pct));
        }
        return a.getHostAddress();
    }

    /** RFC 5952's text for Java's full form ("2001:db8:0:0:0:0:0:1" is "2001:db8::1"). */
    private static String shortest(String full) {
        String[] g = full.split(":", -1);
        int bestAt = -1;
        int bestLength = 1;
        for (int i = 0; i < g.length; ) {
            int j = i;
            while (j < g.length && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestAt = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestAt < 0) {
            return full;
        }
        String head = String.join(":", Arrays.asList(g).subList(0, bestAt));
        String tail = String.join(":", Arrays.asList(g).subList(bestAt + bestLength, g.length));
        return head + "::" + tail;
    }

    /** Decodes a VRRP message (no IP header); the addresses are of {@code source}'s family. */
    public static VrrpPacket decodeMessage(byte[] b, int offset, int length, InetAddress source, InetAddress destination)
            throws VrrpDecodeException {
        if (length < HEADER_LENGTH + 4) {
            throw new VrrpDecodeException(Reason.TOO_SHORT, "VRRP message of " + length + " octets");
        }
        int versionNumber = (b[offset] & 0xff) >> 4;
        int type = b[offset] & 0x0f;
        // RFC 3768 7.1: "MUST verify the VRRP version"; we accept the two versions we speak.
        if (versionNumber != 2 && versionNumber != 3) {
            throw new VrrpDecodeException(Reason.BAD_VERSION, "VRRP version " + versionNumber);
        }
        VrrpVersion version = VrrpVersion.of(versionNumber);
        if (type != VrrpPacket.TYPE_ADVERTISEMENT) {
            throw new VrrpDecodeException(Reason.BAD_TYPE, "VRRP type " + type);
        }
        int vrid = b[offset + 1] & 0xff;
        int priority = b[offset + 2] & 0xff;
        int count = b[offset + 3] & 0xff;
        boolean v2 = version == VrrpVersion.V2;
        boolean six = source instanceof Inet6Address;
        // RFC 5798 5.1.2 and 7.1: VRRP over IPv6 is version 3 only.
        if (six && v2) {
            throw new VrrpDecodeException(Reason.BAD_VERSION, "VRRP version 2 over IPv6 from " + text(source));
        }
        int width = six ? 16 : 4;
        int expected = HEADER_LENGTH + width * count + (v2 ? VrrpPacket.AUTH_DATA_LENGTH : 0);
        // RFC 3768 7.1: "MUST verify that the received packet contains the complete VRRP packet".
        if (count == 0 || length < expected) {
            throw new VrrpDecodeException(Reason.BAD_LENGTH,
                    "VRRP message of " + length + " octets with " + count + " addresses needs " + expected);
        }
        if (vrid == 0) {
            throw new VrrpDecodeException(Reason.BAD_LENGTH, "VRID 0 is not valid");
        }
        // RFC 3768 7.1: "MUST verify the VRRP checksum". keepalived sums what the header says it sent.
        int sum = v2 ? Checksum.v2(b, offset, expected) : Checksum.v3(source, destination, b, offset, expected);
        if (sum != 0) {
            throw new VrrpDecodeException(Reason.BAD_CHECKSUM, "bad checksum from " + text(source));
        }
        AuthType authType = AuthType.NONE;
        int interval;
        if (v2) {
            authType = AuthType.fromCode(b[offset + 4] & 0xff);
            if (authType == null) {
                throw new VrrpDecodeException(Reason.BAD_AUTH_TYPE, "auth type " + (b[offset + 4] & 0xff));
            }
            interval = b[offset + 5] & 0xff;
        } else {
            interval = ((b[offset + 4] & 0x0f) << 8) | (b[offset + 5] & 0xff);
        }
        if (interval == 0) {
            throw new VrrpDecodeException(Reason.BAD_LENGTH, "advert interval 0");
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++, at += width) {
            addresses.add(address(Arrays.copyOfRange(b, at, at + width)));
        }
        byte[] auth = v2 ? Arrays.copyOfRange(b, at, at + VrrpPacket.AUTH_DATA_LENGTH) : null;
        return new VrrpPacket(version, vrid, priority, interval, authType, auth, addresses);
    }

    /** 4 octets as IPv4, 16 as IPv6 (an IPv4-mapped one too: getByAddress(byte[]) would make it IPv4). */
    private static InetAddress address(byte[] a) {
        try {
            return a.length == 16 ? Inet6Address.getByAddress(null, a, -1) : InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses an IPv6 literal (no scope), never touching DNS: a string without ':' is refused before any lookup. */
    public static Inet6Address v6(String text) {
        if (text == null || !text.contains(":") || text.contains("%") || text.startsWith("[")) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            // a literal with ':' is parsed, never looked up (InetAddress refuses a bad one as "invalid IPv6 address")
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet6Address six) {
                return six;
            }
            // an IPv4-mapped literal (::ffff:a.b.c.d) comes back as IPv4; keepalived takes it as IPv6 (it has a ':')
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
            return Inet6Address.getByAddress(null, mapped, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }

    /** Parses an IPv4 or IPv6 literal, never touching DNS. */
    public static InetAddress ip(String text) {
        return text != null && text.contains(":") ? v6(text) : v4(text);
    }

    private static Inet4Address v4(byte[] a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a dotted quad, never touching DNS. */
    public static Inet4Address v4(String dotted) {
        String[] parts = dotted == null ? new String[0] : dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            a[i] = (byte) Integer.parseInt(parts[i]);
        }
        return v4(a);
    }
}
