package dev.hatest.it;

import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 15: lb02's auth_pass differs. Each node drops the other's adverts (RFC 3768 7.1), counts them,
 * and becomes master: a split brain that the harness flags.
 */
class AuthMismatchIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    private static final Pattern AUTH_DROPS = Pattern.compile("\"AUTH_MISMATCH\":(\\d+)");

    @Test
    void bothNodesIgnoreEachOtherAndTheSplitBrainIsFlagged() throws Exception {
        Topology t = SeedVariants.authMismatch();

        // Given the pair with different passwords has started
        Cluster cluster = scenario.startConverged(t, r -> Scenario.masters("lb01", "lb02"), "both nodes claim MASTER");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        long from = History.nowMicros();

        // When three seconds pass
        long to = scenario.hold(Duration.ofSeconds(3));

        // Then two live masters held the VIP the whole time: flagged as split brain
        SingleMasterChecker.SplitBrain s = SingleMasterChecker.measure(scenario.history().events(), running.vip(), "VI_1", from, to);
        scenario.expect(SingleMasterChecker.detected(s, 2900));
        assertThat(SingleMasterChecker.verdict(s, 1500).passed()).as("the single-master verdict fails").isFalse();
        // and each node dropped the other's adverts as an authentication mismatch. As with keepalived 2.2.7
        // (measured, two keepalived with different passwords): each dropped advert restarts a master's advert
        // timer, so one master ends up silenced by the other's adverts, one a second, while the other drops
        // only what the silenced one sent on becoming master
        List<Long> drops = new ArrayList<>();
        for (String node : new String[]{"lb01", "lb02"}) {
            Matcher m = AUTH_DROPS.matcher(cluster.node(node).exec("curl", "-s", "localhost:8081/status").getStdout());
            assertThat(m.find()).as("%s counts auth drops", node).isTrue();
            scenario.figure(node + ".authDrops", m.group(1));
            drops.add(Long.parseLong(m.group(1)));
        }
        assertThat(Collections.min(drops)).as("auth drops of the node that was not silenced").isGreaterThanOrEqualTo(1);
        assertThat(Collections.max(drops)).as("auth drops of the silenced node, one a second").isGreaterThanOrEqualTo(3);
    }
}
