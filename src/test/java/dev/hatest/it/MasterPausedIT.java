package dev.hatest.it;

import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.nemesis.PauseNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Scenario 11: the master is frozen (docker pause), as a VM stalled by its host. lb02 takes over; the frozen
 * node is no live master. On unpause lb01 reads lb02's queued lower adverts and answers them, with GARPs that
 * bring the clients back, and lb02 steps down on lb01's first advert.
 */
class MasterPausedIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void lb02TakesOverAndLb01ReclaimsTheVipWhenItThaws() throws Exception {
        // No split brain: a frozen lb01 claims nothing. After the unpause, clients come back with lb01's GARPs:
        // advert_int (lb02's next advert, if none was queued) + 1 s.
        SplitBrainScenario.run(scenario, SeedVariants.weight(), new PauseNode("lb01"), false,
                Duration.ofSeconds(3), 2000, "advert_int 1 s + 1 s: lb01's GARPs answer lb02's adverts");
    }
}
