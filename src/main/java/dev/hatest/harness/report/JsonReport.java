package dev.hatest.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.RunAnalysis;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.history.Event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON: {@code {"format", "title", "passed", "outcome", "broken", "outageBound", "failovers": [{"fault",
 * "faultAtMicros", "from", "to", "outageMs", "failedRequests", "stepsMs"}], "verdicts": [{"id", "name", "outcome",
 * "passed", "measured", "measuredValue", "measuredUnit", "bound", "boundValue", "boundUnit", "detail"}], "events":
 * [...], "load": [...]}}, "load" only for a run with a load ({@code LoadAnalysis.Figures}). The field names are a contract (Jenkins and scripts read them); {@code format} is {@value #FORMAT} and
 * grows with them. {@code measured} and {@code bound} are text for people; a program reads the value and unit
 * (null where the figure is not a number). It carries the whole History, so {@link #read} gives back the run and
 * {@code hatest report} re-renders any report from it.
 */
public final class JsonReport {

    /** The version of this JSON's shape: 2 added the verdicts' ids, outcomes, values and units, and the run's outcome. */
    public static final int FORMAT = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(RunReport r) {
        return write(map(r));
    }

    /** One run as {@link #render}; several as {@code {"passed": all passed, "runs": [run, ...]}}. */
    public static String render(List<RunReport> runs) {
        if (runs.size() == 1) {
            return render(runs.get(0));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("passed", runs.stream().allMatch(RunReport::passed));
        root.put("outcome", RunReport.outcome(runs).name());
        root.put("runs", runs.stream().map(JsonReport::map).toList());
        return write(root);
    }

    private static Map<String, Object> map(RunReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("title", r.title());
        root.put("passed", r.passed());
        root.put("outcome", r.outcome().name());
        root.put("broken", r.broken());
        root.put("outageBound", r.boundFormula());
        List<Object> failovers = new ArrayList<>();
        for (Failover f : r.failovers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fault", f.fault());
            m.put("faultAtMicros", f.faultAtMicros());
            m.put("from", f.from());
            m.put("to", f.to());
            m.put("outageMs", Math.round(f.outageMs()));
            m.put("failedRequests", f.failedRequests());
            Map<String, Object> steps = new LinkedHashMap<>();
            f.steps().forEach((k, v) -> steps.put(k, v == null ? null : Math.round(v)));
            m.put("stepsMs", steps);
            failovers.add(m);
        }
        root.put("failovers", failovers);
        List<Object> verdicts = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id());
            m.put("name", v.name());
            m.put("outcome", v.outcome().name());
            m.put("passed", v.passed());
            m.put("measured", v.measured().text());
            m.put("measuredValue", v.measured().value());
            m.put("measuredUnit", v.measured().unit());
            m.put("bound", v.bound().text());
            m.put("boundValue", v.bound().value());
            m.put("boundUnit", v.bound().unit());
            m.put("detail", v.detail());
            verdicts.add(m);
        }
        root.put("verdicts", verdicts);
        // the load's figures of each step (--load): failed requests by kind, connections lost, the 100 ms series
        List<dev.hatest.harness.check.LoadAnalysis.Figures> load = r.load();
        if (!load.isEmpty()) {
            root.put("load", nanToNull(MAPPER.valueToTree(load)));
        }
        List<Object> events = new ArrayList<>();
        for (Event e : r.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timeMicros", e.timeMicros());
            m.put("source", e.source());
            m.put("kind", e.kind());
            m.put("value", e.value());
            events.add(m);
        }
        root.put("events", events);
        // what the verdicts were judged from besides the events: hatest report judges the run again with it
        root.put("analysis", r.analysis() == null ? null : MAPPER.valueToTree(r.analysis()));
        return root;
    }

    /** A figure that is not a number (no request served in a bucket: no latency) as null, not the string "NaN". */
    private static com.fasterxml.jackson.databind.JsonNode nanToNull(com.fasterxml.jackson.databind.JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                com.fasterxml.jackson.databind.JsonNode v = o.get(k);
                if (v.isNumber() && !Double.isFinite(v.doubleValue())) {
                    o.putNull(k);
                } else {
                    nanToNull(v);
                }
            }
        } else if (n instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (com.fasterxml.jackson.databind.JsonNode v : a) {
                nanToNull(v);
            }
        }
        return n;
    }

    private static String write(Object root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads back a report written by {@link #render}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong, for anything else
     */
    public static RunReport read(Path file) throws IOException {
        List<RunReport> all = readAll(file);
        if (all.size() != 1) {
            throw new IllegalArgumentException(file + ":1: holds " + all.size() + " runs, not one");
        }
        return all.get(0);
    }

    /** The runs in a file written by either form of {@link #render} (gzipped when its name ends in {@code .gz}). */
    public static List<RunReport> readAll(Path file) throws IOException {
        String text;
        if (file.getFileName().toString().endsWith(".gz")) {
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.path("runs").isArray()) {
            List<RunReport> out = new ArrayList<>();
            for (JsonNode run : root.path("runs")) {
                out.add(run(file, run));
            }
            return out;
        }
        return List.of(run(file, root));
    }

    private static RunReport run(Path file, JsonNode root) {
        if (root == null || !root.isObject() || !root.has("passed") || !root.path("events").isArray()) {
            throw new IllegalArgumentException(file + ":1: not a hatest report (no \"passed\" and \"events\"); write one with --json or --save");
        }
        List<Failover> failovers = new ArrayList<>();
        for (JsonNode f : root.path("failovers")) {
            Map<String, Double> steps = new LinkedHashMap<>();
            f.path("stepsMs").fields().forEachRemaining(s -> steps.put(s.getKey(), s.getValue().isNull() ? null : s.getValue().asDouble()));
            failovers.add(new Failover(f.path("fault").asText(), f.path("faultAtMicros").asLong(), text(f, "from"), text(f, "to"),
                    f.path("outageMs").asDouble(), f.path("failedRequests").asInt(), steps));
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode v : root.path("verdicts")) {
            String name = v.path("name").asText();
            Verdict.Outcome outcome = v.has("outcome") ? Verdict.Outcome.valueOf(v.path("outcome").asText())
                    : v.path("passed").asBoolean() ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL;  // format 1
            Verdict read = Verdict.of(name, outcome == Verdict.Outcome.PASS, measure(v, "measured"), measure(v, "bound"), text(v, "detail"));
            verdicts.add(new Verdict(v.has("id") ? v.path("id").asText() : read.id(), name, outcome, read.measured(), read.bound(), read.detail()));
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            events.add(Event.saved(e.path("timeMicros").asLong(), e.path("source").asText(), e.path("kind").asText(), e.path("value").asText()));
        }
        RunAnalysis.Spec analysis = null;
        if (root.hasNonNull("analysis")) {
            try {
                analysis = MAPPER.treeToValue(root.get("analysis"), RunAnalysis.Spec.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": its \"analysis\" is not one this hatest reads: " + e.getMessage(), e);
            }
        }
        return new RunReport(text(root, "title"), root.path("passed").asBoolean(), verdicts, failovers, events, text(root, "outageBound"),
                text(root, "broken"), analysis);
    }

    /** A verdict's figure: its text, with its value and unit where the report has them (format 2). */
    private static Measure measure(JsonNode v, String field) {
        String text = text(v, field);
        JsonNode value = v.get(field + "Value");
        if (value == null || value.isNull() || !value.isNumber()) {
            return Measure.text(text);
        }
        return new Measure(value.asDouble(), text(v, field + "Unit"), text == null ? "" : text);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
