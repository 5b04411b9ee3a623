package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
import dev.hatest.harness.cluster.Profile;
import dev.hatest.harness.cluster.SeedTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fast profile end to end (issue 8): vrrpd sees nginx die through a pidfd (a container gets no process
 * events) and hands over with a priority-0 advert; and nothing moves while every core is oversubscribed. The
 * sub-second target itself is a benchmark figure (README), not asserted here; the takeover verdict holds the
 * outage to its derived bound (Master_Down_Interval + 2 s), whatever the machine.
 */
// Alone: 50 ms adverts and a CPU hog on every core; another cluster's start beside it would be a fault of its own.
@Isolated("fast-profile timers and a CPU hog: another cluster beside it would disturb both")
class FastProfileIT {

    @Test
    void nginxKillIsAFaultHandOverOnBothDaemonsWithTheStepsBrokenDown() throws Exception {
        InProcessCli cli = new InProcessCli();

        int exit = cli.run("bench", "--profile", "fast", "--scenario", "nginx-kill", "--reps", "1", "--json", "-q");

        System.out.println(cli.out());
        assertThat(exit).as(cli.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(cli.out()).get("scenarios").get(0);
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            JsonNode d = s.get(daemon);
            assertThat(d.get("failedReps").asInt()).as(daemon + " passed its verdicts").isZero();
            assertThat(d.get("outageMs").get("n").asInt()).isEqualTo(1);
            // the old master went to FAULT and said goodbye: the backup waited Skew_Time, not Master_Down_Interval
            assertThat(d.get("stepsMs").has("skew wait")).as(daemon).isTrue();
            assertThat(d.get("stepsMs").has("Master_Down")).as(daemon).isFalse();
            assertThat(d.get("expectedMs").get("skew wait").get("lowMs").asDouble()).isEqualTo(30.5);
        }
        assertThat(s.get("vrrpd").get("expectedMs").get("detection").get("highMs").asDouble()).isZero();
        assertThat(s.get("keepalived").get("expectedMs").get("detection").get("highMs").asDouble()).isEqualTo(1000);
    }

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void vrrpdTracksNginxThroughPidfdsInAContainerAndFaultsWhenItDies() throws Exception {
        Cluster cluster = scenario.startConvergedOn(Profile.FAST.apply(SeedTopology.pair()), "lb01");
        Node lb01 = cluster.node("lb01");
        // nginx's master and its workers (one per core) match "process nginx"
        JsonNode before = status(lb01);
        assertThat(before.get("processEvents").asText()).as("a container gets no process events").isEqualTo("pidfd");
        assertThat(before.get("processes").get("chk_nginx").get("count").asInt()).isGreaterThanOrEqualTo(2);

        lb01.exec("pkill", "-KILL", "-x", "nginx");

        // The pidfds wake the watcher at once; 10 s only keeps a broken watcher from hanging the build.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = status(lb01);
            assertThat(after.get("processes").get("chk_nginx").get("status").asText()).isEqualTo("down");
            assertThat(after.get("instances").get(0).get("state").asText()).isEqualTo("FAULT");
        });
    }

    private static JsonNode status(Node node) throws Exception {
        var r = node.exec("curl", "-s", "-m", "2", "http://127.0.0.1:8081/status");
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
        return new ObjectMapper().readTree(r.getStdout());
    }

    @Test
    void aCpuHogMovesNothingAtFiftyMilliseconds() throws Exception {
        InProcessCli cli = new InProcessCli();

        // 20 s here keeps mvn verify short; `hatest bench --scenario cpu-stress` runs the 5 minutes.
        int exit = cli.run("chaos", "--cpu-hog", "--profile", "fast", "--heal-after", "20s");

        System.out.println(cli.out());
        assertThat(exit).as(cli.both()).isZero();
        assertThat(cli.out()).contains("PASS flapping", "PASS advert gaps", "PASS no takeover");
    }
}
