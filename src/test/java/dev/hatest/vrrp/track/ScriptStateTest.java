package dev.hatest.vrrp.track;

import dev.hatest.vrrp.track.EffectivePriority.Contribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptStateTest {

    @Test
    void fallFailuresInARowMarkItBadAndRiseSuccessesMarkItGood() {
        ScriptState s = new ScriptState(2, 3);
        s.record(true);
        assertThat(s.good()).isTrue();
        s.record(false);
        assertThat(s.good()).as("one failure of fall 2").isTrue();
        s.record(true);
        s.record(false);
        assertThat(s.good()).as("the success in between restarted the count").isTrue();
        s.record(false);
        assertThat(s.good()).isFalse();
        s.record(true);
        s.record(true);
        assertThat(s.good()).as("two successes of rise 3").isFalse();
        s.record(true);
        assertThat(s.good()).isTrue();
    }

    @Test
    void aNegativeWeightAppliesWhileFailingAndNeverDrifts() {
        List<Contribution> failing = List.of(new Contribution(-5, true, false));
        for (int i = 0; i < 100; i++) {
            assertThat(EffectivePriority.of(101, failing)).isEqualTo(96);
        }
        assertThat(EffectivePriority.of(101, List.of(new Contribution(-5, true, true)))).isEqualTo(101);
    }

    @Test
    void aPositiveWeightAppliesWhilePassing() {
        assertThat(EffectivePriority.of(100, List.of(new Contribution(10, true, true)))).isEqualTo(110);
        assertThat(EffectivePriority.of(100, List.of(new Contribution(10, true, false)))).isEqualTo(100);
        assertThat(EffectivePriority.of(100, List.of(new Contribution(10, false, true)))).as("unknown yet").isEqualTo(100);
    }

    @Test
    void theEffectivePriorityIsClampedTo1And254() {
        assertThat(EffectivePriority.of(200, List.of(new Contribution(253, true, true)))).isEqualTo(254);
        assertThat(EffectivePriority.of(10, List.of(new Contribution(-253, true, false)))).isEqualTo(1);
        assertThat(EffectivePriority.of(100, List.of(new Contribution(-60, true, false), new Contribution(-60, true, false)))).isEqualTo(1);
    }
}
