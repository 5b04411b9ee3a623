package dev.hatest.harness.check;

import java.util.Locale;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Requests;

import java.util.List;
import java.util.Set;

/**
 * After the old master recovers: with preempt, the VIP returns to it; under nopreempt, it stays where it is.
 */
public final class FailbackChecker {

    private FailbackChecker() {
    }

    /**
     * With preempt: passes when {@code owner} is again the only live holder and serves, within {@code boundMs}
     * of the heal at {@code healAt}.
     */
    public static Verdict returned(List<Event> events, String vip, String owner, long healAt, long until, double boundMs) {
        Event back = TakeoverChecker.first(events, healAt, until, e -> Requests.servedBy(e, vip, owner)
                && VipHolders.live(events, vip, e.timeMicros()).equals(Set.of(owner)));
        Double ms = back == null ? null : (back.timeMicros() - healAt) / 1000.0;
        return Verdict.of("failback", ms != null && ms <= boundMs,
                ms == null ? Measure.text("not back on " + owner) : Measure.ms(ms, String.format(Locale.ROOT, "back on %s after %.0f ms", owner, ms)),
                Measure.ms(boundMs, String.format(Locale.ROOT, "back on %s <= %.0f ms (preempt)", owner, boundMs)), "the recovered node takes the VIP back");
    }

    /**
     * Under nopreempt: passes when {@code holder} kept the VIP from {@code from} to {@code until}, served at
     * least {@code minServed} requests in that window (the client was watching), and no one else served any.
     */
    public static Verdict stayed(List<Event> events, String vip, String holder, long from, long until, long minServed) {
        boolean kept = VipHolders.spans(events, vip, from, until).stream().allMatch(s -> s.holders().equals(Set.of(holder)));
        List<Event> served = events.stream().filter(e -> e.timeMicros() >= from && e.timeMicros() <= until
                && Requests.isFor(e, vip) && Requests.ok(e)).toList();
        long byHolder = served.stream().filter(e -> Requests.detail(e).equals(holder)).count();
        long others = served.size() - byHolder;
        return Verdict.of("no failback", kept && others == 0 && byHolder >= minServed,
                (kept ? "VIP stayed on " + holder : "VIP moved") + ", " + byHolder + " requests served by it, "
                        + others + " elsewhere",
                String.format("stays on %s for %.1f s with >= %d requests served", holder, (until - from) / 1e6, minServed),
                "the recovered node, though of higher priority, does not take the VIP back");
    }
}
