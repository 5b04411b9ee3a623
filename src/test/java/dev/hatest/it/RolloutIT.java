package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hatest rollout} on the seed pair, for both daemons (issue 20's acceptance): a priority swap rolled out
 * by reload moves the VIP exactly once, to lb02, with the same transitions on vrrpd and keepalived; a change
 * that keeps the election (a notify script) costs no request and no transition; a config that fails the config
 * test on the first node stops the rollout with its file:line, and the node goes on serving on its old config.
 */
class RolloutIT {

    private static final String SUBNET = "198.18.20.0/24";
    private final InProcessCli cli = new InProcessCli();

    /** The seed pair as config folders (lb01 master at 101, lb02 at 100), each config passed through {@code edit}. */
    static Path seedDirs(Path dir, String lb01Priority, String lb02Priority, String extraLine) throws IOException {
        for (String[] n : new String[][]{{"lb01", "keepalived-master.conf", lb01Priority}, {"lb02", "keepalived-backup.conf", lb02Priority}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            String conf = resource(n[1]).replaceFirst("priority 10[01]", "priority " + n[2]);
            if (!extraLine.isEmpty()) {
                conf = conf.replace("    advert_int 1\n", "    advert_int 1\n    " + extraLine + "\n");
            }
            Files.writeString(d.resolve("keepalived.conf"), conf);
            Files.writeString(d.resolve("check_ng.sh"), resource("check_ng.sh"));
        }
        return dir;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RolloutIT.class.getResourceAsStream("/dev/hatest/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The rollout on vrrpd, then on keepalived, then their comparison: three runs in one report. */
    private JsonNode rollout(Path from, Path to, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("rollout", "--from", from.toString(), "--to", to.toString(), "--differential",
                "--subnet", SUBNET, "--json", "-q"));
        args.addAll(List.of(more));
        int code = cli.run(args.toArray(String[]::new));
        JsonNode report = new ObjectMapper().readTree(cli.out());
        ((com.fasterxml.jackson.databind.node.ObjectNode) report).put("exitCode", code);
        return report;
    }

    private static JsonNode verdict(JsonNode report, String name) {
        for (JsonNode v : report.get("verdicts")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no verdict '" + name + "' in " + report.get("verdicts"));
    }

    private static List<JsonNode> daemons(JsonNode all) {
        return List.of(all.get("runs").get(0), all.get("runs").get(1));
    }

    private static JsonNode comparison(JsonNode all) {
        return all.get("runs").get(2);
    }

    @Test
    void aPrioritySwapByReloadMovesTheVipOnceOnBothDaemons(@TempDir Path dir) throws Exception {
        Path from = seedDirs(dir.resolve("from"), "101", "100", "");
        Path to = seedDirs(dir.resolve("to"), "100", "101", "");

        JsonNode all = rollout(from, to);

        assertThat(all.get("exitCode").asInt()).as(all.toPrettyString()).isZero();
        for (JsonNode r : daemons(all)) {
            assertThat(verdict(r, "VIP moves").get("measured").asText()).as(r.get("title").asText()).isEqualTo("1 move");
            assertThat(verdict(r, "final master").get("measured").asText()).contains("lb02");
            assertThat(verdict(r, "reloaded lb01").get("passed").asBoolean()).isTrue();
            // and the seed's first fault passes on the new configs: nginx killed on lb02 hands the VIP to lb01
            assertThat(verdict(r, "after the rollout: takeover").get("passed").asBoolean()).isTrue();
            System.out.println("FIGURE rolloutPrioritySwap " + r.get("title").asText() + ": " + verdict(r, "rollout outage").get("measured").asText());
        }
        // each daemon's rollout, saved, is judged again from its History (record, then judge) to the verdicts it gave
        Path saved = dir.resolve("rollout.json");
        java.nio.file.Files.writeString(saved, all.toPrettyString());
        List<dev.hatest.harness.report.RunReport> runs = dev.hatest.harness.report.JsonReport.readAll(saved);
        for (dev.hatest.harness.report.RunReport r : runs.subList(0, 2)) {
            assertThat(r.judgeable()).as(r.title()).isTrue();
            assertThat(r.rejudged().verdicts()).extracting(v -> v.name() + " " + v.outcome() + " " + v.measured().text())
                    .containsExactlyElementsOf(r.verdicts().stream().map(v -> v.name() + " " + v.outcome() + " " + v.measured().text()).toList());
        }
        // lb02 (a backup, first in the default order) takes 101, ties lb01 and waits; lb01's reload to 100 lets it preempt
        JsonNode same = verdict(comparison(all), "same transitions");
        assertThat(same.get("passed").asBoolean()).as(same.toPrettyString()).isTrue();
        assertThat(same.get("measured").asText()).startsWith("vrrpd {lb01=[MASTER->BACKUP], lb02=[BACKUP->MASTER]}, keepalived");
    }

    @Test
    void aChangeThatKeepsTheElectionCostsNothingOnBothDaemons(@TempDir Path dir) throws Exception {
        Path from = seedDirs(dir.resolve("from"), "101", "100", "");
        Path to = seedDirs(dir.resolve("to"), "101", "100", "notify_master \"/bin/true\"");

        JsonNode all = rollout(from, to, "--no-fault-after");

        assertThat(all.get("exitCode").asInt()).as(all.toPrettyString()).isZero();
        for (JsonNode r : daemons(all)) {
            String daemon = r.get("title").asText();
            assertThat(verdict(r, "rollout outage").get("measured").asText()).as(daemon).startsWith("0 failed requests");
            assertThat(verdict(r, "VIP moves").get("measured").asText()).as(daemon).isEqualTo("0 moves");
            assertThat(verdict(r, "reloaded lb02").get("measured").asText()).as(daemon).startsWith("applied");
        }
        assertThat(verdict(comparison(all), "same transitions").get("measured").asText()).as("no transition").isEqualTo("vrrpd {}, keepalived {}");
    }

    @Test
    void aConfigThatFailsItsTestIsRefusedAndTheNodeServesOn(@TempDir Path dir) throws Exception {
        Path from = seedDirs(dir.resolve("from"), "101", "100", "");
        // lb02 first (the default order): its new config has a VRID out of range
        Path to = seedDirs(dir.resolve("to"), "101", "100", "");
        Path broken = to.resolve("lb02/keepalived.conf");
        Files.writeString(broken, Files.readString(broken).replace("virtual_router_id 51", "virtual_router_id 351"));
        int line = Files.readAllLines(broken).indexOf("    virtual_router_id 351") + 1;

        JsonNode all = rollout(from, to, "--no-fault-after");

        assertThat(all.get("exitCode").asInt()).as(all.toPrettyString()).isEqualTo(1);
        for (JsonNode r : daemons(all)) {
            String daemon = r.get("title").asText();
            JsonNode test = verdict(r, "config test on lb02");
            assertThat(test.get("passed").asBoolean()).as(daemon).isFalse();
            // vrrpd says file:line, keepalived (file: Line N): either way the user's file and the line
            assertThat(test.get("measured").asText()).as(daemon).contains(broken.toString()).containsPattern("(:| Line )" + line + "\\b");
            assertThat(verdict(r, "old config still serving").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(verdict(r, "final master").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(r.get("verdicts").findValuesAsText("name")).as("lb01 was never touched").doesNotContain("config test on lb01");
        }
    }

    @Test
    void aScenarioRollsOutByRestartAndThenJudgesItsFault(@TempDir Path dir) throws Exception {
        seedDirs(dir.resolve("now"), "101", "100", "");
        seedDirs(dir.resolve("next"), "100", "101", "");
        Path sc = Files.writeString(dir.resolve("swap.yaml"), """
                name: lb02 preferred, by restart
                topology:
                  configDir: now
                  subnet: %s
                rollout:
                  to: next
                  by: restart
                fault:
                  kill: nginx
                """.formatted(SUBNET));
        Path xml = dir.resolve("junit.xml");

        int exit = cli.run("run", sc.toString(), "--junit-xml", xml.toString(), "-q");

        assertThat(exit).as(cli.both()).isZero();
        // lb01's stop says goodbye (priority 0): lb02 takes over at once, lb01 comes back as backup at 100
        assertThat(cli.out()).contains("PASS restarted lb02", "PASS restarted lb01", "PASS final master", "PASS after the rollout: takeover")
                .containsPattern("PASS VIP moves\\s+1 move");
        assertThat(Files.readString(xml)).contains("name=\"config test on lb01\"");
    }
}
