package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hatest bench} end to end, kept small (one scenario, one rep per daemon): the figures come out, for
 * both daemons, in the documented JSON shape. The figures themselves are judged by no one: it is a benchmark.
 */
// Alone: its figures are timings, measured side by side with nothing else running.
@Isolated("its figures are timings")
class BenchIT {

    @Test
    void benchPrintsBothDaemonsFiguresAsJson() throws Exception {
        InProcessCli cli = new InProcessCli();

        int exit = cli.run("bench", "--scenario", "graceful-stop", "--reps", "1", "--json", "-q");

        System.out.println(cli.out());
        assertThat(exit).as(cli.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(cli.out());
        JsonNode s = root.get("scenarios").get(0);
        assertThat(s.get("name").asText()).isEqualTo("graceful-stop");
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            // a graceful stop always costs the client something: the skew wait at least
            assertThat(s.get(daemon).get("outageMs").get("p50").asDouble()).as(daemon).isPositive();
            assertThat(s.get(daemon).get("outageMs").get("n").asInt()).isEqualTo(1);
            assertThat(s.get(daemon).get("stepsMs").get("skew wait").get("p50").asDouble()).isPositive();
            assertThat(root.get("startupMs").get(daemon).get("first served").get("p50").asDouble()).isPositive();
        }
        assertThat(s.get("ratio").asDouble()).isPositive();
        assertThat(s.get("vrrpd").get("expectedMs").get("skew wait").get("lowMs").asDouble()).isEqualTo(609.4);
    }
}
