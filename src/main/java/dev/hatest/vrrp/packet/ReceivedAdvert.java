package dev.hatest.vrrp.packet;

import java.net.Inet4Address;

/** A decoded advert together with the IP header fields that RFC 3768 section 7.1 asks the receiver to check. */
public record ReceivedAdvert(Inet4Address source, Inet4Address destination, int ttl, VrrpPacket packet) {
}
