package dev.hatest.harness.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hatest.harness.scenario.ChaosRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The takeover benchmark's figures: p50, p95 and max per scenario, daemon and step, the vrrpd/keepalived
 * ratio of the p50 outages, and each step beside the protocol's arithmetic. It prints; it judges nothing.
 */
public final class BenchReport {

    /** How far a step's p50 may stray from the protocol's arithmetic and still be said to match it. */
    public static final double STEP_TOLERANCE_MS = 100;

    /** p50, p95 and max of {@code n} figures (nearest rank); NaN when there are none. */
    public record Stats(double p50, double p95, double max, int n) {

        public static Stats of(List<Double> values) {
            double[] v = values.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Stats(rank(v, 0.50), rank(v, 0.95), v[v.length - 1], v.length);
        }

        private static double rank(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50", round(p50));
            m.put("p95", round(p95));
            m.put("max", round(max));
            m.put("n", n);
            return m;
        }
    }

    private final String profile;
    private final int reps;
    private final List<String> daemons;
    private final List<TakeoverBench.Scenario> scenarios;
    private final List<TakeoverBench.Rep> results;
    private final String machine;
    private final String date;

    public BenchReport(String profile, int reps, List<String> daemons, List<TakeoverBench.Scenario> scenarios, List<TakeoverBench.Rep> results,
                       String machine, String date) {
        this.profile = profile;
        this.reps = reps;
        this.daemons = List.copyOf(daemons);
        this.scenarios = List.copyOf(scenarios);
        this.results = List.copyOf(results);
        this.machine = machine;
        this.date = date;
    }

    /** The figures of one step for one scenario and daemon. */
    public Stats stats(TakeoverBench.Scenario s, String daemon, String step) {
        return Stats.of(reps(s, daemon).stream().map(r -> r.steps().getOrDefault(step, Double.NaN)).toList());
    }

    /** vrrpd's p50 outage over keepalived's for scenario {@code s}; NaN unless both daemons ran. */
    public double ratio(TakeoverBench.Scenario s) {
        if (!daemons.contains("vrrpd") || !daemons.contains("keepalived")) {
            return Double.NaN;
        }
        return stats(s, "vrrpd", TakeoverBench.OUTAGE).p50() / stats(s, "keepalived", TakeoverBench.OUTAGE).p50();
    }

    /** One step of the cluster's start-up ({@link ChaosRun#FIRST_SERVED} and so on) over every rep of {@code daemon}. */
    public Stats startup(String daemon, String step) {
        return Stats.of(results.stream().filter(r -> r.daemon().equals(daemon)).map(r -> r.startup().getOrDefault(step, Double.NaN)).toList());
    }

    private static final List<String> STARTUP = List.of(ChaosRun.DAEMONS_UP, ChaosRun.FIRST_MASTER, ChaosRun.FIRST_SERVED);

    private List<TakeoverBench.Rep> reps(TakeoverBench.Scenario s, String daemon) {
        return results.stream().filter(r -> r.scenario() == s && r.daemon().equals(daemon)).toList();
    }

