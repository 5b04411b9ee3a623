package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.LoadAnalysis;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.AddressChange;
import dev.hatest.harness.history.Observation.Advert;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Nemesis;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.NodeCondition.Condition;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Requests;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One self-contained HTML page (no scripts, no external files) with an inline SVG timeline:
 * <ul>
 *   <li>a lane per node: its daemon's state per VRRP instance over time, node-wide states (killed daemon,
 *       paused, restarting) laid over them, and a strip for each probed VIP the node's interface held;</li>
 *   <li>a marker for each fault and heal;</li>
 *   <li>the client's strip per VIP: green shades for answers (one shade per serving node), red for failures;</li>
 *   <li>the takeover breakdown and the verdicts as tables.</li>
 * </ul>
 * Elements carry classes ({@code lane}, {@code state}, {@code vip}, {@code fault}, {@code heal},
 * {@code client}) so that tests and people can find them.
 */
public final class HtmlReport {

    static final int LEFT = 150;
    static final int WIDTH = 1000;
    static final int ROW = 18;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Map<String, String> STATE_COLOURS = Map.of(
            "MASTER", "#2e7d32", "BACKUP", "#90a4ae", "FAULT", "#ef6c00", "INIT", "#eceff1", "STOP", "#eceff1");
    private static final Map<String, String> NODE_WIDE_COLOURS = Map.of(
            Condition.DEAD.name(), "#212121", Condition.FROZEN.name(), "#4fc3f7", Condition.DOWN.name(), "#757575");
    private static final String[] SERVED_COLOURS = {"#66bb6a", "#26a69a", "#9ccc65", "#00897b", "#43a047"};

    private HtmlReport() {
    }

    public static String render(RunReport r) {
        return render(List.of(r));
    }

