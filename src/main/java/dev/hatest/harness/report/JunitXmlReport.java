package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Verdict;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reports as JUnit XML, the format Jenkins' {@code junit} step reads: a {@code <testsuite>} per run, a
 * {@code <testcase>} per verdict (a {@code <failure>} when it failed), and the figures as properties: the
 * measured value and bound of each verdict, and each takeover's outage and steps on the suite.
 */
public final class JunitXmlReport {

    private JunitXmlReport() {
    }

    public static String render(RunReport r) {
        return render(List.of(r));
    }

    public static String render(List<RunReport> runs) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "hatest");
            w.writeAttribute("tests", String.valueOf(runs.stream().mapToInt(r -> cases(r)).sum()));
            w.writeAttribute("failures", String.valueOf(runs.stream().mapToLong(JunitXmlReport::failures).sum()));
            w.writeAttribute("errors", String.valueOf(runs.stream().mapToLong(JunitXmlReport::errors).sum()));
            w.writeCharacters("\n");
            for (RunReport r : runs) {
                suite(w, r);
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static int cases(RunReport r) {
        return Math.max(1, r.verdicts().size());
    }

    private static long failures(RunReport r) {
        return r.verdicts().isEmpty() ? (r.passed() || r.broken() != null ? 0 : 1) : r.verdicts().stream().filter(Verdict::failed).count();
    }

    /** Verdicts that could not be judged (or a broken run with none): errors, not failures. */
    private static long errors(RunReport r) {
        return r.verdicts().isEmpty() ? (r.broken() != null ? 1 : 0) : r.verdicts().stream().filter(Verdict::unknown).count();
    }

    private static void suite(XMLStreamWriter w, RunReport r) throws XMLStreamException {
        String className = className(r.title());
        double seconds = r.events().isEmpty() ? 0
                : (r.events().get(r.events().size() - 1).timeMicros() - r.events().get(0).timeMicros()) / 1e6;
        w.writeStartElement("testsuite");
        w.writeAttribute("name", r.title() == null ? "hatest" : r.title());
        w.writeAttribute("tests", String.valueOf(cases(r)));
        w.writeAttribute("failures", String.valueOf(failures(r)));
        w.writeAttribute("errors", String.valueOf(errors(r)));
        w.writeAttribute("skipped", "0");
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
        w.writeCharacters("\n  ");
        w.writeStartElement("properties");
        if (r.boundFormula() != null) {
            property(w, "outageBound", r.boundFormula());
        }
        int i = 0;
        for (Failover f : r.failovers()) {
            String p = "failover." + i++ + ".";
            property(w, p + "fault", f.fault());
            property(w, p + "from", String.valueOf(f.from()));
            property(w, p + "to", String.valueOf(f.to()));
            property(w, p + "outageMs", String.valueOf(Math.round(f.outageMs())));
            property(w, p + "failedRequests", String.valueOf(f.failedRequests()));
            for (Map.Entry<String, Double> s : f.steps().entrySet()) {
                property(w, p + "stepMs." + s.getKey(), s.getValue() == null ? "not seen" : String.valueOf(Math.round(s.getValue())));
            }
        }
        w.writeEndElement();
        if (r.verdicts().isEmpty()) {
            w.writeCharacters("\n  ");
            w.writeStartElement("testcase");
            w.writeAttribute("classname", className);
            w.writeAttribute("name", "run");
            w.writeAttribute("time", "0");
            if (!r.passed()) {
                w.writeStartElement(r.broken() != null ? "error" : "failure");
                w.writeAttribute("message", r.broken() != null ? "could not judge: " + r.broken() : "the run failed before any verdict");
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        for (Verdict v : r.verdicts()) {
            w.writeCharacters("\n  ");
            w.writeStartElement("testcase");
            w.writeAttribute("classname", className);
            w.writeAttribute("name", v.name());
            w.writeAttribute("time", "0");
            w.writeStartElement("properties");
            property(w, "id", v.id());
            property(w, "outcome", v.outcome().name());
            property(w, "measured", v.measured().text());
            if (v.measured().numeric()) {
                property(w, "measuredValue", String.valueOf(v.measured().value()));
                property(w, "measuredUnit", v.measured().unit());
            }
            property(w, "bound", v.bound().text());
            if (v.bound().numeric()) {
                property(w, "boundValue", String.valueOf(v.bound().value()));
                property(w, "boundUnit", v.bound().unit());
            }
            w.writeEndElement();
            if (!v.passed()) {
                // a failed verdict is a test failure; one that could not be judged is an error, as JUnit has it
                w.writeStartElement(v.unknown() ? "error" : "failure");
                w.writeAttribute("message", v.name() + ": measured " + v.measured() + ", bound " + v.bound());
                w.writeAttribute("type", v.unknown() ? "could-not-judge" : "verdict");
                w.writeCharacters(v.detail() == null ? "" : v.detail());
                w.writeEndElement();
            }
            w.writeStartElement("system-out");
            w.writeCharacters(v.name() + ": measured " + v.measured() + ", bound " + v.bound()
                    + (v.detail() == null || v.detail().isEmpty() ? "" : "\n" + v.detail()));
            w.writeEndElement();
            w.writeEndElement();
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value == null ? "" : value);
    }

    /** A Java-ish class name for Jenkins' tree: "hatest." and the title's words. */
    static String className(String title) {
        String slug = (title == null ? "run" : title).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return "hatest." + (slug.isEmpty() ? "run" : slug);
    }
}
