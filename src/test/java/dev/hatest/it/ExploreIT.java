package dev.hatest.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hatest explore} on a pair whose check's weight is too small to move the VIP (lb01 at 110 over lb02 at 100,
 * check_ng.sh every 2 s with weight -5): nginx killed on lb01 leaves it at 105, still master, serving nothing. The
 * configs' model predicts it, so it is the first schedule tried; the run confirms it, a rerun reproduces it, and
 * the saved scenario fails again under {@code hatest run}.
 */
class ExploreIT {

    private final InProcessCli cli = new InProcessCli();

    @Test
    void aWeightTooSmallIsFoundShrunkToOneFaultAndReplayedAsAFailingScenario(@TempDir Path dir) throws Exception {
        Path configs = RolloutIT.seedDirs(dir.resolve("pair"), "110", "100", "");
        Path found = dir.resolve("found.yaml");

        Path summary = dir.resolve("summary.json");
        int exit = cli.run("explore", "--config-dir", configs.toString(), "--budget", "10m", "--seed", "1",
                "--save-scenario", found.toString(), "--summary", summary.toString(), "-q");

        String out = cli.out();
        assertThat(exit).as(out + cli.err()).isEqualTo(1);
        assertThat(out).contains("FOUND: --kill nginx on lb01 fails",
                "(predicted by the configs, confirmed by a run; reproduced 1 of 1)");
        com.fasterxml.jackson.databind.JsonNode search = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
        assertThat(search.get("runs")).as("runs: the finding, then its rerun").hasSize(2);
        assertThat(search.get("finding").get("predicted").asBoolean()).isTrue();
        assertThat(search.get("finding").get("reproduced").asInt()).isEqualTo(1);
        System.out.println("FIGURE exploreWeightTooSmall " + out.lines().filter(l -> l.startsWith("FOUND")).findFirst().orElse(""));

        // the saved scenario replays the finding: the same fault fails the same way
        assertThat(Files.readString(found)).contains("configDir: " + configs.toAbsolutePath().normalize(), "- kill: nginx", "node: lb01");
        int replay = cli.run("run", found.toString(), "-q");
        assertThat(replay).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("FAIL");
    }

    /** The same search from a test, through the library: HaExplorer finds the predicted fault and says so in a line. */
    @Test
    void theLibrarysExplorerFindsTheSameFault(@TempDir Path dir) throws Exception {
        Path configs = RolloutIT.seedDirs(dir.resolve("pair"), "110", "100", "");

        dev.hatest.harness.explore.Explorer.Result r = dev.hatest.harness.junit.HaExplorer.forConfigs(configs).withFaults("kill:nginx")
                .withMaxFaults(1).withBudget(java.time.Duration.ofMinutes(5)).withSeed(1).explore();

        assertThat(r.finding()).as(dev.hatest.harness.junit.HaExplorer.describe(r)).isNotNull();
        assertThat(r.finding().minimal().predicted()).isTrue();
        assertThat(r.finding().reproduced()).isEqualTo(1);
        assertThat(dev.hatest.harness.junit.HaExplorer.describe(r)).startsWith("found (seed 1): --kill nginx on lb01 fails ");
    }
}
