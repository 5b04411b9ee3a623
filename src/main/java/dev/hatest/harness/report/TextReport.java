package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.LoadAnalysis;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation;
import dev.hatest.harness.history.Requests;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The readable summary: the timeline of what mattered, each takeover's steps, and the verdicts. */
public final class TextReport {

    /** What the timeline shows besides the client's requests (adverts, GARPs seen and marks would drown it). */
    private static final Set<Class<? extends Observation>> TIMELINE = Set.of(Observation.Nemesis.class, Observation.StateChange.class,
            Observation.NodeCondition.class, Observation.PriorityChange.class, Observation.AddressChange.class, Observation.GarpSent.class,
            Observation.Phase.class, Observation.Reload.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private TextReport() {
    }

    public static String render(RunReport r) {
        StringBuilder b = new StringBuilder();
        b.append(r.title()).append('\n').append('\n').append("Timeline (UTC)\n");
        Map<String, String> lastClient = new java.util.HashMap<>();
        boolean severalVips = r.events().stream().filter(Requests::is).map(Requests::vip).distinct().count() > 1;
        for (Event e : r.events()) {
            if (Requests.is(e)) {
                // The probe runs every 20 ms: show only where its answer changes.
                String vip = Requests.vip(e);
                String now = (Requests.ok(e) ? "ok from " + Requests.detail(e) : "failing (" + Requests.detail(e) + ")");
                if (!now.equals(lastClient.get(vip))) {
                    line(b, e, "client", (severalVips ? vip + " " : "") + "requests " + now);
                    lastClient.put(vip, now);
                }
            } else if (TIMELINE.contains(e.what().getClass()) || (e.what() instanceof Observation.Neighbour && e.source().equals("client"))) {
                line(b, e, e.source(), e.kind() + " " + e.value());
            }
        }
        for (Failover f : r.failovers()) {
            b.append('\n').append("Takeover after '").append(f.fault()).append("': ").append(f.from()).append(" -> ")
                    .append(f.to()).append(String.format(", client outage %.0f ms (%d failed requests)%n", f.outageMs(), f.failedRequests()));
            for (Map.Entry<String, Double> s : f.steps().entrySet()) {
                b.append(String.format("  %-28s %s%n", s.getKey(), s.getValue() == null ? "not seen" : String.format("+%.0f ms", s.getValue())));
            }
        }
        for (LoadAnalysis.Figures f : r.load()) {
            load(b, r.analysis().load(), f);
        }
        b.append('\n').append("Verdicts").append(r.boundFormula() == null ? "" : " (outage bound: " + r.boundFormula() + ")").append('\n');
        for (Verdict v : r.verdicts()) {
            b.append(String.format("  %-4s %-20s %-40s bound %s%n", v.outcome() == Verdict.Outcome.UNKNOWN ? "????" : v.outcome(), v.name(),
                    v.measured(), v.bound()));
            if (v.detail() != null && !v.detail().isEmpty()) {
                b.append("       ").append(v.detail()).append('\n');
            }
        }
        if (r.broken() != null) {
            b.append('\n').append("COULD NOT JUDGE: ").append(r.broken()).append('\n');
        } else {
            b.append('\n').append(r.outcome() == Verdict.Outcome.PASS ? "PASSED" : r.outcome() == Verdict.Outcome.FAIL ? "FAILED"
                    : "COULD NOT JUDGE: a verdict is unknown").append('\n');
        }
        return b.toString();
    }

    /** What the load's users saw of one step. */
    private static void load(StringBuilder b, LoadAnalysis.Spec s, LoadAnalysis.Figures f) {
        int served = f.requests() - f.failedCount();
        String when = f.step().equals("rollout ") ? "during the rollout" : "after '" + f.fault() + "'";
        b.append('\n').append(String.format(Locale.ROOT, "Load of %s through %s %s (%.1f s to the %s's end):%n",
                s.rateText(), s.vip(), when, (f.toMicros() - f.faultAtMicros()) / 1e6, f.step().equals("rollout ") ? "rollout" : "step"));
        b.append(String.format(Locale.ROOT, "  %d requests: %d served%s, %d failed (%s)%n", f.requests(), served,
                f.servedBy().isEmpty() ? "" : " " + new java.util.TreeMap<>(f.servedBy()).toString().replace('=', ' ').replace('{', '(').replace('}', ')'),
                f.failedCount(), f.failedByKind()));
        b.append(String.format(Locale.ROOT, "  keep-alive connections ended by a failure: %d (of %d connections); responses cut mid-way: %d"
                + " (%d of %d downloads)%n", f.connectionsLost(), f.connections(), f.cut(), f.downloadsCut(), f.downloads()));
        b.append(String.format(Locale.ROOT, "  longest with nothing served %.0f ms; latency from when due p50 %s, p99 %s (timeout %d ms)%n",
                f.longestGapMs(), ms(f.p50Ms()), ms(f.p99Ms()), s.timeoutMs()));
        if (f.servedStale() > 0) {
            b.append(String.format(Locale.ROOT, "  %d served by a node whose daemon was dead or paused (a stale VIP: no VRRP daemon stood behind it)%n",
                    f.servedStale()));
        }
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static void line(StringBuilder b, Event e, String source, String text) {
        b.append(String.format("  %s  %-8s %s%n", TIME.format(Instant.ofEpochMilli(e.timeMicros() / 1000)), source, text));
    }
}
