package dev.hatest.it;

import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.check.WireCadenceChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.history.Requests;
import dev.hatest.harness.scenario.OutageBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 1: the seed pair at rest. */
// Alone: it holds the master's advert cadence to 1000 ± 100 ms on the wire; beside other clusters' starts (JVMs
// on 2 cores) an advert came 180 ms late (gaps 821..1000 ms, measured with it.parallel 3).
@Isolated("advert cadence 1000 ± 100 ms")
class SeedSteadyStateIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void onlyThePriority101NodeHoldsTheVipServesAndAdvertisesOncePerSecond() throws Exception {
        // Given the seed pair (lb01 at priority 101, lb02 at 100) has converged
        Topology seed = SeedTopology.pair();
        Cluster cluster = scenario.startConvergedOn(seed, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        long from = History.nowMicros();

        // When five seconds of steady state pass
        long to = scenario.hold(Duration.ofSeconds(5));

        // Then lb01 alone held the VIP, and every request in that window was served by lb01
        List<Event> events = scenario.history().events();
        assertThat(VipHolders.spans(events, running.vip(), from, to))
                .allSatisfy(span -> assertThat(span.holders()).isEqualTo(Set.of("lb01")));
        List<Event> requests = events.stream()
                .filter(e -> Requests.isFor(e, running.vip()) && e.timeMicros() >= from && e.timeMicros() <= to).toList();
        // (5 s of a 20 ms probe is up to 250 requests; over 100 means the client really watched)
        assertThat(requests).hasSizeGreaterThan(100).allSatisfy(e -> assertThat(Requests.servedBy(e, running.vip(), "lb01")).isTrue());
        // and on the wire only lb01 advertises VRID 51, once per advert_int (1 s), within 100 ms: the
        // daemon's timer jitter plus the capture's, on a shared 2-core machine
        double advert = OutageBound.advertMillis(running.node("lb01").config(), running.vip());
        scenario.expect(WireCadenceChecker.verdict(WireCadenceChecker.measure(events, 51, from, to), advert, 100, 4));
        assertThat(events).filteredOn(e -> e.kind().equals(Kinds.ADVERT) && e.timeMicros() >= from)
                .allSatisfy(e -> assertThat(e.value()).isEqualTo("vrid 51 prio 101"));
        // and the status endpoints agree: lb01 MASTER at priority 101, lb02 BACKUP following lb01
        assertThat(cluster.node("lb01").exec("curl", "-s", "localhost:8081/status").getStdout())
                .contains("\"state\":\"MASTER\"", "\"effectivePriority\":101", "\"vrid\":51");
        assertThat(cluster.node("lb02").exec("curl", "-s", "localhost:8081/status").getStdout())
                .contains("\"state\":\"BACKUP\"", "\"masterAddress\":\"" + running.node("lb01").address() + "\"");
    }
}
