package dev.hatest.it;

import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeedSteadyStateIT {

    @Test
    void onlyThePriority101NodeHoldsTheVipAndServesTheClient() throws Exception {
        // Given the seed pair (lb01 at priority 101, lb02 at 100) has converged
        Topology seed = SeedTopology.pair();
        try (Cluster cluster = Scenarios.startedAndConvergedOn(seed, "lb01")) {
            History history = cluster.history();
            long from = History.nowMicros();

            // When two more seconds of steady state pass (100 probes at 20 ms)
            boolean twoSecondsLater = history.await(events -> History.nowMicros() - from >= 2_000_000, Duration.ofSeconds(5));
            assertThat(twoSecondsLater).isTrue();

            // Then lb01 alone held the VIP, and every request in that window was served by lb01
            List<Event> events = history.events();
            long to = History.nowMicros();
            assertThat(VipHolders.spans(events, seed.vip(), from, to))
                    .allSatisfy(span -> assertThat(span.holders()).isEqualTo(Set.of("lb01")));
            List<Event> requests = events.stream()
                    .filter(e -> e.source().equals("client") && e.timeMicros() >= from && e.timeMicros() <= to)
                    .filter(e -> e.kind().equals(Kinds.HTTP_OK) || e.kind().equals(Kinds.HTTP_FAIL)).toList();
            assertThat(requests).hasSizeGreaterThan(50)
                    .allSatisfy(e -> {
                        assertThat(e.kind()).isEqualTo(Kinds.HTTP_OK);
                        assertThat(e.value()).isEqualTo("lb01");
                    });
            // and lb01's status endpoint agrees: MASTER at priority 101, lb02 BACKUP
            assertThat(cluster.node("lb01").exec("curl", "-s", "localhost:8081/status").getStdout())
                    .contains("\"state\":\"MASTER\"", "\"effectivePriority\":101", "\"vrid\":51");
            assertThat(cluster.node("lb02").exec("curl", "-s", "localhost:8081/status").getStdout())
                    .contains("\"state\":\"BACKUP\"", "\"masterAddress\":\"" + seed.node("lb01").address() + "\"");
        }
    }
}
