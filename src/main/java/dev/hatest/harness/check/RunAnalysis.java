package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.Mark;

import java.util.ArrayList;
import java.util.List;

/**
 * The judge of a whole chaos run: its start (the election's winner), then each step's {@link StepAnalysis}, a
 * pure function of the run's {@link Spec} and its History. A run saved with its spec ({@code --save}) is judged
 * again by {@code hatest report} with the checkers of the hatest that reads it.
 */
public final class RunAnalysis {

    /**
     * One step as it ran.
     *
     * @param prefix what its verdicts' names start with ("" for a run of one step, else "step 2 ")
     * @param spec   its spec, or null when the cluster did not settle on one master before it (it never ran)
     * @param from   when it started (µs): its STEP mark, or when the settling wait gave up
     */
    public record StepRecord(String prefix, StepAnalysis.Spec spec, long from) {
    }

    /**
     * @param vip            the probed VIP
     * @param expectedMaster the node the configs elect, or null when they don't decide it (nopreempt, a kept cluster)
     * @param rollout        a rollout of new configs judged before the steps (which then run on them), or null
     * @param load           the client's load through the VIP, judged per step ({@link LoadAnalysis}), or null for none
     */
    public record Spec(String vip, String expectedMaster, List<StepRecord> steps, RolloutAnalysis.Spec rollout, LoadAnalysis.Spec load) {
        public Spec {
            steps = List.copyOf(steps);
        }

        public Spec(String vip, String expectedMaster, List<StepRecord> steps) {
            this(vip, expectedMaster, steps, null, null);
        }

        public Spec(String vip, String expectedMaster, List<StepRecord> steps, RolloutAnalysis.Spec rollout) {
            this(vip, expectedMaster, steps, rollout, null);
        }

        /** This spec with the client's load {@code l} (null: none). */
        public Spec withLoad(LoadAnalysis.Spec l) {
            return new Spec(vip, expectedMaster, steps, rollout, l);
        }
    }

    private RunAnalysis() {
    }

    /**
     * The run's verdicts and failovers: the winner at convergence (when the configs decide it, or when the cluster
     * did not converge), then each step's.
     *
     * @throws IllegalArgumentException when the History lacks a mark the spec needs
     */
    public static StepAnalysis.Judged judge(Spec s, List<Event> events) {
        List<Verdict> verdicts = new ArrayList<>();
        List<Failover> failovers = new ArrayList<>();
        Event start = events.stream().filter(e -> e.what() instanceof Mark m && (m.is(Mark.Name.CONVERGED, "") || m.is(Mark.Name.NOT_CONVERGED, "")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the History has no mark of the cluster's convergence"));
        if (s.expectedMaster() != null || ((Mark) start.what()).name() == Mark.Name.NOT_CONVERGED) {
            verdicts.add(StepAnalysis.converged(events, s.vip(), s.expectedMaster(), start.timeMicros()));
        }
        if (s.rollout() != null) {
            StepAnalysis.Judged r = RolloutAnalysis.judge(s.rollout(), events, s.load());
            verdicts.addAll(r.verdicts());
            failovers.addAll(r.failovers());
        }
        for (StepRecord r : s.steps()) {
            List<Verdict> step;
            if (r.spec() == null) {
                step = List.of(StepAnalysis.readyForNextStep(events, s.vip(), r.from()));
            } else {
                StepAnalysis.Judged j = StepAnalysis.judge(r.spec(), events, r.from());
                step = new ArrayList<>(j.verdicts());
                if (s.load() != null) {
                    step.addAll(LoadAnalysis.judge(s.load(), events, List.of(r)));
                }
                failovers.addAll(j.failovers());
            }
            step.forEach(v -> verdicts.add(r.prefix().isEmpty() ? v : v.renamed(r.prefix() + v.name(), v.detail())));
        }
        return new StepAnalysis.Judged(List.copyOf(verdicts), List.copyOf(failovers));
    }
}
