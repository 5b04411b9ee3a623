package dev.hatest.vrrp.fsm;

import dev.hatest.vrrp.packet.VrrpVersion;

import java.net.InetAddress;

/**
 * The configuration of one virtual router as the state machine needs it.
 *
 * @param version              VRRP version: decides Skew_Time's formula
 * @param basePriority         the configured priority, 1..255 (255: the address owner)
 * @param advertIntervalMicros Advertisement_Interval
 * @param preempt              Preempt_Mode; false for keepalived's nopreempt
 * @param primaryAddress       this router's address on the interface, for the equal-priority tie break
 * @param garpDelayMicros      keepalived's garp_master_delay: a second GARP burst this long after becoming master (0: none)
 * @param preemptDelayMicros   keepalived's preempt_delay: a backup defers preempting a lower-priority master
 *                             until this long after startup or after first hearing it (0: no delay)
 * @param garpRefreshMicros    keepalived's garp_master_refresh: while master, a GARP burst this often (0: never)
 */
public record RouterParams(VrrpVersion version, int basePriority, long advertIntervalMicros, boolean preempt,
                           InetAddress primaryAddress, long garpDelayMicros, long garpRefreshMicros,
                           long preemptDelayMicros) {

    public static final int PRIORITY_OWNER = 255;

    public RouterParams {
        if (basePriority < 1 || basePriority > 255) {
            throw new IllegalArgumentException("priority must be 1..255, got " + basePriority);
        }
        if (advertIntervalMicros <= 0) {
            throw new IllegalArgumentException("advert interval must be positive");
        }
        if (primaryAddress == null) {
            throw new IllegalArgumentException("primary address is required");
        }
    }
}
