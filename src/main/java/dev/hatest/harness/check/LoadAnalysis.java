package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.LoadRequest;
import dev.hatest.harness.history.Observation.LoadRequest.Outcome;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Nemesis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the client's load ({@code --load}) saw of each step, from the users' side: a pure function of the run's
 * History (its {@link LoadRequest}s and the executor's marks) and the load's {@link Spec}, so a saved run gives the
 * same figures and verdicts again. A step's window runs from its fault to the end of its waits (its STEP_END mark;
 * else the next step's mark or the teardown); a request belongs to the window it was due in and ended in. Its verdicts are named
 * without the step's prefix, which the caller adds as it does to the step's other verdicts.
 */
public final class LoadAnalysis {

    /** The figures' time series: one bucket per this many ms. */
    public static final int BUCKET_MS = 100;
    /** How much of the time before a fault the series shows, for comparison. */
    public static final int BEFORE_MS = 2000;

    /**
     * The load as the analysis needs it.
     *
     * @param vip       the VIP the load went through
     * @param rate      requests per second
     * @param timeoutMs how long a user waited for a request from when it was due
     * @param maxFailed the most failed requests a takeover may cost, or null for the bound the protocol gives
     * @param maxCut    the most responses that may be cut mid-way in a step, or null for no such verdict
     */
    public record Spec(String vip, double rate, int timeoutMs, Integer maxFailed, Integer maxCut) {

        /** The rate as reports name it: "200 req/s". */
        public String rateText() {
            return (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " req/s";
        }
    }

    /** One 100 ms bucket of the series, by when its requests were due: how many were served and failed, and their latency. */
    public record Bucket(double atMs, int ok, int failed, double p50Ms, double p99Ms) {
    }

    /**
     * One step's figures.
     *
     * @param step           the step's verdict prefix ("" for a run of one step)
     * @param fault          what the fault was, as the nemesis said
     * @param requests       the short requests due in the window
     * @param failed         those that failed, by outcome
     * @param connections    the connections that carried the window's requests
     * @param connectionsLost those of them that a failure ended (reset, cut, timed out or refused on a reused one)
     * @param cut            responses cut mid-way (short requests and downloads)
     * @param downloads      downloads whose response had begun that ended in the window, and {@code downloadsCut} of them cut
     * @param longestGapMs   the longest time from the fault on with no short request served
     * @param p50Ms          latency of the served requests, from when they were due
     * @param servedBy       served requests by node
     * @param series         from {@value #BEFORE_MS} ms before the fault to the window's end
     * @param servedStale    served requests answered by a node that held the VIP while its daemon was dead or paused (a
     *                       stale VIP: the users were served by a node no VRRP daemon stood behind), the "wrong node"
     */
    public record Figures(String step, String fault, long faultAtMicros, long toMicros, int requests, Map<Outcome, Integer> failed,
                          int connections, int connectionsLost, int cut, int downloads, int downloadsCut, double longestGapMs,
                          double p50Ms, double p99Ms, Map<String, Integer> servedBy, List<Bucket> series, int servedStale) {

        /** Figures without the stale count (0). */
        public Figures(String step, String fault, long faultAtMicros, long toMicros, int requests, Map<Outcome, Integer> failed,
                       int connections, int connectionsLost, int cut, int downloads, int downloadsCut, double longestGapMs,
                       double p50Ms, double p99Ms, Map<String, Integer> servedBy, List<Bucket> series) {
            this(step, fault, faultAtMicros, toMicros, requests, failed, connections, connectionsLost, cut, downloads, downloadsCut,
                    longestGapMs, p50Ms, p99Ms, servedBy, series, 0);
        }

        public Figures {
            failed = Map.copyOf(failed);
            servedBy = Map.copyOf(servedBy);
            series = List.copyOf(series);
        }

        /** The failed short requests. */
        public int failedCount() {
            return failed.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** "refused 96, reset 12" in the outcomes' order, or "none". */
        public String failedByKind() {
            StringBuilder b = new StringBuilder();
            for (Outcome o : Outcome.values()) {
                Integer n = failed.get(o);
                if (n != null && n > 0) {
                    b.append(b.length() == 0 ? "" : ", ").append(o.text()).append(' ').append(n);
                }
            }
            return b.length() == 0 ? "none" : b.toString();
        }
    }

    private LoadAnalysis() {
    }

    /** Each step's figures, in order; none when the History has no load. */
    public static List<Figures> figures(Spec s, List<Event> events, List<RunAnalysis.StepRecord> steps) {
        return judged(s, events, steps).stream().map(Judged::figures).toList();
    }

    /** A step that ran, with its figures. */
    private record Judged(StepAnalysis.Spec step, Figures figures) {
    }

    private static List<Judged> judged(Spec s, List<Event> events, List<RunAnalysis.StepRecord> steps) {
        List<Judged> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            RunAnalysis.StepRecord r = steps.get(i);
            Event fault = fault(events, r.from());
            if (r.spec() == null || fault == null) {
                continue;
            }
            long to = stepEnd(events, fault.timeMicros(), i + 1 < steps.size() ? steps.get(i + 1).from() : end(events));
            out.add(new Judged(r.spec(), figures(s, events, r.prefix(), fault, to)));
        }
        return out;
    }

    /**
     * The load's verdicts of each step: its failed requests within the bound (the user's, or for a takeover the
     * requests due while its outage bound runs and in one timeout after it, for a step that must move nothing 0;
     * other outcomes only with the user's), and its cut responses within the user's bound when one is given.
     */
    public static List<Verdict> judge(Spec s, List<Event> events, List<RunAnalysis.StepRecord> steps) {
        List<Verdict> out = new ArrayList<>();
        for (Judged j : judged(s, events, steps)) {
            StepAnalysis.Spec step = j.step();
            Figures f = j.figures();
            Double bound = null;
            String why;
            if (s.maxFailed() != null) {
                bound = (double) s.maxFailed();
                why = "the bound given (--load-max-failed)";
            } else if (step.outcome() == StepAnalysis.Outcome.TAKEOVER) {
                bound = Math.ceil(s.rate() * (step.boundMs() + s.timeoutMs()) / 1000.0);
                why = String.format(Locale.ROOT, "%s x (outage bound %.0f ms + timeout %d ms)", s.rateText(), step.boundMs(), s.timeoutMs());
            } else if (step.outcome() == StepAnalysis.Outcome.NO_TAKEOVER) {
                bound = 0.0;
                why = "the fault must move nothing, so no request may fail";
            } else {
                why = null;
            }
            if (f.requests() == 0) {
                out.add(Verdict.unknown("load failed requests", "the load sent no request in the step (its client did not run)"));
                continue;
            }
            String detail = f.failedByKind() + " of " + f.requests() + "; " + f.connectionsLost() + " of " + f.connections()
                    + " connections lost; longest with nothing served " + Math.round(f.longestGapMs()) + " ms";
            if (bound != null) {
                out.add(Verdict.of("load failed requests", f.failedCount() <= bound,
                        Measure.count(f.failedCount(), "requests", f.failedCount() + " requests"),
                        Measure.count(bound.longValue(), "requests", "<= " + bound.longValue() + " requests"),
                        detail + "; bound: " + why));
            }
            if (s.maxCut() != null) {
                out.add(Verdict.of("load cut responses", f.cut() <= s.maxCut(),
                        Measure.count(f.cut(), "responses", f.cut() + " responses"),
                        Measure.count(s.maxCut(), "responses", "<= " + s.maxCut() + " responses"),
                        "responses cut mid-way: " + (f.cut() - f.downloadsCut()) + " short, " + f.downloadsCut() + " of "
                                + f.downloads() + " downloads; bound given (--load-max-cut)"));
            }
        }
        return out;
    }

    static Figures figures(Spec s, List<Event> events, String step, Event fault, long to) {
        return figures(s, events, step, ((Nemesis) fault.what()).what(), fault.timeMicros(), to);
    }

    /** The rollout's figures ({@code hatest rollout --load}): from its start mark to its end mark; empty when it has neither. */
    public static java.util.Optional<Figures> rolloutFigures(Spec s, List<Event> events) {
        Long start = null;
        Long end = null;
        for (Event e : events) {
            if (e.what() instanceof Mark m && m.name() == Mark.Name.ROLLOUT_START && start == null) {
                start = e.timeMicros();
            } else if (e.what() instanceof Mark m && m.name() == Mark.Name.ROLLOUT_END && start != null) {
                end = e.timeMicros();
                break;
            }
        }
        return start == null || end == null ? java.util.Optional.empty()
                : java.util.Optional.of(figures(s, events, "rollout ", "the rollout", start, end));
    }

    /**
     * The rollout's load verdict: its failed requests within the user's bound, or the protocol's: none when the master
     * stays ({@code moves} false: the new configs elect it, or the rollout stopped first; a reload or restart that
     * moves nothing may cost nothing), else the requests due in the rollout's outage bound and one timeout.
     */
    static List<Verdict> judgeRollout(Spec s, List<Event> events, boolean moves, Double userBoundMs, double movedBoundMs) {
        Figures f = rolloutFigures(s, events).orElse(null);
        if (f == null) {
            return List.of();
        }
        if (f.requests() == 0) {
            return List.of(Verdict.unknown("rollout load failed requests", "the load sent no request during the rollout"));
        }
        double bound;
        String why;
        if (s.maxFailed() != null) {
            bound = s.maxFailed();
            why = "the bound given (--load-max-failed)";
        } else if (!moves) {
            bound = 0;
            why = "the master stays (the new configs elect it, or the rollout stopped before a move): no request may fail";
        } else {
            double outage = userBoundMs != null ? userBoundMs : movedBoundMs;
            bound = Math.ceil(s.rate() * (outage + s.timeoutMs()) / 1000.0);
            why = String.format(Locale.ROOT, "%s x (rollout outage bound %.0f ms + timeout %d ms)", s.rateText(), outage, s.timeoutMs());
        }
        List<Verdict> out = new ArrayList<>();
        out.add(Verdict.of("rollout load failed requests", f.failedCount() <= bound, Measure.count(f.failedCount(), "requests",
                f.failedCount() + " requests"), Measure.count((long) bound, "requests", "<= " + (long) bound + " requests"),
                f.failedByKind() + " of " + f.requests() + "; " + f.connectionsLost() + " of " + f.connections()
                        + " connections lost; bound: " + why));
        if (s.maxCut() != null) {
            out.add(Verdict.of("rollout load cut responses", f.cut() <= s.maxCut(), Measure.count(f.cut(), "responses", f.cut() + " responses"),
                    Measure.count(s.maxCut(), "responses", "<= " + s.maxCut() + " responses"),
                    "responses cut mid-way: " + (f.cut() - f.downloadsCut()) + " short, " + f.downloadsCut() + " of " + f.downloads()
                            + " downloads; bound given (--load-max-cut)"));
        }
        return out;
    }

    static Figures figures(Spec s, List<Event> events, String step, String what, long from, long to) {
        int requests = 0;
        Map<Outcome, Integer> failed = new EnumMap<>(Outcome.class);
        Set<Integer> connections = new HashSet<>();
        Set<Integer> lost = new HashSet<>();
        int cut = 0;
        int downloads = 0;
        int downloadsCut = 0;
        List<Double> latencies = new ArrayList<>();
        List<Long> servedAt = new ArrayList<>();
        List<Event> served = new ArrayList<>();
        Map<String, Integer> servedBy = new java.util.TreeMap<>();
        int buckets = (int) Math.max(1, Math.ceil((to - from + BEFORE_MS * 1000.0) / (BUCKET_MS * 1000.0)));
        List<List<Double>> bucketLatencies = new ArrayList<>();
        int[] bucketOk = new int[buckets];
        int[] bucketFailed = new int[buckets];
        for (int i = 0; i < buckets; i++) {
            bucketLatencies.add(new ArrayList<>());
        }
        for (Event e : events) {
            if (!(e.what() instanceof LoadRequest r) || !r.vip().equals(s.vip())) {
                continue;
            }
            long due = r.dueMicros();
            double latency = (e.timeMicros() - due) / 1000.0;
            if (r.download()) {
                // a download counts once its response began (served or cut), not each refused attempt to start one
                boolean begun = r.outcome() == Outcome.OK || r.outcome() == Outcome.CUT;
                if (begun && e.timeMicros() >= from && e.timeMicros() < to) {
                    downloads++;
                    if (r.outcome() == Outcome.CUT) {
                        downloadsCut++;
                        cut++;
                    }
                }
                continue;
            }
            int b = (int) Math.floor((due - from + BEFORE_MS * 1000.0) / (BUCKET_MS * 1000.0));
            if (b >= 0 && b < buckets && e.timeMicros() < to) {
                if (r.ok()) {
                    bucketOk[b]++;
                    bucketLatencies.get(b).add(latency);
                } else {
                    bucketFailed[b]++;
                }
            }
            if (due < from || due >= to || e.timeMicros() >= to) {
                // a request belongs to the window it was due in, once it ended within it: the judge at the step's
                // end and a later one (hatest report) then read the same requests
                continue;
            }
            requests++;
            if (r.connection() > 0) {
                connections.add(r.connection());
            }
            if (r.ok()) {
                latencies.add(latency);
                servedAt.add(e.timeMicros());
                servedBy.merge(r.node(), 1, Integer::sum);
                served.add(e);
            } else {
                failed.merge(r.outcome(), 1, Integer::sum);
                if (r.outcome() == Outcome.CUT) {
                    cut++;
                }
                if (r.reused() && r.connection() > 0) {
                    lost.add(r.connection());
                }
            }
        }
        servedAt.sort(null);
        long gap = 0;
        long last = from;
        for (long t : servedAt) {
            gap = Math.max(gap, t - last);
            last = Math.max(last, t);
        }
        gap = Math.max(gap, to - last);
        List<Bucket> series = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            List<Double> l = bucketLatencies.get(i);
            series.add(new Bucket(i * (double) BUCKET_MS - BEFORE_MS, bucketOk[i], bucketFailed[i], percentile(l, 50), percentile(l, 99)));
        }
        int stale = 0;
        for (Event e : served) {
            // a holder of the VIP then whose daemon was not alive: what a SIGKILLed keepalived leaves behind
            String node = ((LoadRequest) e.what()).node();
            if (VipHolders.at(events, s.vip(), e.timeMicros()).contains(node) && !VipHolders.live(events, s.vip(), e.timeMicros()).contains(node)) {
                stale++;
            }
        }
        return new Figures(step, what, from, to, requests, failed, connections.size(), lost.size(), cut, downloads, downloadsCut,
                gap / 1000.0, percentile(latencies, 50), percentile(latencies, 99), servedBy, series, stale);
    }

    /** The {@code p}th percentile (nearest rank), or NaN for none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The step's fault: the first injection at or after its STEP mark, which is at or after {@code from}. */
    private static Event fault(List<Event> events, long from) {
        long step = Long.MIN_VALUE;
        for (Event e : events) {
            if (e.timeMicros() < from) {
                continue;
            }
            if (step == Long.MIN_VALUE && e.what() instanceof Mark m && m.is(Mark.Name.STEP, "")) {
                step = e.timeMicros();
            } else if (step != Long.MIN_VALUE && e.what() instanceof Nemesis n && !n.heal()) {
                return e;
            }
        }
        return null;
    }

    /** The step's end: its STEP_END mark after its fault, or {@code otherwise} (a History saved before that mark). */
    private static long stepEnd(List<Event> events, long fault, long otherwise) {
        for (Event e : events) {
            if (e.timeMicros() >= fault && e.what() instanceof Mark m && m.name() == Mark.Name.STEP_END) {
                return Math.min(e.timeMicros(), otherwise);
            }
        }
        return otherwise;
    }

    /** The run's end: its teardown mark, or its last event. */
    private static long end(List<Event> events) {
        for (Event e : events) {
            if (e.what() instanceof Mark m && m.name() == Mark.Name.TEARDOWN) {
                return e.timeMicros();
            }
        }
        return events.isEmpty() ? 0 : events.get(events.size() - 1).timeMicros() + 1;
    }
}
