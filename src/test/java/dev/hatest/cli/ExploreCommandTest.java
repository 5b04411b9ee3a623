package dev.hatest.cli;

import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.Load;
import dev.hatest.harness.explore.Explorer;
import dev.hatest.harness.explore.Schedules;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code explore --save-scenario} writes replays the finding: the same cluster, faults and, under --load, the same load. */
class ExploreCommandTest {

    private static Explorer.Finding finding() {
        Schedules.Schedule s = new Schedules.Schedule(List.of(new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", "lb01", null, null, null, null)),
                true);
        return new Explorer.Finding(s, List.of("load-failed-requests"), 1, 1, null, s);
    }

    @Test
    void theSummaryIsTheSearchAsJson() throws Exception {
        Explorer.Finding f = finding();
        Explorer.Tried run = new Explorer.Tried(f.minimal(), dev.hatest.harness.check.Verdict.Outcome.FAIL, List.of("load-failed-requests"),
                12.34, null, null);
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                ExploreCommand.summaryJson(new Explorer.Result(7, List.of(run, run), f, List.of(), false, 40)));
        assertThat(root.get("seed").asLong()).isEqualTo(7);
        assertThat(root.get("outcome").asText()).isEqualTo("FOUND");
        assertThat(root.get("runs")).hasSize(2);
        assertThat(root.get("runs").get(0).get("failed").get(0).asText()).isEqualTo("load-failed-requests");
        assertThat(root.get("runs").get(0).get("seconds").asDouble()).isEqualTo(12.3);
        assertThat(root.get("finding").get("schedule").asText()).isEqualTo(f.minimal().describe());
        assertThat(root.get("finding").get("predicted").asBoolean()).isTrue();
        assertThat(root.get("finding").get("shrunkFrom").isNull()).isTrue();
    }

    @Test
    void aSavedScenarioCarriesTheLoadTheSearchRanUnder(@TempDir Path dir) throws Exception {
        Load load = new Load(250, 800, 1, 40, 0);
        Path file = Files.writeString(dir.resolve("found.yaml"), ExploreCommand.scenario(ClusterSpec.SEED, load, finding(), 7));
        ChaosPlan replay = ChaosPlan.of(ScenarioFile.read(file), ChaosPlan.Overrides.NONE);
        assertThat(replay.topology().load()).isEqualTo(load);
        assertThat(replay.steps()).hasSize(1);

        Path none = Files.writeString(dir.resolve("plain.yaml"), ExploreCommand.scenario(ClusterSpec.SEED, finding(), 7));
        assertThat(ChaosPlan.of(ScenarioFile.read(none), ChaosPlan.Overrides.NONE).topology().load()).isNull();
    }
}
