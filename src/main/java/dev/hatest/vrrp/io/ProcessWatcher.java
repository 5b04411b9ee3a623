package dev.hatest.vrrp.io;

import dev.hatest.vrrp.config.VrrpTrackProcess;
import dev.hatest.vrrp.track.ProcessMatcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Counts the running processes each vrrp_track_process matches, and reports each change of a count as it
 * happens, from its own thread. Like keepalived, it reads /proc once at start and then follows the kernel's
 * process events ({@link ProcConnector}). Where those are not available (inside a container: they are
 * refused outside the initial namespaces), it falls back to /proc: each matching process is held by a pidfd,
 * which wakes the watcher the moment it exits, and /proc is read again every {@code scanMillis} for new ones
 * (every {@code scanMillis} for both, on a kernel without pidfds).
 */
public final class ProcessWatcher implements AutoCloseable {

    /** Where the events come from. */
    public enum Source {
        /** The kernel's process events connector: every change at once. */
        PROC_EVENTS,
        /** /proc, with a pidfd per matching process: exits at once, new processes within a scan interval. */
        PIDFD,
        /** /proc alone: every change within a scan interval. */
        POLL
    }

    private final List<VrrpTrackProcess> tracked;
    private final Path proc;
    private final int scanMillis;
    private final boolean argv;
    private final BiConsumer<String, Integer> onCount;
    /** Each matching process's pid, with the names of the track processes it matches (watcher thread only). */
    private final Map<Integer, Set<String>> matched = new HashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<Integer, Integer> pidfds = new HashMap<>();
    private final Source source;
    private final String unavailable;
    private final ProcConnector connector;
    private final Thread thread;
    private volatile boolean running = true;

    private ProcessWatcher(List<VrrpTrackProcess> tracked, Path proc, int scanMillis, boolean tryEvents,
                           BiConsumer<String, Integer> onCount) {
        this.tracked = List.copyOf(tracked);
        this.proc = proc;
        this.scanMillis = scanMillis;
        this.onCount = onCount;
        this.argv = tracked.stream().anyMatch(VrrpTrackProcess::matchesCommandLine);
        tracked.forEach(t -> counts.put(t.name(), 0));
        ProcConnector c = null;
        String why = "not tried";
        if (tryEvents) {
            try {
                c = ProcConnector.open(500);
            } catch (IOException | RuntimeException | LinkageError e) {
                why = e.getMessage();
            }
        }
        connector = c;
        unavailable = c == null ? why : null;
        source = c != null ? Source.PROC_EVENTS : Pidfds.supported() ? Source.PIDFD : Source.POLL;
        // Subscribed first, then read: a process that starts in between is in one or the other.
        rescan(false);
        thread = new Thread(this::run, "vrrp-process");
        thread.setDaemon(true);
    }

    /**
     * Starts watching. The initial counts are in {@link #counts()} when this returns; later changes go to
     * {@code onCount} (name, count) from the watcher's thread.
     *
     * @param tryEvents whether to try the kernel's process events before /proc
     */
    public static ProcessWatcher start(List<VrrpTrackProcess> tracked, boolean tryEvents, int scanMillis,
                                       BiConsumer<String, Integer> onCount) {
        ProcessWatcher w = new ProcessWatcher(tracked, Path.of("/proc"), scanMillis, tryEvents, onCount);
        w.thread.start();
        return w;
    }

    /** The counts as of start. */
    public synchronized Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    public Source source() {
        return source;
    }

    /** Why the kernel's process events are not used, or null when they are. */
    public String unavailable() {
        return unavailable;
    }

    /** How the watcher learns of changes, for the log. */
    public String describe() {
        return switch (source) {
            case PROC_EVENTS -> "the kernel's process events";
            case PIDFD -> "/proc (exits through pidfds at once, new processes every " + scanMillis + " ms)";
            case POLL -> "/proc every " + scanMillis + " ms";
        };
    }

    private void run() {
        try {
            while (running) {
                if (connector != null) {
                    ProcConnector.Event e = connector.next();
                    if (e == null) {
                        continue;
                    }
                    switch (e.kind()) {
                        case EXIT -> forget(e.pid());
                        case FORK, EXEC, COMM -> look(e.pid());
                        case OVERRUN -> rescan(true);
                    }
                    publish();
                } else {
                    if (source == Source.PIDFD) {
                        Pidfds.awaitExit(pidfds.values(), scanMillis);
                    } else {
                        Thread.sleep(scanMillis);
                    }
                    rescan(true);
                }
            }
        } catch (IOException e) {
            // The events socket broke: carry on from /proc rather than go blind.
            pollForever();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollForever() {
        while (running) {
            try {
                Thread.sleep(scanMillis);
            } catch (InterruptedException e) {
                return;
            }
            rescan(true);
        }
    }

    /** Reads every process again; publishes the changed counts when {@code publish}. */
    private void rescan(boolean publish) {
        Set<Integer> seen = new HashSet<>();
        for (int pid : ProcessMatcher.pids(proc)) {
            seen.add(pid);
            look(pid);
        }
        matched.keySet().removeIf(pid -> {
            if (!seen.contains(pid)) {
                dropPidfd(pid);
                return true;
            }
            return false;
        });
        if (publish) {
            publish();
        } else {
            recount();
        }
    }

    /** Reads one process and records which track processes it matches. */
    private void look(int pid) {
        ProcessMatcher.Proc p = ProcessMatcher.read(proc, pid, argv);
        Set<String> names = new HashSet<>();
        if (p != null) {
            for (VrrpTrackProcess t : tracked) {
                if (ProcessMatcher.matches(t, p)) {
                    names.add(t.name());
                }
            }
        }
        if (names.isEmpty()) {
            forget(pid);
            return;
        }
        matched.put(pid, names);
        if (source == Source.PIDFD && !pidfds.containsKey(pid)) {
            int fd = Pidfds.open(pid);
            if (fd >= 0) {
                pidfds.put(pid, fd);
            }
        }
    }

    private void forget(int pid) {
        matched.remove(pid);
        dropPidfd(pid);
    }

    private void dropPidfd(int pid) {
        Integer fd = pidfds.remove(pid);
        if (fd != null) {
            Pidfds.close(fd);
        }
    }

    /** Recounts, and reports each count that changed. */
    private void publish() {
        Map<String, Integer> before = counts();
        recount();
        for (Map.Entry<String, Integer> e : counts().entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                onCount.accept(e.getKey(), e.getValue());
            }
        }
    }

    private synchronized void recount() {
        counts.replaceAll((k, v) -> 0);
        for (Set<String> names : matched.values()) {
            names.forEach(n -> counts.merge(n, 1, Integer::sum));
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (connector != null) {
            connector.close();
        }
        pidfds.values().forEach(Pidfds::close);
    }
}
