package dev.hatest.vrrp.fsm;

import dev.hatest.vrrp.packet.VrrpVersion;

/** The timer arithmetic of RFC 3768 6.1 and RFC 5798 6.1, in microseconds, as keepalived computes it. */
public final class Timers {

    private static final long SECOND = 1_000_000L;

    private Timers() {
    }

    /**
     * Skew_Time. v2 (RFC 3768): "((256 - Priority) / 256)" seconds. v3 (RFC 5798):
     * "(((256 - priority) * Master_Adver_Interval) / 256)".
     */
    public static long skew(VrrpVersion version, int priority, long masterAdvertIntervalMicros) {
        long scale = version == VrrpVersion.V2 ? SECOND : masterAdvertIntervalMicros;
        return (256 - priority) * scale / 256;
    }

    /** Master_Down_Interval: "(3 * Advertisement_Interval) + Skew_Time". */
    public static long masterDown(VrrpVersion version, int priority, long masterAdvertIntervalMicros) {
        return 3 * masterAdvertIntervalMicros + skew(version, priority, masterAdvertIntervalMicros);
    }
}