    private Set<String> steps(TakeoverBench.Scenario s) {
        Set<String> names = new LinkedHashSet<>();
        results.stream().filter(r -> r.scenario() == s).forEach(r -> names.addAll(r.steps().keySet()));
        return names;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("hatest bench: profile %s, %d rep%s per scenario and daemon, daemons alternating; %s; %s%n", profile, reps,
                reps == 1 ? "" : "s", machine, date));
        b.append(String.format("  %s: %s%n", profile, dev.hatest.harness.cluster.Profile.parse(profile).description));
        for (TakeoverBench.Scenario s : scenarios) {
            b.append(String.format("%n%s: %s%n", s.label, s.description));
            Map<String, Map<String, TakeoverBench.Expected>> expected = new LinkedHashMap<>();
            daemons.forEach(d -> expected.put(d, TakeoverBench.expected(s, profile, d)));
            b.append(String.format("  %-18s", "ms"));
            for (String d : daemons) {
                b.append(String.format("  %-28s", d + " p50 / p95 / max"));
            }
            b.append("  protocol\n");
            for (String step : steps(s)) {
                b.append(String.format("  %-18s", step));
                for (String d : daemons) {
                    Stats st = stats(s, d, step);
                    b.append(String.format("  %-28s", st.n() == 0 ? "-" : fmt(st.p50()) + " / " + fmt(st.p95()) + " / " + fmt(st.max())));
                }
                Set<TakeoverBench.Expected> distinct = new LinkedHashSet<>();
                expected.values().forEach(m -> {
                    if (m.get(step) != null) {
                        distinct.add(m.get(step));
                    }
                });
                if (!distinct.isEmpty()) {
                    List<String> parts = new ArrayList<>();
                    for (String d : daemons) {
                        TakeoverBench.Expected e = expected.get(d).get(step);
                        if (e != null && (distinct.size() > 1 || parts.isEmpty())) {
                            parts.add((distinct.size() == 1 ? "" : d + ": ") + (e.lowMs() == e.highMs()
                                    ? String.format(Locale.ROOT, "%.0f", e.lowMs()) : String.format(Locale.ROOT, "%.0f..%.0f", e.lowMs(), e.highMs()))
                                    + " (" + e.formula() + ")");
                        }
                    }
                    b.append("  ").append(String.join("; ", parts));
                    List<String> off = new ArrayList<>();
                    for (String d : daemons) {
                        Stats st = stats(s, d, step);
                        TakeoverBench.Expected e = expected.get(d).get(step);
                        if (e != null && st.n() > 0 && !e.holds(st.p50(), STEP_TOLERANCE_MS)) {
                            off.add(d);
                        }
                    }
                    b.append(off.isEmpty() ? "; p50 within " + (long) STEP_TOLERANCE_MS + " ms" : "; p50 off by more than "
                            + (long) STEP_TOLERANCE_MS + " ms for " + String.join(", ", off));
                }
                b.append('\n');
            }
            long failed = results.stream().filter(r -> r.scenario() == s && !r.passed()).count();
            double ratio = ratio(s);
            if (!Double.isNaN(ratio) && !Double.isInfinite(ratio)) {
                b.append(String.format(Locale.ROOT, "  vrrpd/keepalived p50 outage ratio %.2f%n", ratio));
            } else if (daemons.contains("vrrpd") && daemons.contains("keepalived") && s != TakeoverBench.Scenario.CPU_STRESS) {
                b.append(String.format(Locale.ROOT, "  vrrpd/keepalived p50 outage ratio: none (p50 outages %.0f and %.0f ms)%n",
                        stats(s, "vrrpd", TakeoverBench.OUTAGE).p50(), stats(s, "keepalived", TakeoverBench.OUTAGE).p50()));
            }
            for (String d : daemons) {
                // D+load:RATE beside D: does the users' load disturb the takeover it observes?
                int plus = d.indexOf("+load:");
                if (plus > 0 && daemons.contains(d.substring(0, plus)) && s != TakeoverBench.Scenario.CPU_STRESS
                        && stats(s, d.substring(0, plus), TakeoverBench.OUTAGE).p50() > 0) {
                    String base = d.substring(0, plus);
                    b.append(String.format(Locale.ROOT, "  %s/%s p50 outage ratio %.2f (p50 outages %.0f and %.0f ms)%n", d, base,
                            stats(s, d, TakeoverBench.OUTAGE).p50() / stats(s, base, TakeoverBench.OUTAGE).p50(),
                            stats(s, d, TakeoverBench.OUTAGE).p50(), stats(s, base, TakeoverBench.OUTAGE).p50()));
                }
            }
            if (failed > 0) {
                b.append(String.format("  %d rep%s failed a verdict (their figures are included)%n", failed, failed == 1 ? "" : "s"));
            }
        }
        b.append(String.format("%nstart-up from built images, ms after starting the cluster (p50 / p95 / max):%n"));
        for (String d : daemons) {
            b.append(String.format("  %-12s", d));
            for (String step : STARTUP) {
                Stats st = startup(d, step);
                b.append(String.format("  %s %s", step, st.n() == 0 ? "-" : fmt(st.p50()) + " / " + fmt(st.p95()) + " / " + fmt(st.max())));
            }
            b.append(String.format("  (%d clusters)%n", startup(d, ChaosRun.FIRST_SERVED).n()));
        }
        return b.toString();
    }

    /**
     * The figures as one HTML page: the table as {@link #text()} prints it, then for each scenario and each daemon under
     * users' load ({@code D+load:RATE}) the load plot of its rep with the median outage, as the chaos report draws it.
     */
    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hatest bench</title>\n")
                .append("<style>body{font-family:sans-serif;margin:20px;color:#222}pre{font-size:12px}svg text{font-size:11px;font-family:sans-serif}")
                .append("</style></head><body>\n<h1>hatest bench</h1>\n<pre>").append(dev.hatest.harness.report.HtmlReport.esc(text())).append("</pre>\n");
        for (TakeoverBench.Scenario s : scenarios) {
            for (String d : daemons) {
                List<TakeoverBench.Rep> loaded = reps(s, d).stream().filter(r -> r.load() != null).sorted(
                        java.util.Comparator.comparingDouble(TakeoverBench.Rep::outageMs)).toList();
                if (loaded.isEmpty()) {
                    continue;
                }
                TakeoverBench.Rep median = loaded.get((loaded.size() - 1) / 2);
                b.append(String.format(Locale.ROOT, "<section class=\"bench-load\" data-scenario=\"%s\" data-daemon=\"%s\">%n<h2>%s on %s: rep %d, "
                                + "the median outage of %d</h2>%n", s.label, dev.hatest.harness.report.HtmlReport.esc(d), s.label,
                        dev.hatest.harness.report.HtmlReport.esc(d), median.rep(), loaded.size()));
                dev.hatest.harness.check.LoadAnalysis.Spec spec = dev.hatest.harness.scenario.ChaosRun.loadSpec(TakeoverBench.topology(profile, d));
                b.append(dev.hatest.harness.report.HtmlReport.loadPlot(median.load(), spec,
                        median.failover() == null ? List.of() : List.of(median.failover())));
                b.append("</section>\n");
            }
        }
        return b.append("</body></html>\n").toString();
    }

    /**
     * {@code {"profile", "reps", "machine", "date", "scenarios": [{"name", "vrrpd": {"outageMs": {"p50", "p95",
     * "max", "n"}, "stepsMs": {...}, "failedReps", "expectedMs": {...}}, "keepalived": {...}, "ratio"}],
     * "startupMs": {"vrrpd": {...}, ...}}}.
     */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("profile", profile);
        root.put("reps", reps);
        root.put("machine", machine);
        root.put("date", date);
        List<Object> list = new ArrayList<>();
        for (TakeoverBench.Scenario s : scenarios) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.label);
            for (String d : daemons) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("outageMs", stats(s, d, TakeoverBench.OUTAGE).json());
                Map<String, Object> steps = new LinkedHashMap<>();
                for (String step : steps(s)) {
                    if (!step.equals(TakeoverBench.OUTAGE)) {
                        steps.put(step, stats(s, d, step).json());
                    }
                }
                dm.put("stepsMs", steps);
                dm.put("failedReps", reps(s, d).stream().filter(r -> !r.passed()).count());
                Map<String, Object> ex = new LinkedHashMap<>();
                TakeoverBench.expected(s, profile, d).forEach((k, v) -> ex.put(k, Map.of("lowMs", round(v.lowMs()), "highMs", round(v.highMs()),
                        "formula", v.formula())));
                dm.put("expectedMs", ex);
                m.put(d, dm);
            }
            m.put("ratio", Double.isNaN(ratio(s)) ? null : Math.round(ratio(s) * 1000) / 1000.0);
            list.add(m);
        }
        root.put("scenarios", list);
        Map<String, Object> startup = new LinkedHashMap<>();
        for (String d : daemons) {
            Map<String, Object> steps = new LinkedHashMap<>();
            STARTUP.forEach(step -> steps.put(step, startup(d, step).json()));
            startup.put(d, steps);
        }
        root.put("startupMs", startup);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whole ms, without a "-0". */
    private static String fmt(double v) {
        return String.valueOf(Math.round(v));
    }

    /** One decimal, or null (JSON null) for NaN. */
    private static Double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10) / 10.0;
    }

    /** "2 cores, Linux 6.1.0, Debian GNU/Linux 12 (bookworm)": what the figures were taken on. */
    public static String machine() {
        String os = "";
        try {
            os = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/etc/os-release")).stream()
                    .filter(l -> l.startsWith("PRETTY_NAME=")).map(l -> l.substring(12).replace("\"", "")).findFirst().orElse("");
        } catch (java.io.IOException e) {
            // no os-release: leave it out
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + (os.isEmpty() ? "" : ", " + os);
    }
}
