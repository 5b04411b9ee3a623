package dev.hatest.harness.junit;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.report.TextReport;
import dev.hatest.harness.scenario.ChaosRun;

import java.util.List;
import java.util.Map;

/**
 * What one injected {@link Fault} led to, judged as {@code hatest chaos} judges it: the verdicts (takeover
 * within its bound, the right winner, one master at a time, the clients' ARP entries moved, the failback...),
 * and for a takeover, the client-observed outage and its steps. Check it with {@link HaAssertions}.
 */
public final class Takeover {

    private final String fault;
    private final ChaosRun.StepResult result;
    private final RunReport report;

    Takeover(String fault, ChaosRun.StepResult result, RunReport report) {
        this.fault = fault;
        this.result = result;
        this.report = report;
    }

    /** What was injected and where, e.g. "kill -9 nginx on lb01". */
    public String fault() {
        return fault;
    }

    /** Whether every verdict passed: the outcome the fault implies (or was told to expect), within its bounds. */
    public boolean passed() {
        return result.passed();
    }

    /**
     * What the fault had to lead to: what the configs imply for it where it landed, or what {@link Fault#expect}
     * said. Null when it was never injected (the cluster did not settle on one master first).
     */
    public Fault.Outcome expectedOutcome() {
        return result.plan() == null ? null : Fault.Outcome.valueOf(result.plan().outcome().name());
    }

    /**
     * What broke the run, when it could not be judged (a container or the engine gone mid-run): its verdicts are
     * then {@link Verdict.Outcome#UNKNOWN}, which says nothing of the pair. Empty when it was judged.
     */
    public java.util.Optional<String> couldNotJudge() {
        if (result.broken() != null) {
            return java.util.Optional.of(result.broken());
        }
        return result.verdicts().stream().filter(Verdict::unknown).map(v -> v.name() + ": " + v.detail()).findFirst();
    }

    /**
     * What the client's load ({@link HaCluster#withLoad}) saw of this fault: failed requests by kind, connections
     * lost, responses cut, the longest time with nothing served, latency and its 100 ms series. Empty without a load.
     */
    public java.util.Optional<dev.hatest.harness.check.LoadAnalysis.Figures> load() {
        return report.load().stream().findFirst();
    }

    /** Every verdict: name, passed, measured, bound, how the bound was derived. */
    public List<Verdict> verdicts() {
        return result.verdicts();
    }

    /** The verdict named so (e.g. "takeover", "single master", "winner") or with that id ("single-master"), if there is one. */
    public java.util.Optional<Verdict> verdict(String name) {
        return result.verdicts().stream().filter(v -> v.name().equals(name) || v.id().equals(name)).findFirst();
    }

    /** The master when the fault was injected. */
    public String from() {
        return result.master();
    }

    /** The node that took the VIP over, or null when none did (e.g. a fault on the backup). */
    public String to() {
        Failover f = failover();
        return f == null ? null : f.to();
    }

    /**
     * The client-observed outage in ms: last good response before the first failure to the first good one after;
     * 0 when none failed, and 0 too when nothing took over: assert on it with {@link HaAssertions}, which tells the
     * two apart.
     */
    public double outageMs() {
        Failover f = failover();
        return f == null ? 0 : f.outageMs();
    }

    /** How many of the client's requests failed during the takeover. */
    public int failedRequests() {
        Failover f = failover();
        return f == null ? 0 : f.failedRequests();
    }

    /**
     * The takeover's steps, in ms after the fault (last advert from the old master, the new master's
     * transition, VIP added, first gratuitous ARP, the client's ARP entry moved, first successful response);
     * a step missing from the history is absent. Empty when nothing took over.
     */
    public Map<String, Double> steps() {
        Failover f = failover();
        if (f == null) {
            return Map.of();
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        f.steps().forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The takeover's bound in ms, as the verdict states it (derived from the timers unless told), or NaN. */
    public double boundMs() {
        return result.plan() == null ? Double.NaN : result.plan().bound().millis();
    }

    /** How the bound was derived, e.g. "advert_int 1000 ms x 3 + ...". */
    public String boundFormula() {
        return result.plan() == null ? "" : result.plan().bound().formula();
    }

    /** Every failover this fault caused: the takeover and, after a heal with preempt, the failback. */
    public List<Failover> failovers() {
        return result.failovers();
    }

    /** The run as the CLI reports it, for {@code JsonReport}, {@code HtmlReport} or {@code JunitXmlReport}. */
    public RunReport report() {
        return report;
    }

    private Failover failover() {
        return result.failovers().isEmpty() ? null : result.failovers().get(0);
    }

    /** The verdicts and the takeover's steps, as {@code hatest chaos} prints them. */
    @Override
    public String toString() {
        return TextReport.render(report);
    }
}
