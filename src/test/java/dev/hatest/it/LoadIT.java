package dev.hatest.it;

import dev.hatest.harness.check.LoadAnalysis;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Load;
import dev.hatest.harness.history.Observation.LoadRequest.Outcome;
import dev.hatest.harness.junit.Fault;
import dev.hatest.harness.junit.HaCluster;
import dev.hatest.harness.junit.Takeover;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed pair under 100 requests/s of users' load (keep-alive connections, two 8 s downloads in flight), broken
 * three ways; each time the failures are of the kinds the mechanism predicts, and the takeover's own verdicts
 * still pass with the load beside the probe.
 */
class LoadIT {

    private static final Load LOAD = Load.of(100);

    private static LoadAnalysis.Figures figures(Takeover t) {
        assertThat(t.passed()).as(t.toString()).isTrue();
        assertThat(t.verdict("load-failed-requests")).as("the load is judged").get().satisfies(v -> assertThat(v.passed()).isTrue());
        LoadAnalysis.Figures f = t.load().orElseThrow();
        // judged again from its History as hatest report would: the same load verdict
        assertThat(t.report().rejudged().verdicts()).filteredOn(v -> v.id().equals("load-failed-requests"))
                .containsExactlyElementsOf(t.verdicts().stream().filter(v -> v.id().equals("load-failed-requests")).toList());
        // 100/s from the fault to the step's end, which is 2 s after the outcome: a graceful handover's ~0.6 s
        // and the tail make about 260; a takeover after a killed nginx, 5 to 8 s more
        assertThat(f.requests()).as("about 100/s from the fault to the step's end").isGreaterThan(200);
        System.out.println("FIGURE load " + t.fault() + ": " + f.requests() + " requests, failed " + f.failedByKind() + ", "
                + f.connectionsLost() + " keep-alive connections lost, " + f.downloadsCut() + " of " + f.downloads()
                + " downloads cut, longest with nothing served " + Math.round(f.longestGapMs()) + " ms");
        assertThat(f.servedBy()).as("the new master served the load").containsKey("lb02");
        return f;
    }

    @Test
    void nginxKilledOnTheMasterRefusesNewConnectionsAndEndsTheOpenOnes() {
        try (HaCluster ha = HaCluster.seedPair().withLoad(LOAD)) {
            ha.start();
            Takeover t = ha.inject(Fault.kill(Fault.Process.NGINX).onMaster());
            LoadAnalysis.Figures f = figures(t);
            // nginx gone: lb01's kernel refuses every new connection until the VIP moves (seconds: the check's fall
            // and Master_Down_Interval), and ends the keep-alive ones that were open to it
            assertThat(f.failed()).as(f.toString()).containsKey(Outcome.REFUSED);
            assertThat(f.failed().get(Outcome.REFUSED)).as("refused for seconds at 100/s").isGreaterThan(100);
            assertThat(f.servedStale()).as("lb01's daemon lives: no stale VIP").isZero();
            assertThat(f.failed()).containsKey(Outcome.RESET);
            assertThat(f.connectionsLost()).isPositive();
            assertThat(f.downloadsCut()).as("the downloads in flight from lb01's nginx die with it").isPositive();
            assertThat(f.longestGapMs()).as("nothing served from the kill to the takeover")
                    .isGreaterThan(2000).isLessThan(t.boundMs() + 2000);
        }
    }

    @Test
    void aGracefulHandoverCostsOnlyTheConnectionsOpenToTheOldMaster() {
        try (HaCluster ha = HaCluster.seedPair().withLoad(LOAD)) {
            ha.start();
            Takeover t = ha.inject(Fault.stop(Fault.Process.VRRP_DAEMON).onMaster());
            LoadAnalysis.Figures f = figures(t);
            // nginx stays up on both nodes: nothing is refused. lb01 gives the VIP up with a priority-0 advert; until
            // lb02's GARPs move the client, packets for the VIP reach a node without it (timeouts), and after them the
            // connections open to lb01 reach lb02, which knows nothing of them and resets them.
            assertThat(f.failed()).as(f.toString()).doesNotContainKey(Outcome.REFUSED);
            assertThat(Set.of(Outcome.RESET, Outcome.CUT, Outcome.TIMEOUT, Outcome.UNREACHABLE)).containsAll(f.failed().keySet());
            assertThat(f.connectionsLost() + f.downloadsCut()).as("connections open to lb01 are lost when the VIP moves: " + f)
                    .isPositive();
            assertThat(f.longestGapMs()).as("a handover within about Skew_Time, not Master_Down_Interval").isLessThan(3000);
        }
    }

    /**
     * A reload that keeps the election, node by node, under 100 requests/s: the users lose nothing, which is what the
     * rollout's load verdict allows by default (issue 35's acceptance asks it of a version rollout too).
     */
    @Test
    void aRolloutThatKeepsTheElectionCostsTheUsersNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path from = RolloutIT.seedDirs(dir.resolve("from"), "101", "100", "");
        java.nio.file.Path to = RolloutIT.seedDirs(dir.resolve("to"), "101", "100", "notify_master \"/bin/true\"");
        InProcessCli cli = new InProcessCli();

        int exit = cli.run("rollout", "--from", from.toString(), "--to", to.toString(), "--no-fault-after", "--load", "100", "--json", "-q");

        assertThat(exit).as(cli.both()).isZero();
        com.fasterxml.jackson.databind.JsonNode run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.out());
        com.fasterxml.jackson.databind.JsonNode v = null;
        for (com.fasterxml.jackson.databind.JsonNode x : run.get("verdicts")) {
            if (x.get("name").asText().equals("rollout load failed requests")) {
                v = x;
            }
        }
        assertThat(v).as(run.get("verdicts").toPrettyString()).isNotNull();
        assertThat(v.get("passed").asBoolean()).as(v.toPrettyString()).isTrue();
        assertThat(v.get("measuredValue").asDouble()).isZero();
        com.fasterxml.jackson.databind.JsonNode figures = run.get("load").get(0);
        assertThat(figures.get("step").asText()).isEqualTo("rollout ");
        assertThat(figures.get("requests").asInt()).as("100/s through two reloads and their settling").isGreaterThan(500);
        System.out.println("FIGURE load rollout (reload, election kept): " + figures.get("requests").asInt() + " requests, "
                + figures.get("failed") + " failed, longest with nothing served " + figures.get("longestGapMs").asLong() + " ms");
    }

    @Test
    void aKilledDaemonLeavesTheVipServedUntilTheBackupTakesItThenResets() {
        try (HaCluster ha = HaCluster.seedPair().withLoad(LOAD)) {
            ha.start();
            Takeover t = ha.inject(Fault.kill(Fault.Process.VRRP_DAEMON).onMaster());
            LoadAnalysis.Figures f = figures(t);
            // lb01 keeps its (stale) VIP and its nginx: it serves on until lb02 takes over after Master_Down_Interval
            // and its GARPs move the client; then the connections open to lb01 are reset by lb02
            assertThat(f.servedBy()).as(f.toString()).containsKey("lb01");
            assertThat(f.servedStale()).as("served by lb01's stale VIP, no daemon behind it").isPositive();
            assertThat(f.failed()).doesNotContainKey(Outcome.REFUSED);
            assertThat(f.connectionsLost() + f.downloadsCut()).isPositive();
            assertThat(t.verdicts()).extracting(Verdict::id).contains("load-failed-requests");
        }
    }
}
