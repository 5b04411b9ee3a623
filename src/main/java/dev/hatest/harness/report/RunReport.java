package dev.hatest.harness.report;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.history.Event;

import java.util.List;

/** Everything a reporter needs about one run, and nothing of containers. */
public record RunReport(String title, boolean passed, List<Verdict> verdicts, List<Failover> failovers,
                        List<Event> events, String boundFormula) {
}
