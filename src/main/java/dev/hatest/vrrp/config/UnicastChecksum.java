package dev.hatest.vrrp.config;

/**
 * keepalived's old_unicast_checksum: keepalived up to 1.3.6 computed a unicast VRRPv3 advert's checksum over a
 * pseudo-header naming 224.0.0.18 as the destination, not the peer. Newer keepalived sends the right checksum
 * but accepts an old one from a peer and then answers in kind.
 */
public enum UnicastChecksum {
    /** No option: the RFC's checksum, switching to the old one for good when a peer's advert carries it. */
    DETECT,
    /** {@code old_unicast_checksum}: the old checksum, sent and expected. */
    OLD,
    /** {@code old_unicast_checksum never}: the RFC's checksum only. */
    NEVER
}
