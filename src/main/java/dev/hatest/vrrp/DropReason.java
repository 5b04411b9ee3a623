package dev.hatest.vrrp;

/**
 * Why a received packet was dropped, counted per instance (decode failures are counted per interface).
 * Never thrown: a bad packet is a number in /status and a log line, not an error.
 */
public enum DropReason {
    TOO_SHORT,
    NOT_IPV4,
    BAD_IP_HEADER,
    NOT_VRRP,
    BAD_TTL,
    BAD_VERSION,
    BAD_TYPE,
    BAD_LENGTH,
    BAD_CHECKSUM,
    BAD_AUTH_TYPE,
    AUTH_MISMATCH,
    INTERVAL_MISMATCH,
    ADDRESS_MISMATCH,
    /** In unicast mode, an advert from an address that is not a unicast_peer. */
    NOT_A_PEER
}
