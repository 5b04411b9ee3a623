package dev.hatest.harness.nemesis;

import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.history.Event;
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
}
