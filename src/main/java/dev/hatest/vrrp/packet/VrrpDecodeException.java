package dev.hatest.vrrp.packet;

/** The one exception the decoder throws: a packet that is not well-formed, with the reason it was rejected. */
public final class VrrpDecodeException extends Exception {

    /** Why a received packet was dropped. Counted by reason in the daemon's status. */
    public enum Reason {
        TOO_SHORT,
        NOT_IPV4,
        BAD_IP_HEADER,
        NOT_VRRP,
        BAD_TTL,
        BAD_VERSION,
        BAD_TYPE,
        BAD_LENGTH,
        BAD_CHECKSUM,
        BAD_AUTH_TYPE
    }

    private final Reason reason;

    public VrrpDecodeException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
