package dev.hatest.cli;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.plan.HaPlan;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.FaultPlan;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code hatest plan} predicted for a chaos run's fault, from the configs alone, beside what the run saw: one
 * line under the report, for people. It judges nothing (the run's verdicts do); it says whether the model and the
 * containers agree, which is what makes the plan worth trusting before a run and a run worth questioning after.
 */
final class Prediction {

    private Prediction() {
    }

    /**
     * The line for a run of one fault on a fresh cluster whose configs decide the master, or empty: several faults, a
     * kept cluster, configs the plan can't model, a fault it has no row for, or a broken run.
     */
    static Optional<String> line(ChaosPlan chaos, RunReport r) {
        String master = chaos.expected();
        if (chaos.steps().size() != 1 || master == null || r.broken() != null) {
            return Optional.empty();
        }
        ChaosPlan.Step step = chaos.steps().get(0);
        String target = chaos.target(0, master);
        HaPlan plan;
        try {
            plan = HaPlan.of(chaos.topology());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<HaPlan.Row> row = plan.predict(step.kind(), step.arg(), target);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        HaPlan.Row p = row.get();
        Failover f = r.failovers().isEmpty() ? null : r.failovers().get(0);
        String predicted;
        String seen;
        Boolean agrees;
        switch (p.outcome()) {
            case TAKEOVER -> {
                predicted = String.format(Locale.ROOT, "takeover by %s within %.1f s", p.master(), p.boundMs() / 1000);
                seen = f == null ? "no takeover" : String.format(Locale.ROOT, "%s -> %s in %.0f ms", f.from(), f.to(), f.outageMs());
                agrees = f != null && f.to().equals(p.master()) && f.outageMs() <= p.boundMs();
            }
            case NO_TAKEOVER -> {
                predicted = p.master() + " keeps the VIP" + (p.served() ? "" : ", unserved");
                seen = f == null ? "nothing moved" : f.from() + " -> " + f.to();
                agrees = f == null;
            }
            default -> {
                predicted = FaultPlan.outcomeName(p.outcome()) + " (" + p.master() + ")";
                seen = "see the verdicts";
                agrees = null;
            }
        }
        return Optional.of("Predicted from the configs (hatest plan): " + p.failure().text() + " on " + target + " -> " + predicted
                + "; seen: " + seen + (agrees == null ? "" : agrees ? ", as predicted" : ", NOT as predicted"));
    }
}
