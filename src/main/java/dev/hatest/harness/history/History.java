package dev.hatest.harness.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The append-only log of a run. Producers (probes, observers, the nemesis) add events from any thread;
 * checkers read a sorted snapshot. Waiting is on the History itself: {@link #await} wakes on each new event,
 * so nothing sleeps and hopes.
 */
public final class History {

    /** In time order: events mostly arrive in order, so inserting keeps it cheaply. */
    private final List<Event> events = new ArrayList<>();
    /** Bumped on every add, so a waiter knows whether anything arrived since it last looked. */
    private long version;
    /** What broke the run (a container or the engine gone), or null while it can still be judged. */
    private String lost;

    public synchronized void add(Event e) {
        int i = events.size();
        while (i > 0 && events.get(i - 1).compareTo(e) > 0) {
            i--;
        }
        events.add(i, e);
        if (!(e.what() instanceof Observation.LoadRequest)) {
            // the load's requests come hundreds a second and no wait is woken by one alone: a waiter re-checks every
            // 100 ms anyway, so they don't make every wait rescan the History at their rate
            version++;
            notifyAll();
        }
    }

    /** {@code what}, seen by {@code source} now. */
    public void add(String source, Observation what) {
        add(new Event(nowMicros(), source, what));
    }

    /**
     * Records that the run can no longer be judged: what it observes is gone ({@code why}, one line: a container
     * removed, the engine not answering, the probe dead). Every {@link #await} returns false from now on, at
     * once, so the run winds up instead of waiting out its timeouts. The first reason stays.
     */
    public void lost(String why) {
        synchronized (this) {
            if (lost != null) {
                return;
            }
            lost = why;
        }
        add("harness", new Observation.Lost(why));
    }

    /** What broke the run, if anything did; see {@link #lost(String)}. */
    public synchronized java.util.Optional<String> lost() {
        return java.util.Optional.ofNullable(lost);
    }

    /** All events so far, in time order. */
    public synchronized List<Event> events() {
        return Collections.unmodifiableList(new ArrayList<>(events));
    }

    /** The latest event that matches, if any. */
    public Optional<Event> last(Predicate<Event> matches) {
        List<Event> all = events();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (matches.test(all.get(i))) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** The latest fault the nemesis injected, if any. */
    public Optional<Event> lastFault() {
        return last(e -> e.what() instanceof Observation.Nemesis n && !n.heal());
    }

    /** The latest heal of a fault, if any. */
    public Optional<Event> lastHeal() {
        return last(e -> e.what() instanceof Observation.Nemesis n && n.heal());
    }

    /**
     * Blocks until {@code condition} holds over the events so far, re-checking on every new event and at
     * least every 100 ms (for conditions that depend on the passing of time).
     *
     * @return true if it held, false if {@code timeout} passed first or the run was {@link #lost(String) lost}
     */
    public boolean await(Predicate<List<Event>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (this) {
                if (lost != null) {
                    return false;
                }
                seen = version;
            }
            // The condition runs on a snapshot, outside the lock, so producers are never held up by it.
            if (condition.test(events())) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (this) {
                if (version == seen) {
                    wait(Math.max(1, Math.min(100, left / 1_000_000)));
                }
            }
        }
    }

    /** The shared kernel clock, in microseconds since the epoch: the one clock of the harness. */
    public static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
