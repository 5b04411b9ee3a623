package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.Reload;

import java.util.List;

/** A reload must be one the daemon says it applied. */
public final class ReloadChecker {

    private ReloadChecker() {
    }

    /**
     * Whether {@code node}'s daemon reported a reload it applied after {@code since}: vrrpd's reload event, or
     * keepalived's "Reload complete". One it refused or died of fails, saying so.
     */
    public static Verdict verdict(List<Event> events, String node, long since) {
        Event r = events.stream().filter(e -> e.what() instanceof Reload && e.source().equals(node) && e.timeMicros() >= since)
                .reduce((a, b) -> b).orElse(null);
        return new Verdict("reloaded", "reloaded " + node, r != null && ((Reload) r.what()).result() == Reload.Result.APPLIED ? Verdict.Outcome.PASS
                : Verdict.Outcome.FAIL, Measure.text(r == null ? "no reload reported" : r.what().value()), Measure.text("applied"),
                "the daemon's own report of its reload (vrrpd's reload event, keepalived's \"Reload complete\")");
    }
}
