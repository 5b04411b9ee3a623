package dev.hatest.it;

import dev.hatest.HostTools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hatest.cli.Hatest;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Stale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import static dev.hatest.it.Scenario.KEPT_CLUSTERS;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that outlives the command, as an operator uses it: `up` leaves it running and exits, `status`
 * reads it, `chaos --attach` breaks it from another process, and `down` removes it.
 */
// One kept cluster at a time: `status`, `chaos --attach` and `down` without a run id take the only one up.
// (Beside other classes `up` once printed "held by nobody" next to a MASTER: under load lb01's daemon started
// seconds late, lb02 served, `up` called that converged, and its status caught lb01's preemption. `up` now waits,
// as chaos does, for every daemon and then the elected node.)
@ResourceLock(KEPT_CLUSTERS)
class UpAttachIT {

    private static final String SUBNET = "198.18.5.0/24";

    private final InProcessCli cli = new InProcessCli();

    private int hatest(String... args) {
        return cli.run(args);
    }

    @AfterEach
    void removeWhateverIsLeft() {
        Stale.removeKept(null);
    }

    /**
     * `hatest up` as its own process, as the launcher runs it: the cluster must outlive it (Testcontainers'
     * shutdown hook removes what a process started, unless that process ends without running it).
     */
    private String upInItsOwnProcess() throws Exception {
        Process p = HostTools.command(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Hatest.class.getName(), "up", "--subnet", SUBNET, "-q")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void upStatusAttachDown() throws Exception {
        assertThat(upInItsOwnProcess()).contains("lb01", "198.18.5.201", "MASTER", "VIP 198.18.5.200: held by lb01", "Converged");
        assertThat(Cluster.keptClusters()).hasSize(1);
        String run = Cluster.keptClusters().get(0).runId();

        // The cluster is still there for a later command: status reads it from its nodes.
        assertThat(hatest("status", "--json")).as(cli.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(cli.out());
        assertThat(status.path("runId").asText()).isEqualTo(run);
        assertThat(status.path("nodes").get(0).path("instances").get(0).path("state").asText()).isEqualTo("MASTER");
        assertThat(status.path("nodes").get(1).path("instances").get(0).path("state").asText()).isEqualTo("BACKUP");
        assertThat(status.path("vipHolders").path("198.18.5.200").toString()).isEqualTo("[\"lb01\"]");

        // Break it: nginx dies on the master it is running with; the takeover is judged as on a fresh cluster.
        assertThat(hatest("chaos", "--attach", "--kill", "nginx", "-q")).as(cli.both()).isZero();
        assertThat(cli.out()).contains("of cluster " + run, "PASS", "lb01 -> lb02");

        // It is left up, as broken as it was left: nginx still dead on lb01, the VIP on lb02.
        assertThat(hatest("status")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("VIP 198.18.5.200: held by lb02", "chk_nginx bad");
        assertThat(cli.out().lines().filter(l -> l.startsWith("lb01")).findFirst().orElseThrow()).contains("down", "BACKUP", "101/96");

        assertThat(hatest("down")).isZero();
        assertThat(Cluster.keptClusters()).isEmpty();
        assertThat(hatest("status")).as("nothing is up any more").isEqualTo(2);
        assertThat(cli.err()).contains("no cluster is up: start one with `hatest up`");
    }
}
