package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Faults combined on a timeline: each is injected at its offset from the start and healed after its
 * duration (or never, when the duration is null). {@link #run} carries the timeline out in order on the
 * calling thread, recording every inject and heal in the History.
 */
public final class Schedule {

    /** One fault on the timeline. */
    public record Entry(Duration at, Nemesis fault, Duration healAfter) {
    }

    private record Step(long atNanos, Nemesis fault, boolean inject) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Schedule at(Duration at, Nemesis fault, Duration healAfter) {
        entries.add(new Entry(at, fault, healAfter));
        return this;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Runs the timeline to its last step. Faults still injected at the end are left for {@link #healAll}. */
    public void run(Cluster cluster) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        for (Entry e : entries) {
            steps.add(new Step(e.at().toNanos(), e.fault(), true));
            if (e.healAfter() != null) {
                steps.add(new Step(e.at().plus(e.healAfter()).toNanos(), e.fault(), false));
            }
        }
        steps.sort(Comparator.comparingLong(Step::atNanos));
        long start = System.nanoTime();
        for (Step s : steps) {
            long wait = start + s.atNanos() - System.nanoTime();
            if (wait > 0) {
                // The schedule is the clock: waiting for the next step's time is the point.
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (s.inject()) {
                s.fault().invoke(cluster);
            } else {
                s.fault().recover(cluster);
            }
        }
    }

    /** Heals, in reverse order, every fault that has no heal on the timeline. */
    public void healAll(Cluster cluster) {
        List<Entry> open = entries.stream().filter(e -> e.healAfter() == null).toList();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).fault().recover(cluster);
        }
    }
}
