package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a takeover out of the History: for a fault, who served before and after, the client-observed outage,
 * and when each step of the takeover happened. A pure function of the events.
 */
public final class TakeoverChecker {

    private TakeoverChecker() {
    }

    /** The failover that followed the fault event {@code fault}, up to {@code until} (µs). */
    public static Failover failover(List<Event> events, Event fault, String vip, long until) {
        long t0 = fault.timeMicros();
        String from = lastOk(events, t0).map(Event::value).orElse(null);
        Event firstFail = first(events, t0, until, e -> e.kind().equals(Kinds.HTTP_FAIL) && e.source().equals("client"));
        double outageMs = 0;
        int failed = 0;
        Event recovered;
        if (firstFail != null) {
            Event before = lastOk(events, firstFail.timeMicros()).orElse(null);
            recovered = first(events, firstFail.timeMicros(), until, e -> e.kind().equals(Kinds.HTTP_OK));
            long start = before == null ? firstFail.timeMicros() : before.timeMicros();
            long end = recovered == null ? until : recovered.timeMicros();
            outageMs = (end - start) / 1000.0;
            long failEnd = end;
            failed = (int) events.stream().filter(e -> e.kind().equals(Kinds.HTTP_FAIL)
                    && e.timeMicros() >= firstFail.timeMicros() && e.timeMicros() <= failEnd).count();
        } else {
            recovered = first(events, t0, until, e -> e.kind().equals(Kinds.HTTP_OK) && from != null && !e.value().equals(from));
        }
        String to = recovered == null ? null : lastOk(events, until).map(Event::value).orElse(null);
        Map<String, Double> steps = new LinkedHashMap<>();
        String newMaster = to == null || to.equals(from) ? null : to;
        steps.put(Failover.NEW_MASTER, offset(t0, first(events, t0, until,
                e -> e.kind().equals(Kinds.STATE) && e.source().equals(newMaster) && e.value().contains("->MASTER"))));
        steps.put(Failover.VIP_ADDED, offset(t0, first(events, t0, until,
                e -> e.kind().equals(Kinds.VIP_ADD) && e.source().equals(newMaster) && e.value().equals(vip))));
        steps.put(Failover.FIRST_GARP, offset(t0, first(events, t0, until,
                e -> e.kind().equals(Kinds.GARP) && e.source().equals(newMaster))));
        String macBefore = null;
        for (Event e : events) {
            if (e.timeMicros() >= t0) {
                break;
            }
            if (isClientNeigh(e, vip)) {
                macBefore = mac(e);
            }
        }
        String oldMac = macBefore;
        steps.put(Failover.ARP_MOVED, offset(t0, first(events, t0, until,
                e -> newMaster != null && isClientNeigh(e, vip) && !mac(e).equals(oldMac))));
        steps.put(Failover.FIRST_OK, offset(t0, first(events, t0, until,
                e -> e.kind().equals(Kinds.HTTP_OK) && e.value().equals(newMaster))));
        String what = fault.kind().equals(Kinds.HEAL) ? "heal of " + fault.value() : fault.value();
        return new Failover(what, t0, from, to, outageMs, failed, steps);
    }

    /** The outage verdict: a failover happened from {@code expectFrom} to another node, within {@code boundMs}. */
    public static Verdict verdict(Failover f, String expectFrom, double boundMs) {
        boolean moved = f.from() != null && f.to() != null && !f.to().equals(f.from());
        boolean rightFrom = expectFrom == null || expectFrom.equals(f.from());
        boolean passed = moved && rightFrom && f.outageMs() <= boundMs;
        String detail = "after '" + f.fault() + "': served by " + f.from() + " then " + f.to()
                + ", " + f.failedRequests() + " failed requests";
        return Verdict.of("takeover", passed, String.format("%.0f ms", f.outageMs()), String.format("<= %.0f ms", boundMs),
                moved ? detail : detail + " (no failover seen)");
    }

    private static boolean isClientNeigh(Event e, String vip) {
        return e.kind().equals(Kinds.NEIGH) && e.source().equals("client") && e.value().startsWith(vip + " ");
    }

    /** The MAC in a neighbour event's value, "ADDRESS MAC STATE". */
    private static String mac(Event e) {
        String[] f = e.value().split(" ");
        return f.length > 1 ? f[1] : "";
    }

    private static Double offset(long t0, Event e) {
        return e == null ? null : (e.timeMicros() - t0) / 1000.0;
    }

    static Optional<Event> lastOk(List<Event> events, long before) {
        Event last = null;
        for (Event e : events) {
            if (e.timeMicros() >= before) {
                break;
            }
            if (e.kind().equals(Kinds.HTTP_OK)) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    static Event first(List<Event> events, long after, long until, java.util.function.Predicate<Event> p) {
        for (Event e : events) {
            if (e.timeMicros() >= after && e.timeMicros() <= until && p.test(e)) {
                return e;
            }
        }
        return null;
    }
}
