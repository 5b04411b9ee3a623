package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Combining and scheduling faults, with faults that only record what they were asked to do. */
class ScheduleTest {

    private final List<String> done = new ArrayList<>();

    private Nemesis fake(String name) {
        return new Nemesis() {
            @Override
            public String describe() {
                return name;
            }

            @Override
            public void inject(Cluster cluster) {
                done.add("inject " + name);
            }

            @Override
            public void heal(Cluster cluster) {
                done.add("heal " + name);
            }
        };
    }

    @Test
    void combinedFaultsAreInjectedInOrderAndHealedInReverse() {
        // The cluster is never started: these faults don't touch it, only its History.
        Cluster cluster = new Cluster(SeedTopology.pair(), new History());
        Nemesis both = Nemesis.all(fake("a"), fake("b"));
        both.invoke(cluster);
        both.recover(cluster);
        assertThat(done).containsExactly("inject a", "inject b", "heal b", "heal a");
        assertThat(cluster.history().events()).extracting(Event::kind, Event::value)
                .containsExactly(Tuple.tuple(Kinds.FAULT, "a + b"), Tuple.tuple(Kinds.HEAL, "a + b"));
    }

    @Test
    void aScheduleRunsItsStepsInTimeOrderAndLeavesOpenFaultsForHealAll() throws InterruptedException {
        Cluster cluster = new Cluster(SeedTopology.pair(), new History());
        Schedule s = new Schedule()
                .at(Duration.ofMillis(40), fake("late"), null)
                .at(Duration.ZERO, fake("early"), Duration.ofMillis(20));
        long before = History.nowMicros();
        s.run(cluster);
        assertThat(done).containsExactly("inject early", "heal early", "inject late");
        List<Event> events = cluster.history().events();
        assertThat(events).extracting(Event::value).containsExactly("early", "early", "late");
        // The heal is due 20 ms after the schedule's start (not after the inject's event, which may itself be
        // late by the first call's class loading), and the late inject 40 ms after it.
        assertThat(events.get(1).timeMicros() - before).isGreaterThanOrEqualTo(20_000);
        assertThat(events.get(2).timeMicros() - before).isGreaterThanOrEqualTo(40_000);
        s.healAll(cluster);
        assertThat(done).last().isEqualTo("heal late");
    }
}
