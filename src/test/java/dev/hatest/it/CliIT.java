package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as an operator runs it, against real containers: every report of one chaos run, a scenario shard, and a
 * scenario's fault schedule.
 */
class CliIT {

    private final InProcessCli cli = new InProcessCli();

    private int hatest(String... args) {
        return cli.run(args);
    }

    @Test
    void chaosWritesJsonJunitXmlAndHtml(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("r.xml");
        Path html = dir.resolve("r.html");

        int exit = hatest("chaos", "--kill", "nginx", "--junit-xml", xml.toString(), "--html", html.toString(), "--json", "-q");

        assertThat(exit).as(cli.both()).isZero();
        assertThat(cli.out()).contains("\"passed\" : true", "\"from\" : \"lb01\"", "\"to\" : \"lb02\"", "\"outageMs\"");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isGreaterThanOrEqualTo(4);
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
        assertThat(Files.readString(xml)).contains("name=\"failover.0.outageMs\"");
        assertThat(Files.readString(html)).contains("id=\"lane-lb01\"", "id=\"lane-lb02\"", "class=\"fault\"", "class=\"request-fail\"");
    }

    @Test
    void runsOneShardOfAScenarioFolder(@TempDir Path dir) throws Exception {
        // Two scenarios, shard 2/2: only the second runs, and it is a fault nobody may notice.
        Files.writeString(dir.resolve("a.yaml"), "name: not this one\nfault:\n  kill: vrrpd\n");
        Files.writeString(dir.resolve("b.yaml"), "name: nginx killed on the backup\nfault:\n  kill: nginx\n  node: lb02\n  healAfter: 3s\n");
        Path xml = dir.resolve("junit.xml");

        int exit = hatest("run", dir.toString(), "--shard", "2/2", "--junit-xml", xml.toString(), "-q");

        assertThat(exit).as(cli.both()).isZero();
        assertThat(cli.out()).contains("nginx killed on the backup: kill -9 nginx on lb02", "PASS no takeover", "1 of 1 runs passed")
                .doesNotContain("not this one");
        assertThat(Files.readString(xml)).contains("<testsuite name=\"nginx killed on the backup: kill -9 nginx on lb02");
    }

    @Test
    void runsAFaultScheduleStepByStep() throws Exception {
        // Three nodes; nginx dies on lb01, then the daemon on lb02, the master by then: the VIP must go to lb02
        // and then to lb03, each takeover judged on its own.
        int exit = hatest("run", "src/test/resources/scenarios/three-nodes-master-fails-twice.yaml", "--json", "-q");

        assertThat(exit).as(cli.both()).isZero();
        JsonNode report = new ObjectMapper().readTree(cli.out().substring(0, cli.out().lastIndexOf('}') + 1));
        JsonNode run = report.has("runs") ? report.get("runs").get(0) : report;
        assertThat(run.get("title").asText()).contains("2 faults (kill -9 nginx, then kill -9 vrrpd)");
        List<String> names = new java.util.ArrayList<>();
        run.get("verdicts").forEach(v -> names.add(v.get("name").asText() + " " + v.get("measured").asText()));
        assertThat(names).contains("step 1 winner holders [lb02]", "step 2 winner holders [lb03]")
                .anyMatch(n -> n.startsWith("step 1 takeover")).anyMatch(n -> n.startsWith("step 2 takeover"));
        assertThat(run.get("failovers")).hasSize(2);
        assertThat(run.get("failovers").get(0).get("from").asText()).isEqualTo("lb01");
        assertThat(run.get("failovers").get(1).get("from").asText()).isEqualTo("lb02");
        assertThat(run.get("failovers").get(1).get("to").asText()).isEqualTo("lb03");
    }
}
