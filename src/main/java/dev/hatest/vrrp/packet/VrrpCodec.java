package dev.hatest.vrrp.packet;

import dev.hatest.vrrp.packet.VrrpDecodeException.Reason;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stateless encoder and decoder of VRRP adverts. The encoder writes the VRRP message (the kernel writes the
 * IP header); the decoder reads a whole IPv4 datagram as a raw socket delivers it. The decoder only checks
 * that a packet is well-formed (RFC 3768 7.1, RFC 5798 7.1); whether it belongs to an instance (VRID, auth,
 * interval, addresses) is the receiving instance's business.
 */
public final class VrrpCodec {

    public static final int IPPROTO_VRRP = 112;
    /** RFC 3768 5.2.2: "The IP multicast address as assigned by the IANA for VRRP is: 224.0.0.18". */
    public static final Inet4Address MULTICAST_GROUP = v4("224.0.0.18");
    /** RFC 3768 5.2.3: "The TTL MUST be set to 255." */
    public static final int TTL = 255;

    private static final int HEADER_LENGTH = 8;

    private VrrpCodec() {
    }

    /**
     * Encodes the VRRP message. The source and destination are needed only for the v3 pseudo-header checksum.
     */
    public static byte[] encode(VrrpPacket p, Inet4Address source, Inet4Address destination) {
        int n = p.addresses().size();
        boolean v2 = p.version() == VrrpVersion.V2;
        byte[] out = new byte[HEADER_LENGTH + 4 * n + (v2 ? VrrpPacket.AUTH_DATA_LENGTH : 0)];
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
        for (Inet4Address a : p.addresses()) {
            System.arraycopy(a.getAddress(), 0, out, at, 4);
            at += 4;
        }
        if (v2) {
            System.arraycopy(p.authData(), 0, out, at, VrrpPacket.AUTH_DATA_LENGTH);
        }
        int sum = v2 ? Checksum.v2(out, 0, out.length) : Checksum.v3(source, destination, out, 0, out.length);
        out[6] = (byte) (sum >> 8);
        out[7] = (byte) sum;
        return out;
    }

    /** Decodes a whole IPv4 datagram carrying VRRP. */
    public static ReceivedAdvert decode(byte[] datagram, int length) throws VrrpDecodeException {
        return decode(datagram, length, null);
    }

    /**
     * Decodes a whole IPv4 datagram carrying VRRP, checking a v3 checksum against a pseudo-header naming
     * {@code checksumDestination} (keepalived's old unicast checksum: 224.0.0.18), or the datagram's own
     * destination when null.
     */
    public static ReceivedAdvert decode(byte[] datagram, int length, Inet4Address checksumDestination) throws VrrpDecodeException {
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
        Inet4Address source = v4(Arrays.copyOfRange(datagram, 12, 16));
        Inet4Address destination = v4(Arrays.copyOfRange(datagram, 16, 20));
        // RFC 3768 7.1: "MUST verify that the IP TTL is 255".
        if (ttl != TTL) {
            throw new VrrpDecodeException(Reason.BAD_TTL, "TTL " + ttl + " from " + source.getHostAddress() + ", must be 255");
        }
        return new ReceivedAdvert(source, destination, ttl, decodeMessage(datagram, ihl, end - ihl, source,
                checksumDestination != null ? checksumDestination : destination));
    }

    /** Decodes a VRRP message (no IP header). */
    public static VrrpPacket decodeMessage(byte[] b, int offset, int length, Inet4Address source, Inet4Address destination)
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
        int expected = HEADER_LENGTH + 4 * count + (v2 ? VrrpPacket.AUTH_DATA_LENGTH : 0);
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
            throw new VrrpDecodeException(Reason.BAD_CHECKSUM, "bad checksum from " + source.getHostAddress());
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
        List<Inet4Address> addresses = new ArrayList<>(count);
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++, at += 4) {
            addresses.add(v4(Arrays.copyOfRange(b, at, at + 4)));
        }
        byte[] auth = v2 ? Arrays.copyOfRange(b, at, at + VrrpPacket.AUTH_DATA_LENGTH) : null;
        return new VrrpPacket(version, vrid, priority, interval, authType, auth, addresses);
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
