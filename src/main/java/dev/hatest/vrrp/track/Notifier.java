package dev.hatest.vrrp.track;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * keepalived's notify scripts for an instance's or a sync group's transitions. On entering MASTER, BACKUP or
 * FAULT, or on stopping, the matching {@code notify_master}, {@code notify_backup}, {@code notify_fault} or
 * {@code notify_stop} runs as written, then the generic {@code notify} runs with keepalived's four
 * arguments: {@code INSTANCE NAME STATE PRIORITY}, or for a group {@code GROUP NAME STATE 0} (STATE is
 * MASTER, BACKUP, FAULT or STOP; keepalived 2.2.7 passes 0 for a group, measured). Scripts run in the
 * background, as keepalived forks them: a slow script never holds up the state machine.
 */
public final class Notifier {

    private final String kind;
    private final String instance;
    private final Map<String, List<String>> scripts;
    private final Consumer<String> log;

    /**
     * An instance's notifier.
     *
     * @param scripts by keyword (notify_master, ..., notify), the command each runs, ready to start (already
     *                wrapped to run as its user: {@link RunAs#command})
     */
    public Notifier(String instance, Map<String, List<String>> scripts, Consumer<String> log) {
        this("INSTANCE", instance, scripts, log);
    }

    /** A sync group's notifier. */
    public static Notifier group(String group, Map<String, List<String>> scripts, Consumer<String> log) {
        return new Notifier("GROUP", group, scripts, log);
    }

    private Notifier(String kind, String instance, Map<String, List<String>> scripts, Consumer<String> log) {
        this.kind = kind;
        this.instance = instance;
        this.scripts = Map.copyOf(scripts);
        this.log = log;
    }

    /** The command lines to run on entering {@code state} (MASTER, BACKUP, FAULT or STOP), in order. */
    public List<List<String>> commands(String state, int priority) {
        List<List<String>> out = new ArrayList<>();
        List<String> specific = scripts.get("notify_" + state.toLowerCase(java.util.Locale.ROOT));
        if (specific != null) {
            out.add(specific);
        }
        List<String> generic = scripts.get("notify");
        if (generic != null) {
            List<String> c = new ArrayList<>(generic);
            c.addAll(List.of(kind, instance, state, String.valueOf(priority)));
            out.add(c);
        }
        return out;
    }

    /** Starts the scripts for entering {@code state} and returns at once. */
    public void fire(String state, int priority) {
        for (List<String> c : commands(state, priority)) {
            try {
                new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                log.accept("(" + instance + ") cannot run notify script " + String.join(" ", c) + ": " + e.getMessage());
            }
        }
    }
}