    /** Several runs on one page, one after the other. */
    public static String render(List<RunReport> runs) {
        String title = runs.size() == 1 ? runs.get(0).title() : "hatest: " + runs.size() + " runs, "
                + runs.stream().filter(RunReport::passed).count() + " passed";
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}.pass{color:#2e7d32;font-weight:bold}"
                        + ".fail{color:#c62828;font-weight:bold}.unknown{color:#ef6c00;font-weight:bold}svg text{font-size:11px;font-family:sans-serif}</style></head><body>\n");
        for (RunReport r : runs) {
            body(b, r);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void body(StringBuilder b, RunReport r) {
        b.append("<section class=\"run\">\n<h1>").append(esc(r.title())).append("</h1>\n<p class=\"").append(r.passed() ? "pass" : "fail").append("\">")
                .append(r.passed() ? "PASSED" : "FAILED").append("</p>\n");
        if (r.boundFormula() != null) {
            b.append("<p>Outage bound: ").append(esc(r.boundFormula())).append("</p>\n");
        }
        b.append(timeline(r));
        b.append(legend());
        for (LoadAnalysis.Figures f : r.load()) {
            b.append(loadPlot(f, r.analysis().load(), r.failovers()));
        }
        b.append(breakdown(r.failovers()));
        b.append(verdicts(r.verdicts()));
        b.append("</section>\n");
    }

    /** The SVG timeline; empty text when the run has no events. */
    static String timeline(RunReport r) {
        List<Event> events = r.events();
        if (events.isEmpty()) {
            return "<p>No events were recorded.</p>\n";
        }
        long t0 = start(events);
        long t1 = Math.max(t0 + 1000, events.get(events.size() - 1).timeMicros());
        Scale x = new Scale(t0, t1);
        TreeSet<String> nodes = new TreeSet<>();
        TreeMap<String, TreeSet<String>> instances = new TreeMap<>();
        List<String> vips = new ArrayList<>();
        for (Event e : events) {
            if (e.what() instanceof StateChange c) {
                instances.computeIfAbsent(e.source(), k -> new TreeSet<>()).add(c.instance());
            }
            if (e.what() instanceof StateChange || e.what() instanceof NodeCondition || e.what() instanceof AddressChange
                    || e.what() instanceof Advert) {
                nodes.add(e.source());
            }
            if (Requests.is(e) && !vips.contains(Requests.vip(e))) {
                vips.add(Requests.vip(e));
            }
        }
        nodes.remove(Requests.CLIENT);
        StringBuilder svg = new StringBuilder();
        int y = 30;
        for (String node : nodes) {
            List<String> rows = new ArrayList<>(instances.getOrDefault(node, new TreeSet<>()));
            int laneTop = y;
            int height = (Math.max(1, rows.size()) + vips.size()) * ROW + 6;
            svg.append(String.format(Locale.ROOT, "<g class=\"lane\" id=\"lane-%s\" data-node=\"%s\">", esc(node), esc(node)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ddd\"/>",
                    laneTop, LEFT + WIDTH, height));
            svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-weight=\"bold\">%s</text>", laneTop + 13, esc(node)));
            for (String instance : rows) {
                svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\">%s</text>", y + 26, esc(instance)));
                for (Segment s : stateSegments(events, node, instance, t1)) {
                    svg.append(segment(x, s, y + 14, "state", STATE_COLOURS.getOrDefault(s.label(), "#bdbdbd"), s.label()));
                }
                y += ROW;
            }
            if (rows.isEmpty()) {
                y += ROW;
            }
            for (Segment s : nodeWideSegments(events, node, t1)) {
                svg.append(segment(x, s, laneTop + 14, y - laneTop - 14, "node-state", NODE_WIDE_COLOURS.getOrDefault(s.label(), "#555"),
                        s.label(), "0.55"));
            }
            for (String vip : vips) {
                svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\">holds %s</text>", y + 26, esc(vip)));
                for (Segment s : vipSegments(events, node, vip, t1)) {
                    svg.append(segment(x, s, y + 14, "vip", "#6a1b9a", "holds " + vip));
                }
                y += ROW;
            }
            svg.append("</g>\n");
            y += 10;
        }
        Map<String, String> shades = new LinkedHashMap<>();
        for (String vip : vips) {
            svg.append(String.format(Locale.ROOT, "<g class=\"client\" data-vip=\"%s\"><text x=\"4\" y=\"%d\" font-weight=\"bold\">client %s</text>",
                    esc(vip), y + 13, esc(vip)));
            for (Segment s : clientSegments(events, vip, t1)) {
                String colour = s.label().startsWith("failed") ? "#c62828"
                        : shades.computeIfAbsent(s.label(), k -> SERVED_COLOURS[shades.size() % SERVED_COLOURS.length]);
                svg.append(segment(x, s, y, s.label().startsWith("failed") ? "request-fail" : "request-ok", colour, s.label()));
                if (x.at(s.to()) - x.at(s.from()) > 40 && !s.label().startsWith("failed")) {
                    // name the serving node where there is room
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#fff\">%s</text>", x.at(s.from()) + 3, y + 11,
                            esc(s.label().substring("served by ".length()))));
                }
            }
            svg.append("</g>\n");
            y += ROW + 6;
        }
        int bottom = y;
        for (Event e : events) {
            if (e.what() instanceof Nemesis n) {
                boolean fault = !n.heal();
                double px = x.at(e.timeMicros());
                svg.append(String.format(Locale.ROOT, "<g class=\"%s\"><line x1=\"%.1f\" y1=\"14\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                                + "stroke-width=\"2\" stroke-dasharray=\"5,3\"/><text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s %s</text>"
                                + "<title>%s %s: %s</title></g>\n", fault ? "fault" : "heal", px, px, bottom, fault ? "#c62828" : "#1565c0",
                        px + 3, bottom + 14 + (fault ? 0 : 14), fault ? "#c62828" : "#1565c0", fault ? "fault:" : "heal:", esc(e.value()),
                        TIME.format(instant(e)), e.kind(), esc(e.value())));
            }
        }
        StringBuilder axis = new StringBuilder();
        double seconds = (t1 - t0) / 1e6;
        double step = seconds <= 10 ? 1 : seconds <= 30 ? 2 : seconds <= 60 ? 5 : seconds <= 180 ? 10 : 30;
        for (double s = 0; s <= seconds; s += step) {
            double px = x.at(t0 + (long) (s * 1e6));
            axis.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"12\" text-anchor=\"middle\">%+.0fs</text>", px, px, bottom, px, s));
        }
        int total = bottom + 40;
        return String.format(Locale.ROOT, "<h2>Timeline</h2>\n<p>From %s UTC; seconds on the axis.</p>\n"
                        + "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" font-size=\"11\" font-family=\"sans-serif\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n%s\n%s</svg>\n",
                TIME.format(Instant.ofEpochMilli(t0 / 1000)), LEFT + WIDTH + 10, total, LEFT + WIDTH + 10, total, axis, svg);
    }

    /** Where the picture starts: 2 s before the cluster converged (the start-up is not what people look for). */
    static long start(List<Event> events) {
        for (Event e : events) {
            if (e.what() instanceof Mark m && m.is(Mark.Name.CONVERGED, "")) {
                return Math.max(events.get(0).timeMicros(), e.timeMicros() - 2_000_000);
            }
        }
        return events.get(0).timeMicros();
    }

    record Segment(long from, long to, String label) {
    }

    /** Served requests per 100 ms (the load plot's bars), the load's failures, and its latency lines. */
    static final String LOAD_OK = "#1e88e5";
    static final String LOAD_FAIL = "#e53935";
    static final String LOAD_P50 = "#8e24aa";
    static final String LOAD_P99 = "#fb8c00";
    private static final int PLOT_HEIGHT = 110;

    /**
     * What the load's users saw of one step, per 100 ms by when requests were due: served (blue) and failed (red)
     * requests as stacked bars, then p50 (purple) and p99 (orange) latency from when they were due, both from 2 s
     * before the fault; the fault at 0 (dashed) and the takeover's steps as a band from the fault to the first
     * served response, each step a line.
     */
    public static String loadPlot(LoadAnalysis.Figures f, LoadAnalysis.Spec s, List<Failover> failovers) {
        List<LoadAnalysis.Bucket> series = f.series();
        if (series.isEmpty()) {
            return "";
        }
        double t0 = series.get(0).atMs();
        double t1 = series.get(series.size() - 1).atMs() + LoadAnalysis.BUCKET_MS;
        java.util.function.DoubleUnaryOperator x = t -> LEFT + Math.max(0, Math.min(1, (t - t0) / (t1 - t0))) * WIDTH;
        int maxCount = Math.max(1, series.stream().mapToInt(k -> k.ok() + k.failed()).max().orElse(1));
        double maxLatency = Math.max(1, Math.min(s.timeoutMs(), series.stream().mapToDouble(LoadAnalysis.Bucket::p99Ms)
                .filter(v -> !Double.isNaN(v)).max().orElse(1)));
        int top1 = 20;
        int top2 = top1 + PLOT_HEIGHT + 30;
        int height = top2 + PLOT_HEIGHT + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<h2>Users' load: %s</h2>\n<p>%s through %s; %d requests due from the fault to the "
                        + "step's end: %d failed (%s), %d of %d connections lost, %d responses cut (%d of %d downloads), longest with nothing "
                        + "served %.0f ms.</p>\n", esc(f.fault()), esc(s.rateText()), esc(s.vip()), f.requests(), f.failedCount(),
                esc(f.failedByKind()), f.connectionsLost(), f.connections(), f.cut(), f.downloadsCut(), f.downloads(), f.longestGapMs()));
        svg.append(String.format(Locale.ROOT, "<svg class=\"load-plot\" data-step=\"%s\" width=\"%d\" height=\"%d\" "
                + "xmlns=\"http://www.w3.org/2000/svg\">", esc(f.step()), LEFT + WIDTH + 10, height));
        Failover takeover = failovers.stream().filter(o -> o.faultAtMicros() == f.faultAtMicros()).findFirst().orElse(null);
        if (takeover != null) {
            Double firstOk = takeover.steps().get(Failover.FIRST_OK);
            if (firstOk != null && Double.isFinite(firstOk)) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"takeover-band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"#fff59d\"><title>takeover: from the fault to the first served response</title></rect>", x.applyAsDouble(0),
                        top1, Math.max(1, x.applyAsDouble(firstOk) - x.applyAsDouble(0)), height - top1 - 20));
            }
            for (Map.Entry<String, Double> step : takeover.steps().entrySet()) {
                if (step.getValue() != null && Double.isFinite(step.getValue())) {
                    svg.append(String.format(Locale.ROOT, "<line class=\"takeover-step\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                            + "stroke=\"#9e9d24\"><title>%s +%.0f ms</title></line>", x.applyAsDouble(step.getValue()),
                            x.applyAsDouble(step.getValue()), top1, height - 20, esc(step.getKey()), step.getValue()));
                }
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-weight=\"bold\">requests</text><text x=\"4\" y=\"%d\">per 100 ms</text>"
                + "<text x=\"4\" y=\"%d\">max %d</text>", top1 + 14, top1 + 28, top1 + 42, maxCount));
        double barWidth = Math.max(1, WIDTH * LoadAnalysis.BUCKET_MS / (t1 - t0) - 1);
        for (LoadAnalysis.Bucket k : series) {
            double okHeight = PLOT_HEIGHT * k.ok() / (double) maxCount;
            double failHeight = PLOT_HEIGHT * k.failed() / (double) maxCount;
            double bx = x.applyAsDouble(k.atMs());
            if (k.ok() > 0) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"load-ok\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%+.0f ms: %d served</title></rect>", bx, top1 + PLOT_HEIGHT - okHeight, barWidth, okHeight, LOAD_OK, k.atMs(), k.ok()));
            }
            if (k.failed() > 0) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"load-fail\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%+.0f ms: %d failed</title></rect>", bx, top1 + PLOT_HEIGHT - okHeight - failHeight, barWidth, failHeight, LOAD_FAIL,
                        k.atMs(), k.failed()));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-weight=\"bold\">latency</text><text x=\"4\" y=\"%d\" fill=\"%s\">p50</text>"
                + "<text x=\"34\" y=\"%d\" fill=\"%s\">p99</text><text x=\"4\" y=\"%d\">max %.0f ms</text>", top2 + 14, top2 + 28, LOAD_P50, top2 + 28,
                LOAD_P99, top2 + 42, maxLatency));
        svg.append(latencyLine(series, x, top2, maxLatency, true));
        svg.append(latencyLine(series, x, top2, maxLatency, false));
        svg.append(String.format(Locale.ROOT, "<line class=\"fault\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" "
                + "stroke-dasharray=\"4,3\"><title>%s</title></line>", x.applyAsDouble(0), x.applyAsDouble(0), top1 - 5, height - 20, esc(f.fault())));
        for (double t = Math.ceil(t0 / 1000) * 1000; t <= t1; t += 1000) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%+.0fs</text>", x.applyAsDouble(t), height - 6,
                    t / 1000));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String latencyLine(List<LoadAnalysis.Bucket> series, java.util.function.DoubleUnaryOperator x, int top, double max, boolean p99) {
        StringBuilder points = new StringBuilder();
        StringBuilder out = new StringBuilder();
        String colour = p99 ? LOAD_P99 : LOAD_P50;
        String cls = p99 ? "load-p99" : "load-p50";
        for (LoadAnalysis.Bucket k : series) {
            double v = p99 ? k.p99Ms() : k.p50Ms();
            if (Double.isNaN(v)) {
                // nothing served in this bucket: the line breaks
                if (points.length() > 0) {
                    out.append(polyline(points, colour, cls));
                    points.setLength(0);
                }
                continue;
            }
            double y = top + PLOT_HEIGHT - PLOT_HEIGHT * Math.min(v, max) / max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x.applyAsDouble(k.atMs()), y,
                    x.applyAsDouble(k.atMs() + LoadAnalysis.BUCKET_MS), y));
        }
        if (points.length() > 0) {
            out.append(polyline(points, colour, cls));
        }
        return out.toString();
    }

    private static String polyline(StringBuilder points, String colour, String cls) {
        return "<polyline class=\"" + cls + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"3\" points=\"" + points.toString().trim() + "\"/>";
    }

    private record Scale(long t0, long t1) {
        double at(long t) {
            return LEFT + Math.max(0, Math.min(1, (t - t0) / (double) (t1 - t0))) * WIDTH;
        }
    }

    /** What the daemon on {@code node} claimed for {@code instance}, in spans. */
    static List<Segment> stateSegments(List<Event> events, String node, String instance, long end) {
        List<Segment> out = new ArrayList<>();
        String state = null;
        long since = 0;
        for (Event e : events) {
            if (!(e.what() instanceof StateChange c) || !e.source().equals(node) || !c.instance().equals(instance)) {
                continue;
            }
            if (state != null && e.timeMicros() > since) {
                out.add(new Segment(since, e.timeMicros(), state));
            }
            state = c.to().name();
            since = e.timeMicros();
        }
        if (state != null) {
            out.add(new Segment(since, end, state));
        }
        return out;
    }

    /** Spans in which the node's daemon was dead, frozen or down (the nemesis's node-wide states). */
    static List<Segment> nodeWideSegments(List<Event> events, String node, long end) {
        List<Segment> out = new ArrayList<>();
        String state = null;
        long since = 0;
        for (Event e : events) {
            if (!e.source().equals(node) || !(e.what() instanceof StateChange || e.what() instanceof NodeCondition)) {
                continue;
            }
            String to = e.what() instanceof NodeCondition c ? c.condition().name() : null;
            if (state != null && (to == null || !state.equals(to))) {
                // a daemon's own transition means it runs again; RESUMED ends a freeze
                out.add(new Segment(since, e.timeMicros(), state));
                state = null;
            }
            if (to != null && !to.equals(Condition.RESUMED.name()) && state == null) {
                state = to;
                since = e.timeMicros();
            }
        }
        if (state != null) {
            out.add(new Segment(since, end, state));
        }
        return out;
    }

    /** Spans in which {@code node}'s interface held {@code vip}. */
    static List<Segment> vipSegments(List<Event> events, String node, String vip, long end) {
        List<Segment> out = new ArrayList<>();
        Long since = null;
        for (Event e : events) {
            if (!e.source().equals(node)) {
                continue;
            }
            boolean down = e.what() instanceof NodeCondition c && c.condition() == Condition.DOWN;
            boolean about = e.what() instanceof AddressChange a && a.address().equals(vip);
            boolean added = about && ((AddressChange) e.what()).added();
            if (added && since == null) {
                since = e.timeMicros();
            } else if (((about && !added) || down) && since != null) {
                out.add(new Segment(since, e.timeMicros(), "holds " + vip));
                since = null;
            }
        }
        if (since != null) {
            out.add(new Segment(since, end, "holds " + vip));
        }
        return out;
    }

    /** The client's requests to {@code vip}, merged into runs: "served by NODE" or "failed (REASON)". */
    static List<Segment> clientSegments(List<Event> events, String vip, long end) {
        List<Segment> out = new ArrayList<>();
        String key = null;
        String label = null;
        long since = 0;
        for (Event e : events) {
            if (!Requests.isFor(e, vip)) {
                continue;
            }
            // consecutive failures are one run whatever their reasons; the run is labelled with the first
            String k = Requests.ok(e) ? "served by " + Requests.detail(e) : "failed";
            if (!k.equals(key)) {
                if (key != null) {
                    out.add(new Segment(since, e.timeMicros(), label));
                }
                key = k;
                label = Requests.ok(e) ? k : "failed (" + Requests.detail(e) + ")";
                since = e.timeMicros();
            }
        }
        if (key != null) {
            out.add(new Segment(since, end, label));
        }
        return out;
    }

    private static String segment(Scale x, Segment s, int y, String cls, String colour, String title) {
        return segment(x, s, y, ROW - 4, cls, colour, title, "1");
    }

    private static String segment(Scale x, Segment s, int y, int h, String cls, String colour, String title, String opacity) {
        double from = x.at(s.from());
        double width = Math.max(1, x.at(s.to()) - from);
        return String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"%s\">"
                        + "<title>%s, %s to %s</title></rect>", cls, from, y, width, h, colour, opacity, esc(title),
                TIME.format(Instant.ofEpochMilli(s.from() / 1000)), TIME.format(Instant.ofEpochMilli(s.to() / 1000)));
    }

    private static String legend() {
        StringBuilder b = new StringBuilder("<p class=\"legend\">");
        for (String[] l : new String[][]{{"#2e7d32", "MASTER"}, {"#90a4ae", "BACKUP"}, {"#ef6c00", "FAULT"}, {"#212121", "daemon killed"},
                {"#4fc3f7", "node paused"}, {"#757575", "node restarting"}, {"#6a1b9a", "holds the VIP"}, {"#66bb6a", "request served"},
                {"#c62828", "request failed / fault"}, {"#1565c0", "heal"}}) {
            // An SVG swatch, not a styled span: Jenkins' publishHTML serves pages under a CSP that drops inline styles.
            b.append("<svg width=\"24\" height=\"12\"><rect x=\"8\" width=\"12\" height=\"12\" fill=\"").append(l[0])
                    .append("\"/></svg>").append(l[1]);
        }
        return b.append("</p>\n").toString();
    }

    private static String breakdown(List<Failover> failovers) {
        StringBuilder b = new StringBuilder();
        for (Failover f : failovers) {
            b.append("<h2>Takeover after '").append(esc(f.fault())).append("'</h2>\n<p>").append(esc(String.valueOf(f.from()))).append(" &rarr; ")
                    .append(esc(String.valueOf(f.to()))).append(String.format(Locale.ROOT, ", client outage %.0f ms (%d failed requests)</p>\n",
                            f.outageMs(), f.failedRequests()));
            b.append("<table class=\"breakdown\"><tr><th>step</th><th>after the fault</th></tr>\n");
            for (Map.Entry<String, Double> s : f.steps().entrySet()) {
                b.append("<tr><td>").append(esc(s.getKey())).append("</td><td>")
                        .append(s.getValue() == null ? "not seen" : String.format(Locale.ROOT, "+%.0f ms", s.getValue())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        return b.toString();
    }

    private static String verdicts(List<Verdict> verdicts) {
        StringBuilder b = new StringBuilder("<h2>Verdicts</h2>\n<table class=\"verdicts\"><tr><th></th><th>verdict</th><th>measured</th>"
                + "<th>bound</th><th>detail</th></tr>\n");
        for (Verdict v : verdicts) {
            b.append("<tr><td class=\"").append(v.passed() ? "pass\">PASS" : v.unknown() ? "unknown\">UNKNOWN" : "fail\">FAIL").append("</td><td>")
                    .append(esc(v.name())).append("</td><td>").append(esc(v.measured().text())).append("</td><td>").append(esc(v.bound().text()))
                    .append("</td><td>")
                    .append(esc(v.detail())).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static Instant instant(Event e) {
        return Instant.ofEpochMilli(e.timeMicros() / 1000);
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
