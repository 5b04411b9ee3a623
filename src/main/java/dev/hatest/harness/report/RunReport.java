package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.RunAnalysis;
import dev.hatest.harness.check.StepAnalysis;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.history.Event;

import java.util.List;

/**
 * Everything a reporter needs about one run, and nothing of containers.
 *
 * @param passed whether every verdict passed (false for a run that could not be judged)
 * @param broken   what broke the run, in one line (a container or the engine gone mid-run), or null when it ran
 *                 to its end; verdicts it left unjudged are {@link Verdict.Outcome#UNKNOWN}
 * @param analysis what the verdicts were judged from besides the events ({@link RunAnalysis}), or null when they
 *                 can't be judged again (a rollout, a broken run, a report written before it was saved)
 */
public record RunReport(String title, boolean passed, List<Verdict> verdicts, List<Failover> failovers,
                        List<Event> events, String boundFormula, String broken, RunAnalysis.Spec analysis) {

    public RunReport {
        verdicts = List.copyOf(verdicts);
        failovers = List.copyOf(failovers);
        events = List.copyOf(events);
        passed = passed && broken == null && verdicts.stream().noneMatch(Verdict::unknown);
    }

    public RunReport(String title, boolean passed, List<Verdict> verdicts, List<Failover> failovers, List<Event> events, String boundFormula) {
        this(title, passed, verdicts, failovers, events, boundFormula, null, null);
    }

    public RunReport(String title, boolean passed, List<Verdict> verdicts, List<Failover> failovers, List<Event> events, String boundFormula,
                     String broken) {
        this(title, passed, verdicts, failovers, events, boundFormula, broken, null);
    }

    /** What the client's load saw of each step ({@link LoadAnalysis}), from the events; none for a run without load. */
    public List<dev.hatest.harness.check.LoadAnalysis.Figures> load() {
        if (analysis == null || analysis.load() == null) {
            return List.of();
        }
        List<dev.hatest.harness.check.LoadAnalysis.Figures> out = new java.util.ArrayList<>();
        if (analysis.rollout() != null) {
            dev.hatest.harness.check.LoadAnalysis.rolloutFigures(analysis.load(), events).ifPresent(out::add);
        }
        out.addAll(dev.hatest.harness.check.LoadAnalysis.figures(analysis.load(), events, analysis.steps()));
        return out;
    }

    /** Whether {@link #rejudged()} can judge this run again. */
    public boolean judgeable() {
        return analysis != null && broken == null;
    }

    /**
     * This run judged again from its events with the checkers of this hatest ({@link RunAnalysis#judge}): the same
     * verdicts, unless the checkers changed. Itself when it can't be ({@link #judgeable()}).
     *
     * @throws IllegalArgumentException when the events lack what the analysis needs (a file edited by hand)
     */
    public RunReport rejudged() {
        if (!judgeable()) {
            return this;
        }
        StepAnalysis.Judged j = RunAnalysis.judge(analysis, events);
        return new RunReport(title, j.verdicts().stream().allMatch(Verdict::passed), j.verdicts(), j.failovers(), events, boundFormula, null,
                analysis);
    }

    /**
     * The run's outcome: UNKNOWN when it could not be judged (it broke, or a verdict is unknown), else FAIL when
     * a verdict failed (or the run did not pass), else PASS.
     */
    public Verdict.Outcome outcome() {
        if (broken != null || verdicts.stream().anyMatch(Verdict::unknown)) {
            return Verdict.Outcome.UNKNOWN;
        }
        return passed ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL;
    }

    /** The outcome of several runs: UNKNOWN if any could not be judged, else FAIL if any failed, else PASS. */
    public static Verdict.Outcome outcome(List<RunReport> runs) {
        List<Verdict.Outcome> all = runs.stream().map(RunReport::outcome).toList();
        return all.contains(Verdict.Outcome.UNKNOWN) ? Verdict.Outcome.UNKNOWN
                : all.contains(Verdict.Outcome.FAIL) ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS;
    }
}
