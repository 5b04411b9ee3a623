package dev.hatest.harness.nemesis;

import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.testcontainers.containers.Container.ExecResult;

import java.util.List;

/**
 * Reloads the node's VRRP daemon as operators do: SIGHUP to its main process ({@code kill -HUP} of keepalived's
 * parent, which passes it to its VRRP child; vrrpd has one process). The daemon reads its config file again:
 * the one on the node, which a rollout may just have replaced. Nothing to heal.
 */
public final class ReloadDaemon implements Nemesis {

    private final String node;

    public ReloadDaemon(String node) {
        this.node = node;
    }

    public String node() {
        return node;
    }

    @Override
    public String describe() {
        return "reload the VRRP daemon (SIGHUP) on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        injectTimed(cluster);
    }

    /** The signal's time, taken in the node right before pkill runs (see {@link KillProcess#injectTimed}). */
    @Override
    public long injectTimed(Cluster cluster) {
        String[] find = NodeProcess.VRRPD.find();
        // -o: the oldest match only, keepalived's parent (its VRRP child would reload a second time if signalled too)
        ExecResult r = cluster.node(node).exec("sh", "-c", "date +%s%6N; exec \"$@\"", "sh", "pkill", "-HUP", "-o", find[1], find[2]);
        if (r.getExitCode() != 0) {
            throw new IllegalStateException(describe() + ": no VRRP daemon was running");
        }
        try {
            return Long.parseLong(r.getStdout().strip().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void heal(Cluster cluster) {
    }

    /**
     * Whether {@code node}'s daemon reported a reload it applied after {@code since}: vrrpd's reload event, or
     * keepalived's "Reload complete". One it refused or died of fails, saying so.
     */
    public static Verdict reloaded(List<Event> events, String node, long since) {
        Event r = events.stream().filter(e -> e.kind().equals(Kinds.RELOAD) && e.source().equals(node) && e.timeMicros() >= since)
                .reduce((a, b) -> b).orElse(null);
        return Verdict.of("reloaded " + node, r != null && r.value().startsWith("applied"), r == null ? "no reload reported" : r.value(),
                "applied", "the daemon's own report of its reload (vrrpd's reload event, keepalived's \"Reload complete\")");
    }
}
