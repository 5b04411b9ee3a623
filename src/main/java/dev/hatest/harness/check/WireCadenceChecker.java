package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.Advert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Steady state on the wire, from the client's capture: exactly one node advertises the virtual router, once
 * per advert_int, within a tolerance.
 */
public final class WireCadenceChecker {

    /**
     * @param senders      the nodes whose adverts for the VRID were seen
     * @param adverts      how many adverts were seen
     * @param minGapMs     the shortest gap between consecutive adverts of the one sender
     * @param maxGapMs     the longest
     * @param meanGapMs    the mean
     */
    public record Cadence(Set<String> senders, int adverts, double minGapMs, double maxGapMs, double meanGapMs) {
    }

    private WireCadenceChecker() {
    }

    public static Cadence measure(List<Event> events, int vrid, long start, long end) {
        Set<String> senders = new LinkedHashSet<>();
        List<Long> times = new ArrayList<>();
        for (Event e : events) {
            if (e.what() instanceof Advert a && a.vrid() == vrid && e.timeMicros() >= start && e.timeMicros() <= end) {
                senders.add(e.source());
                times.add(e.timeMicros());
            }
        }
        double min = Double.NaN;
        double max = Double.NaN;
        double sum = 0;
        for (int i = 1; i < times.size(); i++) {
            double gap = (times.get(i) - times.get(i - 1)) / 1000.0;
            min = i == 1 ? gap : Math.min(min, gap);
            max = i == 1 ? gap : Math.max(max, gap);
            sum += gap;
        }
        return new Cadence(senders, times.size(), min, max, times.size() > 1 ? sum / (times.size() - 1) : Double.NaN);
    }

    /**
     * The timers under load: one sender, whose adverts never left a gap of {@code maxGapMs} or more. The figures
     * are the cadence's, so a report shows how close it came.
     */
    public static Verdict gapVerdict(Cadence c, double maxGapMs, String why) {
        boolean passed = c.senders().size() == 1 && c.adverts() > 1 && c.maxGapMs() < maxGapMs;
        return Verdict.of("advert gaps", passed,
                Measure.ms(c.maxGapMs(), String.format(java.util.Locale.ROOT, "%d adverts from %s, gaps %.1f..%.1f ms (mean %.2f)", c.adverts(),
                        c.senders(), c.minGapMs(), c.maxGapMs(), c.meanGapMs())),
                Measure.ms(maxGapMs, String.format(java.util.Locale.ROOT, "one sender, every gap < %.0f ms", maxGapMs)), why);
    }

    /** One sender, at least {@code minAdverts} adverts, every gap within advert_int ± tolerance. */
    public static Verdict verdict(Cadence c, double advertIntMs, double toleranceMs, int minAdverts) {
        boolean passed = c.senders().size() == 1 && c.adverts() >= minAdverts
                && c.minGapMs() >= advertIntMs - toleranceMs && c.maxGapMs() <= advertIntMs + toleranceMs;
        return Verdict.of("wire cadence", passed,
                String.format("%d adverts from %s, gaps %.1f..%.1f ms (mean %.1f)", c.adverts(), c.senders(),
                        c.minGapMs(), c.maxGapMs(), c.meanGapMs()),
                String.format("one sender, >= %d adverts, gaps %.0f ± %.0f ms", minAdverts, advertIntMs, toleranceMs),
                "from the client's capture of the test network");
    }
}
