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

    private JsonNode rollout(Path from, Path to, String daemon, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("rollout", "--from", from.toString(), "--to", to.toString(), "--daemon", daemon,
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

    /** The state changes during the rollout, as "NODE FROM->TO", in order: what the two daemons must agree on. */
    private static List<String> transitions(JsonNode report) {
        List<String> out = new ArrayList<>();
        boolean rolling = false;
        for (JsonNode e : report.get("events")) {
            String kind = e.get("kind").asText();
            String value = e.get("value").asText();
            if (kind.equals("phase")) {
                rolling = value.startsWith("rollout:") || (rolling && !value.equals("rolled out") && !value.equals("rollout stopped"));
            } else if (rolling && kind.equals("state")) {
                out.add(e.get("source").asText() + " " + value.replaceAll("^\\S+ (\\S+):.*$", "$1"));
            }
        }
        return out;
    }

    @Test
    void aPrioritySwapByReloadMovesTheVipOnceOnBothDaemons(@TempDir Path dir) throws Exception {
        Path from = seedDirs(dir.resolve("from"), "101", "100", "");
        Path to = seedDirs(dir.resolve("to"), "100", "101", "");

        JsonNode vrrpd = rollout(from, to, "vrrpd");
        JsonNode keepalived = rollout(from, to, "keepalived", "--no-fault-after");

        for (JsonNode r : List.of(vrrpd, keepalived)) {
            assertThat(r.get("exitCode").asInt()).as(r.toPrettyString()).isZero();
            assertThat(verdict(r, "VIP moves").get("measured").asText()).isEqualTo("1 move");
            assertThat(verdict(r, "final master").get("measured").asText()).contains("lb02");
            assertThat(verdict(r, "reloaded lb01").get("passed").asBoolean()).isTrue();
            System.out.println("FIGURE rolloutPrioritySwap " + r.get("title").asText() + ": " + verdict(r, "rollout outage").get("measured").asText());
        }
        // lb02 (a backup, first in the default order) takes 101 and preempts lb01; lb01's reload to 100 moves nothing
        assertThat(transitions(vrrpd)).as("vrrpd").containsExactly("lb02 BACKUP->MASTER", "lb01 MASTER->BACKUP");
        assertThat(transitions(keepalived)).as("keepalived").isEqualTo(transitions(vrrpd));
        // and the seed's first fault passes on the new configs: nginx killed on lb02 hands the VIP to lb01
        assertThat(verdict(vrrpd, "after the rollout: takeover").get("passed").asBoolean()).isTrue();
    }

    @Test
    void aChangeThatKeepsTheElectionCostsNothingOnBothDaemons(@TempDir Path dir) throws Exception {
        Path from = seedDirs(dir.resolve("from"), "101", "100", "");
        Path to = seedDirs(dir.resolve("to"), "101", "100", "notify_master \"/bin/true\"");

        for (String daemon : List.of("vrrpd", "keepalived")) {
            JsonNode r = rollout(from, to, daemon, "--no-fault-after");
            assertThat(r.get("exitCode").asInt()).as(r.toPrettyString()).isZero();
            assertThat(verdict(r, "rollout outage").get("measured").asText()).as(daemon).startsWith("0 failed requests");
            assertThat(verdict(r, "VIP moves").get("measured").asText()).as(daemon).isEqualTo("0 moves");
            assertThat(transitions(r)).as(daemon + ": no transition").isEmpty();
            assertThat(verdict(r, "reloaded lb02").get("measured").asText()).as(daemon).startsWith("applied");
        }
    }

    @Test
    void aConfigThatFailsItsTestIsRefusedAndTheNodeServesOn(@TempDir Path dir) throws Exception {
        Path from = seedDirs(dir.resolve("from"), "101", "100", "");
        // lb02 first (the default order): its new config has a VRID out of range, at line 26 of its file
        Path to = seedDirs(dir.resolve("to"), "101", "100", "");
        Path broken = to.resolve("lb02/keepalived.conf");
        Files.writeString(broken, Files.readString(broken).replace("virtual_router_id 51", "virtual_router_id 351"));
        int line = Files.readAllLines(broken).indexOf("    virtual_router_id 351") + 1;

        for (String daemon : List.of("vrrpd", "keepalived")) {
            JsonNode r = rollout(from, to, daemon, "--no-fault-after");
            assertThat(r.get("exitCode").asInt()).as(r.toPrettyString()).isEqualTo(1);
            JsonNode test = verdict(r, "config test on lb02");
            assertThat(test.get("passed").asBoolean()).isFalse();
            // vrrpd says file:line, keepalived (file: Line N): either way the user's file and the line
            assertThat(test.get("measured").asText()).as(daemon).contains(broken.toString()).containsPattern("(:| Line )" + line + "\\b");
            assertThat(verdict(r, "old config still serving").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(verdict(r, "final master").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(r.get("verdicts").findValuesAsText("name")).as("lb01 was never touched").doesNotContain("config test on lb01");
        }
    }
}
