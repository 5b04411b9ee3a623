package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;

import java.util.List;

/**
 * Clients follow the VIP: after a takeover, the client's neighbour entry for the VIP points to the new
 * master's MAC. Only gratuitous ARP can do this quickly when the old holder still answers ARP for the VIP (a
 * crashed daemon's stale address, a paused node); otherwise the client waits for its entry to go stale.
 */
public final class ArpChecker {

    private ArpChecker() {
    }

    /**
     * How long after {@code from} (µs) the client's entry for {@code vip} first pointed to {@code mac}, in ms;
     * 0 when it already did; null when it never did before {@code until}.
     */
    public static Double movedAfter(List<Event> events, String vip, String mac, long from, long until) {
        if (TakeoverChecker.clientMacAt(events, vip, from).equalsIgnoreCase(mac)) {
            return 0.0;
        }
        Event moved = TakeoverChecker.first(events, from, until,
                e -> TakeoverChecker.isClientNeigh(e, vip) && TakeoverChecker.mac(e).equalsIgnoreCase(mac));
        return moved == null ? null : (moved.timeMicros() - from) / 1000.0;
    }

    public static Verdict verdict(Double movedMs, String node, String mac, double boundMs, String formula) {
        return named("client ARP moved", movedMs, node, mac, boundMs, formula);
    }

    /** The same verdict named for {@code vip}'s family: IPv6's clients hold a neighbour entry, moved by NA. */
    public static Verdict verdict(String vip, Double movedMs, String node, String mac, double boundMs, String formula) {
        return named(vip.contains(":") ? "client neighbour entry moved" : "client ARP moved", movedMs, node, mac, boundMs, formula);
    }

    private static Verdict named(String name, Double movedMs, String node, String mac, double boundMs, String formula) {
        return Verdict.of(name, movedMs != null && movedMs <= boundMs,
                movedMs == null ? Measure.text("still not " + mac) : Measure.ms(movedMs),
                Measure.atMostMs(boundMs),
                "the client's entry for the VIP points to " + node + " (" + mac + "); " + formula);
    }
}
