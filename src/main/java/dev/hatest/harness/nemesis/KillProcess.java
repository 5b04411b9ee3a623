package dev.hatest.harness.nemesis;

import dev.hatest.harness.check.DaemonStates;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
import dev.hatest.harness.history.Kinds;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Kills a process on a node with a signal: {@code KILL} for a crash, {@code TERM} for a graceful stop. Every
 * process of that name goes (nginx's workers outlive a killed master otherwise). Healing starts it again.
 */
public final class KillProcess implements Nemesis {

    private final String node;
    private final NodeProcess process;
    private final String signal;

    public KillProcess(String node, NodeProcess process, String signal) {
        this.node = node;
        this.process = process;
        this.signal = signal;
    }

    public static KillProcess kill(String node, NodeProcess process) {
        return new KillProcess(node, process, "KILL");
    }

    public static KillProcess stop(String node, NodeProcess process) {
        return new KillProcess(node, process, "TERM");
    }

    @Override
    public String describe() {
        return (signal.equals("KILL") ? "kill -9 " : "stop (SIGTERM) ") + process.label() + " on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        if (signal.equals("KILL")) {
            // Freeze every process first: keepalived's VRRP child gets SIGTERM when its parent dies, and would
            // otherwise say goodbye (a priority-0 advert) between the two kills. A crash says nothing.
            cluster.node(node).exec(process.signal("STOP"));
        }
        ExecResult r = cluster.node(node).exec(process.signal(signal));
        if (r.getExitCode() != 0) {
            throw new IllegalStateException(describe() + ": no " + process.label() + " process was running");
        }
        if (process == NodeProcess.VRRPD && signal.equals("KILL")) {
            // A crashed daemon says nothing; record that it claims no state any more, so that its stale VIP
            // is told apart from a live second master.
            cluster.history().add(node, Kinds.STATE, DaemonStates.ALL + " ->" + DaemonStates.DEAD + ": killed");
        }
    }

    /** How long a stopped process may take to exit before it is started again. */
    private static final long EXIT_TIMEOUT_NANOS = 10_000_000_000L;

    @Override
    public void heal(Cluster cluster) {
        Node n = cluster.node(node);
        // A stopping daemon may still be on its way out (keepalived's parent waits for its children), and a
        // second one started meanwhile refuses to run ("daemon is already running"): wait for it to go.
        long deadline = System.nanoTime() + EXIT_TIMEOUT_NANOS;
        while (n.exec(process.find()).getExitCode() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(process.label() + " on " + node + " did not exit within 10 s of " + describe());
            }
        }
        ExecResult r = n.sh(process.start());
        if (r.getExitCode() != 0) {
            throw new IllegalStateException("restarting " + process.label() + " on " + node + " failed: " + r.getStderr());
        }
    }
}
