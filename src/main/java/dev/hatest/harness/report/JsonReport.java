package dev.hatest.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON: {@code {"passed", "failovers": [{"fault", "from", "to", "outageMs", "steps"}],
 * "verdicts": [...], "events": [...]}}. The field names are a contract (Jenkins and scripts read them).
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(RunReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", r.title());
        root.put("passed", r.passed());
        root.put("outageBound", r.boundFormula());
        List<Object> failovers = new ArrayList<>();
        for (Failover f : r.failovers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fault", f.fault());
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
            m.put("name", v.name());
            m.put("passed", v.passed());
            m.put("measured", v.measured());
            m.put("bound", v.bound());
            m.put("detail", v.detail());
            verdicts.add(m);
        }
        root.put("verdicts", verdicts);
        root.put("events", r.events());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
