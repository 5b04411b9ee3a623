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

    /**
     * Several runs. Series are named after the run (its title up to the first colon, which for a scenario is
     * its name) and the takeover's place in it, so a series means the same thing build after build.
     */
    public static String render(List<RunReport> runs) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        boolean named = runs.size() > 1;
        for (RunReport r : runs) {
            String run = named ? csv(r.title() == null ? "run" : r.title().split(":", 2)[0]) + " " : "";
            int i = 1;
            for (Failover f : r.failovers()) {
                names.add(run + "outage " + i + " ms");
                values.add(String.valueOf(Math.round(f.outageMs())));
                Double transition = f.steps().get(Failover.NEW_MASTER);
                if (transition != null) {
                    names.add(run + "transition " + i + " ms");
                    values.add(String.valueOf(Math.round(transition)));
                }
                i++;
            }
        }
        return String.join(",", names) + "\n" + String.join(",", values) + "\n";
    }

    private static String csv(String s) {
        return s.replace(",", " ").replace("\"", "'");
    }
}
