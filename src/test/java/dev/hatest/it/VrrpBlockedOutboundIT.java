package dev.hatest.it;

import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.nemesis.BlockVrrp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Scenario 9: a firewall on the master drops its outgoing VRRP. lb02 hears nothing and becomes master while
 * lb01 still is: split brain, detected and reported. lb01 hears lb02's lower adverts and answers each with
 * GARPs (which are not IP and pass), so clients stay with lb01. The heal converges on one master.
 */
class VrrpBlockedOutboundIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void splitBrainIsReportedAndHealsToLb01() throws Exception {
        // After the heal clients are already on lb01 (its GARPs kept them): 1 s covers the last flip.
        SplitBrainScenario.run(scenario, SeedVariants.weight(), new BlockVrrp("lb01", BlockVrrp.Direction.OUT), true,
                Duration.ofSeconds(3), 1000, "clients stayed with lb01 through its GARPs");
    }
}
