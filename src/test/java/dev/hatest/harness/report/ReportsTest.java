package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reports of a hand-written run: lb01 serves, its nginx is killed, lb02 takes over. */
public class ReportsTest {

    static final String VIP = "198.18.0.200";

    /** A run in the shape ChaosRun reports: one takeover, a passing and a failing verdict. */
    public static RunReport run() {
        List<Event> events = new ArrayList<>();
        long ms = 1000;
        long t0 = 1_700_000_000_000L * ms;
        events.add(Event.saved(t0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
        events.add(Event.saved(t0 + 1, "lb02", Kinds.STATE, "VI_1 INITIALIZE->BACKUP: start"));
        events.add(Event.saved(t0 + 5 * ms, "lb01", Kinds.VIP_ADD, VIP));
        events.add(Event.saved(t0 + 3000 * ms, "harness", Kinds.PHASE, "converged on lb01"));
        for (long t = 100; t <= 4000; t += 20) {
            events.add(Event.saved(t0 + t * ms, "client", Kinds.HTTP_OK, VIP + " lb01"));
        }
        events.add(Event.saved(t0 + 4001 * ms, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01"));
        for (long t = 4020; t < 9000; t += 20) {
            events.add(Event.saved(t0 + t * ms, "client", Kinds.HTTP_FAIL, VIP + " refused"));
        }
        events.add(Event.saved(t0 + 8900 * ms, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
        events.add(Event.saved(t0 + 8904 * ms, "lb02", Kinds.VIP_ADD, VIP));
        events.add(Event.saved(t0 + 8910 * ms, "lb01", Kinds.VIP_DEL, VIP));
        events.add(Event.saved(t0 + 8911 * ms, "lb01", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert"));
        for (long t = 9000; t <= 10000; t += 20) {
            events.add(Event.saved(t0 + t * ms, "client", Kinds.HTTP_OK, VIP + " lb02"));
        }
        java.util.Collections.sort(events);
        Event fault = events.stream().filter(e -> e.kind().equals(Kinds.FAULT)).findFirst().orElseThrow();
        Failover f = TakeoverChecker.failover(events, fault, VIP, t0 + 10_000 * ms);
        List<Verdict> verdicts = List.of(TakeoverChecker.verdict(f, "lb01", 11609),
                Verdict.of("single master", false, "900 ms with 2+ masters", "<= 1500 ms", "a <made-up> \"failure\" & more"));
        return new RunReport("hatest chaos: kill -9 nginx", false, verdicts, List.of(f), events, "(fall 2 + 1) x interval 2000 ms + ...");
    }

    @Test
    void jsonCarriesTheSpineFieldsAndReadsBackToTheSameRun(@TempDir Path dir) throws Exception {
        RunReport r = run();
        String json = JsonReport.render(r);
        assertThat(json).contains("\"passed\" : false", "\"from\" : \"lb01\"", "\"to\" : \"lb02\"", "\"outageMs\" : 5000", "\"stepsMs\"");
        Path file = dir.resolve("run.json");
        Files.writeString(file, json);

        RunReport back = JsonReport.read(file);

        assertThat(back.events()).isEqualTo(r.events());
        assertThat(back.verdicts()).isEqualTo(r.verdicts());
        assertThat(back.failovers().get(0).from()).isEqualTo("lb01");
        assertThat(back.failovers().get(0).outageMs()).isEqualTo(5000);
        assertThat(back.failovers().get(0).steps().keySet()).containsExactlyElementsOf(r.failovers().get(0).steps().keySet());
        assertThat(JsonReport.render(back)).isEqualTo(json);
    }

    @Test
    void verdictsCarryTheirIdOutcomeValueAndUnitAndABrokenRunIsUnknownNotFailed(@TempDir Path dir) throws Exception {
        RunReport judged = run();
        assertThat(judged.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        Verdict takeover = judged.verdicts().get(0);
        assertThat(takeover.id()).isEqualTo("takeover");
        assertThat(takeover.measured().value()).isEqualTo(5000.0);
        assertThat(takeover.measured().unit()).isEqualTo("ms");
        assertThat(takeover.bound().value()).isEqualTo(11609.0);
        assertThat(JsonReport.render(judged)).contains("\"format\" : 2", "\"outcome\" : \"FAIL\"", "\"id\" : \"takeover\"",
                "\"measuredValue\" : 5000.0", "\"measuredUnit\" : \"ms\"", "\"boundValue\" : 11609.0");

        RunReport broken = new RunReport(judged.title(), false, List.of(takeover, judged.verdicts().get(1).unjudged("the client container is gone")),
                judged.failovers(), judged.events(), judged.boundFormula(), "the client container is gone");
        assertThat(broken.outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
        assertThat(broken.passed()).isFalse();
        assertThat(TextReport.render(broken)).contains("????", "COULD NOT JUDGE: the client container is gone").doesNotContain("FAILED");
        String xml = JunitXmlReport.render(broken);
        assertThat(xml).contains("errors=\"1\"", "<error message=\"single master", "type=\"could-not-judge\"");
        Path file = Files.writeString(dir.resolve("broken.json"), JsonReport.render(broken));
        RunReport back = JsonReport.read(file);
        assertThat(back.verdicts()).isEqualTo(broken.verdicts());
        assertThat(back.broken()).isEqualTo("the client container is gone");
        assertThat(back.outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
    }

    @Test
    void aFileThatIsNotAReportIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("a.json"), "{\n  \"passed\": tru");
        assertThatThrownBy(() -> JsonReport.read(notJson)).hasMessageStartingWith(notJson + ":2: not JSON");
        Path other = Files.writeString(dir.resolve("b.json"), "{\"hello\": 1}");
        assertThatThrownBy(() -> JsonReport.read(other)).hasMessageContaining("not a hatest report");
    }

    @Test
    void junitXmlHasATestcasePerVerdictWithFailuresAndFigures() throws Exception {
        String xml = JunitXmlReport.render(run());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        Element takeover = (Element) cases.item(0);
        assertThat(takeover.getAttribute("name")).isEqualTo("takeover");
        assertThat(takeover.getAttribute("classname")).isEqualTo("hatest.hatest_chaos_kill_9_nginx");
        assertThat(takeover.getElementsByTagName("failure").getLength()).isZero();
        Element single = (Element) cases.item(1);
        Element failure = (Element) single.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("single master: measured 900 ms with 2+ masters, bound <= 1500 ms");
        assertThat(failure.getTextContent()).isEqualTo("a <made-up> \"failure\" & more");
        assertThat(xml).contains("<property name=\"failover.0.outageMs\" value=\"5000\"/>",
                "<property name=\"measured\" value=\"5000 ms\"/>");
    }

    @Test
    void htmlDrawsALanePerNodeTheFaultAndTheClientStrip() {
        String html = HtmlReport.render(run());

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", " src=", "href=", "<link");
        assertThat(html).contains("id=\"lane-lb01\"", "id=\"lane-lb02\"", "class=\"fault\"", "class=\"client\" data-vip=\"" + VIP + "\"");
        // lb01: MASTER then BACKUP; lb02: BACKUP then MASTER
        assertThat(html.split("class=\"state\"", -1)).hasSize(5);
        // each node held the VIP once
        assertThat(html.split("class=\"vip\"", -1)).hasSize(3);
        // the client: served by lb01, failing, served by lb02
        assertThat(html.split("class=\"request-ok\"", -1)).hasSize(3);
        assertThat(html.split("class=\"request-fail\"", -1)).hasSize(2);
        assertThat(html).contains("a &lt;made-up&gt; &quot;failure&quot; &amp; more", "client outage 5000 ms");
    }

    @Test
    void plotCsvHasOneColumnPerFigure() {
        assertThat(PlotCsv.render(run())).isEqualTo("outage 1 ms,transition 1 ms\n5000,4899\n");
    }
}
