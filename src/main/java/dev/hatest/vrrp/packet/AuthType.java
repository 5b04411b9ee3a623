package dev.hatest.vrrp.packet;

/** RFC 3768 section 5.3.6: the v2 Auth Type field. RFC 5798 removed authentication; v3 packets carry none. */
public enum AuthType {
    NONE(0),
    /** "Simple Text Password": 8 octets of password, zero padded (keepalived's auth_type PASS). */
    PASS(1),
    /** IP Authentication Header (keepalived's auth_type AH); recognised on the wire, not supported. */
    AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns the type for a wire code, or null when the code is not one RFC 3768 defines. */
    public static AuthType fromCode(int code) {
        for (AuthType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
