package dev.hatest.harness.check;

import java.util.Locale;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.AddressChange;
import dev.hatest.harness.history.Observation.Advert;
import dev.hatest.harness.history.Observation.GarpSeen;
import dev.hatest.harness.history.Observation.GarpSent;
import dev.hatest.harness.history.Observation.Neighbour;
import dev.hatest.harness.history.Observation.Nemesis;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.history.Requests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a takeover out of the History: for a fault, who served before and after, the client-observed outage,
 * and when each step of the takeover happened. A pure function of the events.
 */
public final class TakeoverChecker {

    private TakeoverChecker() {
    }

    /**
     * The failover that followed the fault event {@code fault}, up to {@code until} (µs), with its steps taken
     * from any instance's events: for a node that runs one instance. See {@link #failover(List, Event, String, VipInstance, long)}.
     */
    public static Failover failover(List<Event> events, Event fault, String vip, long until) {
        return failover(events, fault, vip, null, until);
    }

    /**
     * The failover of {@code vip} that followed the fault event {@code fault}, up to {@code until} (µs): the
     * transition, GARPs and last advert are {@code carrier}'s (null: any instance's).
     */
    public static Failover failover(List<Event> events, Event fault, String vip, VipInstance carrier, long until) {
        long t0 = fault.timeMicros();
        String from = lastOk(events, vip, t0).map(Requests::detail).orElse(null);
        Event firstFail = first(events, t0, until, e -> Requests.isFor(e, vip) && !Requests.ok(e));
        double outageMs = 0;
        int failed = 0;
        Event recovered;
        if (firstFail != null) {
            Event before = lastOk(events, vip, firstFail.timeMicros()).orElse(null);
            recovered = first(events, firstFail.timeMicros(), until, e -> Requests.isFor(e, vip) && Requests.ok(e));
            long start = before == null ? firstFail.timeMicros() : before.timeMicros();
            long end = recovered == null ? until : recovered.timeMicros();
            outageMs = (end - start) / 1000.0;
            failed = (int) events.stream().filter(e -> Requests.isFor(e, vip) && !Requests.ok(e)
                    && e.timeMicros() >= firstFail.timeMicros() && e.timeMicros() <= end).count();
        } else {
            recovered = first(events, t0, until, e -> Requests.isFor(e, vip) && Requests.ok(e)
                    && from != null && !Requests.detail(e).equals(from));
        }
        String to = recovered == null ? null : lastOk(events, vip, until).map(Requests::detail).orElse(null);
        String newMaster = to == null || to.equals(from) ? null : to;
        Event transition = first(events, t0, until, e -> e.source().equals(newMaster) && toMaster(e, carrier));
        Map<String, Double> steps = new LinkedHashMap<>();
        long lastAdvertBefore = transition != null ? transition.timeMicros() : until;
        steps.put(Failover.LAST_ADVERT, offset(t0, last(events, lastAdvertBefore,
                e -> e.what() instanceof Advert a && e.source().equals(from) && (carrier == null || a.vrid() == carrier.vrid()))));
        steps.put(Failover.NEW_MASTER, offset(t0, transition));
        steps.put(Failover.VIP_ADDED, offset(t0, first(events, t0, until,
                e -> e.what() instanceof AddressChange a && a.added() && e.source().equals(newMaster) && a.address().equals(vip))));
        // What the clients saw on the wire, else what the daemon says it sent.
        Event garp = first(events, t0, until, e -> e.what() instanceof GarpSeen g && e.source().equals(newMaster) && g.address().equals(vip));
        if (garp == null) {
            garp = first(events, t0, until, e -> e.what() instanceof GarpSent g && e.source().equals(newMaster)
                    && (carrier == null || g.instance().equals(carrier.name())));
        }
        steps.put(Failover.garpStep(vip), offset(t0, garp));
        String oldMac = clientMacAt(events, vip, t0);
        steps.put(Failover.arpStep(vip), offset(t0, first(events, t0, until,
                e -> newMaster != null && isClientNeigh(e, vip) && !mac(e).equals(oldMac))));
        steps.put(Failover.FIRST_OK, offset(t0, first(events, t0, until, e -> Requests.servedBy(e, vip, newMaster))));
        String what = fault.what() instanceof Nemesis n ? (n.heal() ? "heal of " : "") + n.what() : fault.what().value();
        return new Failover(what, t0, from, to, outageMs, failed, steps);
    }

    /** A transition to MASTER of {@code carrier}'s instance (of any, for null). */
    private static boolean toMaster(Event e, VipInstance carrier) {
        return e.what() instanceof StateChange c && c.to() == VrrpState.MASTER && (carrier == null || c.instance().equals(carrier.name()));
    }

    /** The outage verdict: a failover happened from {@code expectFrom} to another node, within {@code boundMs}. */
    public static Verdict verdict(Failover f, String expectFrom, double boundMs) {
        boolean moved = f.from() != null && f.to() != null && !f.to().equals(f.from());
        boolean rightFrom = expectFrom == null || expectFrom.equals(f.from());
        boolean passed = moved && rightFrom && f.outageMs() <= boundMs;
        String detail = "after '" + f.fault() + "': served by " + f.from() + " then " + f.to()
                + ", " + f.failedRequests() + " failed requests";
        return Verdict.of("takeover", passed, Measure.ms(f.outageMs()), Measure.atMostMs(boundMs),
                moved ? detail : detail + " (no failover seen)");
    }

    /**
     * A step of the breakdown, in ms after the fault, within {@code [lowMs, highMs]}: for the protocol's
     * arithmetic, e.g. the new master's transition at Master_Down_Interval after a crash.
     */
    public static Verdict step(Failover f, String step, double lowMs, double highMs, String formula) {
        Double at = f.steps().get(step);
        return Verdict.of(step, at != null && at >= lowMs && at <= highMs,
                at == null ? Measure.text("not seen") : Measure.ms(at, String.format(Locale.ROOT, "+%.0f ms", at)),
                Measure.ms(highMs, String.format(Locale.ROOT, "+%.0f..+%.0f ms", lowMs, highMs)), formula);
    }

    /** The client's MAC for {@code vip} as of {@code at}, or "" when it had none. */
    static String clientMacAt(List<Event> events, String vip, long at) {
        String mac = "";
        for (Event e : events) {
            if (e.timeMicros() >= at) {
                break;
            }
            if (isClientNeigh(e, vip)) {
                mac = mac(e);
            }
        }
        return mac;
    }

    static boolean isClientNeigh(Event e, String vip) {
        return e.what() instanceof Neighbour n && e.source().equals(Requests.CLIENT) && n.address().equals(vip);
    }

    /** The MAC of a neighbour event. */
    static String mac(Event e) {
        return e.what() instanceof Neighbour n ? n.mac() : "";
    }

    private static Double offset(long t0, Event e) {
        return e == null ? null : (e.timeMicros() - t0) / 1000.0;
    }

    static Optional<Event> lastOk(List<Event> events, String vip, long before) {
        return Optional.ofNullable(last(events, before, e -> Requests.isFor(e, vip) && Requests.ok(e)));
    }

    /** The last event before {@code before} that matches. */
    static Event last(List<Event> events, long before, Predicate<Event> p) {
        Event last = null;
        for (Event e : events) {
            if (e.timeMicros() >= before) {
                break;
            }
            if (p.test(e)) {
                last = e;
            }
        }
        return last;
    }

    static Event first(List<Event> events, long after, long until, Predicate<Event> p) {
        for (Event e : events) {
            if (e.timeMicros() >= after && e.timeMicros() <= until && p.test(e)) {
                return e;
            }
        }
        return null;
    }
}
