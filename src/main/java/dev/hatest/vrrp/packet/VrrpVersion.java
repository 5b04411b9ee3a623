package dev.hatest.vrrp.packet;

/** The VRRP protocol version, the high nibble of the first octet. */
public enum VrrpVersion {
    /** RFC 3768: advertisement interval in whole seconds, authentication fields, checksum over the message only. */
    V2(2),
    /** RFC 5798: Max Advertise Interval in centiseconds, no authentication, checksum over an IP pseudo-header. */
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static VrrpVersion of(int number) {
        for (VrrpVersion v : values()) {
            if (v.number == number) {
                return v;
            }
        }
        throw new IllegalArgumentException("VRRP version must be 2 or 3, got " + number);
    }
}
