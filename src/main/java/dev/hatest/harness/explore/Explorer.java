package dev.hatest.harness.explore;

import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.explore.Schedules.Schedule;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code hatest explore}: tries fault schedules ({@link Schedules#ranked}) until one fails a verdict or the budget
 * runs out, then shrinks the failing one ({@link Schedules#smaller}) to the smallest that still fails the same
 * way, and reruns it to tell a finding from a flake. Each schedule is a run spec that the one executor runs and the
 * analysis judges ({@link ChaosPlan}); the search itself only orders, compares and counts, so it is tested with a
 * {@link Runner} that needs no containers.
 */
public final class Explorer {

    /** Runs one schedule and returns its judged report. */
    @FunctionalInterface
    public interface Runner {
        RunReport run(Schedule s) throws InterruptedException;
    }

    /**
     * @param reruns how many times the minimal schedule is run again to count how often it reproduces
     */
    public record Options(Topology topology, List<Schedules.Fault> catalogue, int maxFaults, long seed, Duration budget, int reruns,
                          Consumer<String> progress) {
    }

    /** One run: what was tried, how it came out, which verdicts failed (their ids), and its report. */
    public record Tried(Schedule schedule, Verdict.Outcome outcome, List<String> failed, double seconds, String why, RunReport report) {
    }

    /**
     * A schedule that breaks the pair.
     *
     * @param invariant   the verdicts it fails (their ids), the same in every reproduction
     * @param reproduced  how many of the reruns failed the same way
     */
    public record Finding(Schedule minimal, List<String> invariant, int reproduced, int reruns, RunReport report, Schedule found) {
        public boolean flaky() {
            return reproduced == 0 && reruns > 0;
        }
    }

    /** What the exploration did: every run tried, the finding (null when the budget ran out clean), and any flakes. */
    public record Result(long seed, List<Tried> tried, Finding finding, List<Finding> flaky, boolean budgetSpent, int candidates) {
        /** Every run tried could not be judged (the engine or a container broke each time). */
        public boolean nothingJudged() {
            return !tried.isEmpty() && tried.stream().allMatch(t -> t.outcome() == Verdict.Outcome.UNKNOWN);
        }
    }

    private Explorer() {
    }

    /**
     * Checks that every fault of {@code catalogue} on every target is one chaos takes, before any container: a mistake
     * is an {@link IllegalArgumentException} naming it.
     */
    public static void check(Topology t, String what, List<Schedules.Fault> catalogue) {
        for (Schedule s : Schedules.ranked(t, catalogue, 1, 0)) {
            new ChaosPlan(t, what, s.steps(), null, null, null).check();
        }
    }

    /** The runner of real runs: each schedule as {@code chaos}'s run spec on a fresh cluster of {@code t}. */
    public static Runner clusters(Topology t, String what, Consumer<String> progress) {
        return s -> new ChaosPlan(t, what, s.steps(), null, null, null).run("hatest explore", progress);
    }

    public static Result explore(Options o, Runner runner) throws InterruptedException {
        long deadline = System.nanoTime() + o.budget().toNanos();
        List<Schedule> order = Schedules.ranked(o.topology(), o.catalogue(), o.maxFaults(), o.seed());
        List<Tried> tried = new ArrayList<>();
        List<Finding> flaky = new ArrayList<>();
        int n = 0;
        for (Schedule s : order) {
            if (System.nanoTime() > deadline) {
                return new Result(o.seed(), tried, null, flaky, true, order.size());
            }
            n++;
            o.progress().accept(String.format("schedule %d of %d (%s): %s; budget left %d s", n, order.size(),
                    s.predicted() ? "predicted by the configs" : "search", s.describe(), Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L)));
            Tried t = run(runner, s, tried);
            if (t.outcome() != Verdict.Outcome.FAIL) {
                continue;
            }
            Finding f = shrink(o, runner, s, t, tried, deadline);
            if (!f.flaky()) {
                return new Result(o.seed(), tried, f, flaky, false, order.size());
            }
            flaky.add(f);
            o.progress().accept("did not reproduce: reported as flaky, not as a finding; searching on");
        }
        return new Result(o.seed(), tried, null, flaky, false, order.size());
    }

    /** Shrinks a failing schedule: a smaller one that fails the same way replaces it, until none does; then reruns it. */
    static Finding shrink(Options o, Runner runner, Schedule failing, Tried first, List<Tried> tried, long deadline) throws InterruptedException {
        Schedule current = failing;
        Set<String> invariant = new LinkedHashSet<>(first.failed());
        RunReport report = first.report();
        boolean smaller = true;
        while (smaller && System.nanoTime() < deadline) {
            smaller = false;
            for (Schedule c : Schedules.smaller(current)) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                o.progress().accept("shrinking: " + c.describe());
                Tried t = run(runner, c, tried);
                if (t.outcome() == Verdict.Outcome.FAIL && t.failed().stream().anyMatch(invariant::contains)) {
                    current = c;
                    invariant.retainAll(t.failed());
                    report = t.report();
                    smaller = true;
                    break;
                }
            }
        }
        int reproduced = 0;
        for (int i = 0; i < o.reruns(); i++) {
            o.progress().accept("reproducing " + (i + 1) + " of " + o.reruns() + ": " + current.describe());
            Tried t = run(runner, current, tried);
            if (t.outcome() == Verdict.Outcome.FAIL && t.failed().stream().anyMatch(invariant::contains)) {
                reproduced++;
                report = t.report();
            }
        }
        return new Finding(current, List.copyOf(invariant), reproduced, o.reruns(), report, failing);
    }

    private static Tried run(Runner runner, Schedule s, List<Tried> tried) throws InterruptedException {
        long t0 = System.nanoTime();
        RunReport r = runner.run(s);
        List<String> failed = r.verdicts().stream().filter(v -> v.outcome() == Verdict.Outcome.FAIL).map(Verdict::id).distinct().toList();
        Verdict.Outcome outcome = r.broken() != null ? Verdict.Outcome.UNKNOWN : failed.isEmpty() ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL;
        Tried t = new Tried(s, outcome, failed, (System.nanoTime() - t0) / 1e9, r.broken(), r);
        tried.add(t);
        return t;
    }
}
