package dev.hatest.it;

import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.nemesis.ScriptOutcome;
import dev.hatest.harness.scenario.ChaosRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 16: large weights at both ends of [1,254]. lb01: 250 + 50 = 300, clamped to 254 (255 would claim
 * address ownership). lb02: 3 - 50 = -47, clamped to 1 (0 would mean resigning). The clamped values are what
 * goes on the wire, and they never drift.
 */
class PriorityClampIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void effectivePrioritiesClampTo254And1OnTheWire() throws Exception {
        Topology t = SeedVariants.clamp();

        // Given the pair has converged on lb01, whose checks have run
        scenario.startConvergedOn(t, "lb01");
        // the topology as it runs: on another subnet when this one was taken (clusters side by side)
        Topology running = scenario.topology();
        scenario.await("both priorities settled", events -> priority(events, "lb01", "VI_1 250->254") && priority(events, "lb02", "VI_1 3->1"),
                Duration.ofSeconds(10));
        long from = History.nowMicros();

        // When three more check intervals (2 s each) pass
        long to = scenario.hold(Duration.ofSeconds(6));

        // Then lb01 advertised 254 throughout, never more: the weight applies once, not per run
        List<Event> adverts = scenario.history().events().stream().filter(e -> e.kind().equals(Kinds.ADVERT)
                && e.timeMicros() >= from && e.timeMicros() <= to).toList();
        assertThat(adverts).hasSizeGreaterThanOrEqualTo(5).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("lb01");
            assertThat(e.value()).isEqualTo("vrid 51 prio 254");
        });
        assertThat(scenario.history().events()).filteredOn(e -> e.kind().equals(Kinds.PRIORITY)).hasSize(2);

        // When lb01's boosting check starts failing (its script replaced, nginx untouched)
        Event boostLost = scenario.inject(new ScriptOutcome("lb01", "chk_boost", false));

        // Then lb01 drops back to its base 250 and stays master
        scenario.await("lb01 at 250", events -> priority(events, "lb01", "VI_1 254->250"), Duration.ofSeconds(10));
        scenario.await("an advert at 250", events -> events.stream().anyMatch(e -> e.kind().equals(Kinds.ADVERT)
                && e.timeMicros() > boostLost.timeMicros() && e.value().equals("vrid 51 prio 250")), Duration.ofSeconds(5));

        // When lb01's daemon stops
        Event stop = scenario.inject(KillProcess.stop("lb01", NodeProcess.VRRPD));

        // Then lb02 takes over at priority 1, and advertises 1, not 0
        scenario.await("lb02 serves", ChaosRun.servedSteadilyByOtherThan(running.vip(), "lb01"), Duration.ofSeconds(20));
        scenario.await("lb02's adverts", events -> events.stream().filter(e -> e.kind().equals(Kinds.ADVERT)
                && e.source().equals("lb02") && e.timeMicros() > stop.timeMicros()).count() >= 2, Duration.ofSeconds(5));
        assertThat(scenario.history().events()).filteredOn(e -> e.kind().equals(Kinds.ADVERT) && e.source().equals("lb02"))
                .allSatisfy(e -> assertThat(e.value()).isEqualTo("vrid 51 prio 1"));
    }

    private static boolean priority(List<Event> events, String node, String change) {
        return events.stream().anyMatch(e -> e.source().equals(node) && e.kind().equals(Kinds.PRIORITY) && e.value().equals(change));
    }
}
