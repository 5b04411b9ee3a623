package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed scenarios 01 (nginx killed, then restarted), 02 (daemon crashed) and 03 (daemon stopped), each run
 * on all-vrrpd and on all-keepalived clusters by {@code hatest run --differential}: the winners, the order of
 * masters, the split-brain time and every takeover step must agree within the timers' tolerance.
 */
class DifferentialIT {

    static final Path SEED = Path.of("src/main/resources/dev/hatest/scenarios");

    @Test
    void vrrpdAndKeepalivedAgreeOnTheSeedTakeovers(@TempDir Path dir) throws Exception {
        for (String f : List.of("01-nginx-killed-on-master.yaml", "02-vrrpd-crashed-on-master.yaml", "03-vrrpd-stopped-on-master.yaml")) {
            Files.copy(SEED.resolve(f), dir.resolve(f));
        }
        InProcessCli cli = new InProcessCli();

        // --parallel 2: each scenario's vrrpd and keepalived runs side by side, on two test networks of their own
        int exit = cli.run("run", dir.toString(), "--differential", "--parallel", "2", "--json", "-q");

        String text = cli.out();
        System.out.println(text);
        JsonNode root = new ObjectMapper().readTree(text.substring(0, text.lastIndexOf('}') + 1));
        List<String> titles = new ArrayList<>();
        root.get("runs").forEach(r -> titles.add(r.get("title").asText()));
        assertThat(titles).hasSize(9);
        for (int i = 0; i < 3; i++) {
            assertThat(titles.get(3 * i)).contains("[vrrpd]");
            assertThat(titles.get(3 * i + 1)).contains("[keepalived]");
            JsonNode compared = root.get("runs").get(3 * i + 2);
            assertThat(compared.get("title").asText()).contains("vrrpd and keepalived compared");
            // the two sides ran at once, so on two subnets: each was judged on its own VIP
            String vrrpdVip = root.get("runs").get(3 * i).path("analysis").path("vip").asText();
            String keepalivedVip = root.get("runs").get(3 * i + 1).path("analysis").path("vip").asText();
            assertThat(vrrpdVip).isNotEmpty().isNotEqualTo(keepalivedVip);
            assertThat(keepalivedVip).isNotEmpty();
            List<String> names = new ArrayList<>();
            int scenario = i + 1;
            compared.get("verdicts").forEach(v -> {
                names.add(v.get("name").asText());
                System.out.println("FIGURE differential.0" + scenario + "." + v.get("name").asText().replace(' ', '-') + "=" + v.get("measured").asText());
            });
            assertThat(names).as("%s", DifferentialIT.harnessNotes(root)).contains("same winners", "same transitions", "same split brain", "takeover 1 timing");
            // lb01 was master first, on both, however soon the fault came after it won
            assertThat(compared.get("verdicts").get(1).get("measured").asText()).startsWith("vrrpd [lb01, lb02").contains("keepalived [lb01, lb02");
        }
        // 01 heals nginx: its takeover and its failback are both compared
        assertThat(root.get("runs").get(2).toString()).contains("takeover 2 timing");
        assertThat(exit).as(cli.both()).isZero();
    }

    /**
     * What the harness noted in each run of a JSON report about nodes that said nothing, or a run that broke: the
     * first thing to read when a differential goes wrong in a way the daemons can't explain.
     */
    static String harnessNotes(JsonNode root) {
        StringBuilder b = new StringBuilder();
        root.path("runs").forEach(r -> r.path("events").forEach(e -> {
            String v = e.path("value").asText();
            if (e.path("source").asText().equals("harness") && (v.contains("logged no event") || e.path("kind").asText().equals("lost")
                    || v.contains("is taken on this engine"))) {
                b.append(r.path("title").asText()).append(": ").append(v).append('\n');
            }
        }));
        return b.toString();
    }
}
