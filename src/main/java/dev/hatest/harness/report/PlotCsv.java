package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;

import java.util.ArrayList;
import java.util.List;

/**
 * Takeover figures in the Jenkins Plot plugin's CSV form: a header line of series names and one line of
 * values. Each takeover gives its client outage ("outage 1 ms") and, when seen, the new master's transition
 * ("transition 1 ms"), so a plot can follow them build after build.
 */
public final class PlotCsv {

    private PlotCsv() {
    }

    public static String render(RunReport r) {
        return render(List.of(r));
    }

    /** Several runs: their takeovers numbered in order. */
    public static String render(List<RunReport> runs) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int i = 1;
        for (Failover f : runs.stream().flatMap(r -> r.failovers().stream()).toList()) {
            names.add("outage " + i + " ms");
            values.add(String.valueOf(Math.round(f.outageMs())));
            Double transition = f.steps().get(Failover.NEW_MASTER);
            if (transition != null) {
                names.add("transition " + i + " ms");
                values.add(String.valueOf(Math.round(transition)));
            }
            i++;
        }
        return String.join(",", names) + "\n" + String.join(",", values) + "\n";
    }
}
