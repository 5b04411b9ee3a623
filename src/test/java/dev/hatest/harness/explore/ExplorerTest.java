package dev.hatest.harness.explore;

import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.explore.Schedules.Schedule;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search without containers: its order per seed, the model's predictions first, shrinking and flakes, with a fake runner. */
class ExplorerTest {

    private final Topology seed = SeedTopology.pair();
    private final List<String> log = new ArrayList<>();

    /** A runner whose runs fail verdict "takeover" when {@code breaks} holds of the schedule, else pass. */
    private static Explorer.Runner failingWhen(Predicate<Schedule> breaks, List<Schedule> ran) {
        return s -> {
            ran.add(s);
            boolean fails = breaks.test(s);
            return new RunReport("fake", !fails, List.of(Verdict.of("takeover", !fails, Measure.text("x"), Measure.text("y"), "")),
                    List.of(), List.of(), null);
        };
    }

    private static boolean has(Schedule s, FaultPlan.Kind kind, String node) {
        return s.steps().stream().anyMatch(st -> st.kind() == kind && java.util.Objects.equals(st.node(), node));
    }

    private Explorer.Options options(Topology t, long seedValue, Duration budget, int reruns) {
        return new Explorer.Options(t, Schedules.CATALOGUE, 2, seedValue, budget, reruns, log::add);
    }

    @Test
    void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() {
        List<Schedule> a = Schedules.ranked(seed, Schedules.CATALOGUE, 2, 7);
        assertThat(Schedules.ranked(seed, Schedules.CATALOGUE, 2, 7)).isEqualTo(a);
        assertThat(Schedules.ranked(seed, Schedules.CATALOGUE, 2, 8)).isNotEqualTo(a).containsExactlyInAnyOrderElementsOf(a);
        // singles (13 faults x lb01, lb02: the configs elect lb01, so "master" would be lb01 again) before pairs, no schedule twice
        assertThat(a.subList(0, 26)).allMatch(s -> s.steps().size() == 1);
        assertThat(a.get(26).steps()).hasSize(2);
        assertThat(a).doesNotHaveDuplicates().anyMatch(s -> s.steps().size() == 2);
        assertThat(Schedules.ranked(seed, Schedules.CATALOGUE, 1, 7)).allMatch(s -> s.steps().size() == 1);
    }

