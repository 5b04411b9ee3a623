package dev.hatest.harness.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One takeover after a fault, as the client and the nodes saw it.
 *
 * @param outageMs the client-observed outage: from the last good response before the first failure to the
 *                 first good response after it; 0 when no request failed
 * @param steps    the takeover timeline, in ms after the fault: each step's name to its offset, null when the
 *                 History holds no such event
 */
public record Failover(String fault, long faultAtMicros, String from, String to, double outageMs,
                       int failedRequests, Map<String, Double> steps) {

    public static final String LAST_ADVERT = "last advert from old master";
    public static final String NEW_MASTER = "new master's transition";
    public static final String VIP_ADDED = "VIP added";
    public static final String FIRST_GARP = "first gratuitous ARP";
    public static final String ARP_MOVED = "client ARP entry moved";
    public static final String FIRST_OK = "first successful response";
    /** IPv6's {@link #FIRST_GARP}: the first unsolicited neighbour advertisement for the VIP. */
    public static final String FIRST_NA = "first unsolicited NA";
    /** IPv6's {@link #ARP_MOVED}. */
    public static final String NEIGH_MOVED = "client neighbour entry moved";

    /** The breakdown's names for the GARP and ARP steps, IPv6's for an IPv6 VIP. */
    public static String garpStep(String vip) {
        return vip.contains(":") ? FIRST_NA : FIRST_GARP;
    }

    public static String arpStep(String vip) {
        return vip.contains(":") ? NEIGH_MOVED : ARP_MOVED;
    }

    public Failover {
        steps = new LinkedHashMap<>(steps);
    }
}
