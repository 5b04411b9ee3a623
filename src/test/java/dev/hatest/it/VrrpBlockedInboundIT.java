package dev.hatest.it;

import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.nemesis.BlockVrrp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Scenario 10: the backup's firewall drops incoming VRRP. lb02 hears nothing and becomes master; lb01 hears
 * lb02's lower adverts, answers each with an advert (which lb02 can't hear) and GARPs. Split brain until the
 * heal, which converges on lb01.
 */
class VrrpBlockedInboundIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void splitBrainIsReportedAndHealsToLb01() throws Exception {
        SplitBrainScenario.run(scenario, SeedVariants.weight(), new BlockVrrp("lb02", BlockVrrp.Direction.IN), true,
                Duration.ofSeconds(3), 1000, "clients stayed with lb01 through its GARPs");
    }
}
