package dev.hatest.vrrp.packet;

import java.net.InetAddress;

/** A decoded advert together with the IP header fields that RFC 3768 section 7.1 asks the receiver to check. */
public record ReceivedAdvert(InetAddress source, InetAddress destination, int ttl, VrrpPacket packet) {
}