    @Test
    void theSeedPairPredictsNothingAndAWeightTooSmallIsTriedFirst() {
        assertThat(Schedules.ranked(seed, Schedules.CATALOGUE, 2, 1)).noneMatch(Schedule::predicted);
        // lb01 at 101 with a check of weight -1 drops to 100, ties lb02 and keeps the VIP it can't serve
        Topology weak = seed.with(SeedVariants.withFile(seed.node("lb01"), SeedTopology.CONFIG,
                seed.node("lb01").files().get(SeedTopology.CONFIG).replace("weight -5", "weight -1")));
        List<Schedule> ranked = Schedules.ranked(weak, Schedules.CATALOGUE, 2, 1);
        assertThat(ranked.get(0).predicted()).isTrue();
        assertThat(ranked.get(0).steps()).containsExactly(new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", "lb01", null, null, null, null));
    }

    @Test
    void aFailingSingleFaultIsAFindingOnceItReproduces() throws Exception {
        List<Schedule> ran = new ArrayList<>();
        // only a paused lb02 breaks the (fake) pair
        Explorer.Result r = Explorer.explore(options(seed, 3, Duration.ofMinutes(5), 2),
                failingWhen(s -> has(s, FaultPlan.Kind.PAUSE, "lb02"), ran));
        assertThat(r.finding()).isNotNull();
        assertThat(r.finding().minimal().steps()).extracting(ChaosPlan.Step::kind, ChaosPlan.Step::node)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FaultPlan.Kind.PAUSE, "lb02"));
        assertThat(r.finding().invariant()).containsExactly("takeover");
        assertThat(r.finding().reproduced()).isEqualTo(2);
        assertThat(r.finding().flaky()).isFalse();
        assertThat(r.tried()).hasSize(ran.size()).last().extracting(Explorer.Tried::outcome).isEqualTo(Verdict.Outcome.FAIL);
    }

    @Test
    void aFailingPairIsShrunkToTheOneFaultThatBreaksIt() throws Exception {
        List<Schedule> ran = new ArrayList<>();
        Explorer.Runner runner = failingWhen(s -> has(s, FaultPlan.Kind.PAUSE, "lb02"), ran);
        Schedule pair = new Schedule(List.of(new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", null, Duration.ofSeconds(5), null, null, null),
                new ChaosPlan.Step(FaultPlan.Kind.PAUSE, null, "lb02", null, null, null, null)), false);
        List<Explorer.Tried> tried = new ArrayList<>();
        Explorer.Tried first = new Explorer.Tried(pair, Verdict.Outcome.FAIL, List.of("takeover"), 1, null, runner.run(pair));
        Explorer.Finding f = Explorer.shrink(options(seed, 1, Duration.ofMinutes(5), 1), runner, pair, first, tried, System.nanoTime() + 60_000_000_000L);
        assertThat(f.minimal().steps()).containsExactly(new ChaosPlan.Step(FaultPlan.Kind.PAUSE, null, "lb02", null, null, null, null));
        assertThat(f.found()).isEqualTo(pair);
        assertThat(f.reproduced()).isEqualTo(1);
    }

    @Test
    void aPairThatNeedsBothFaultsIsNotShrunkBelowThem() throws Exception {
        List<Schedule> ran = new ArrayList<>();
        Explorer.Result r = Explorer.explore(new Explorer.Options(seed, Schedules.parse("kill:nginx,pause"), 2, 5, Duration.ofMinutes(5), 1,
                log::add), failingWhen(s -> has(s, FaultPlan.Kind.PAUSE, "lb01") && s.steps().size() == 2
                && s.steps().get(1).kind() == FaultPlan.Kind.KILL, ran));
        assertThat(r.finding()).isNotNull();
        assertThat(r.finding().minimal().steps()).hasSize(2);
        // its hold was halved while it still failed: 5 s -> 2.5 s -> 1.25 s, which is too short to halve again
        assertThat(r.finding().minimal().steps().get(0).heal()).isEqualTo(Duration.ofMillis(1250));
    }

    @Test
    void aFailureThatDoesNotReproduceIsAFlakeAndTheSearchGoesOn() throws Exception {
        int[] calls = {0};
        List<Schedule> ran = new ArrayList<>();
        Explorer.Runner once = s -> {
            calls[0]++;
            return failingWhen(x -> calls[0] == 1, ran).run(s);  // only the very first run fails
        };
        Explorer.Result r = Explorer.explore(new Explorer.Options(seed, Schedules.parse("kill:nginx"), 1, 1, Duration.ofMinutes(5), 1,
                log::add), once);
        assertThat(r.finding()).isNull();
        assertThat(r.flaky()).hasSize(1);
        assertThat(r.tried()).hasSize(2 + 1);  // the two singles (on lb01 and lb02), and one rerun of the flake
    }

    @Test
    void rolesAreTriedOnlyWhenTheConfigsLeaveTheElectionOpen() {
        assertThat(Schedules.targets(seed)).containsExactly("lb01", "lb02");
        assertThat(Schedules.targets(SeedVariants.nopreempt())).containsExactly("master", "backup", "lb01", "lb02");
    }

    @Test
    void theBudgetIsHonoured() throws Exception {
        Explorer.Result r = Explorer.explore(options(seed, 1, Duration.ZERO, 1), failingWhen(s -> false, new ArrayList<>()));
        assertThat(r.tried()).isEmpty();
        assertThat(r.budgetSpent()).isTrue();
    }

    @Test
    void theScheduleIsWrittenAsAScenarioFaultList() {
        Schedule s = new Schedule(List.of(new ChaosPlan.Step(FaultPlan.Kind.PAUSE, null, "lb02", Duration.ofSeconds(5), null, null, null),
                new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", null, null, null, null, null)), false);
        assertThat(Schedules.faultsYaml(s)).isEqualTo("""
                faults:
                  - pause: true
                    node: lb02
                    healAfter: 5000ms
                  - kill: nginx
                    node: master
                """);
        assertThatThrownBy(() -> Schedules.parse("kill:nginx,teleport")).hasMessageContaining("'teleport' is not a fault");
    }
}
