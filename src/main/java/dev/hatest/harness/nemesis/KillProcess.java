package dev.hatest.harness.nemesis;

import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
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
        injectTimed(cluster);
    }

    /** The signal's time is taken in the node, right before pkill starts: the time of the kill, not of the exec. */
    @Override
    public long injectTimed(Cluster cluster) {
        if (signal.equals("KILL") && process == NodeProcess.VRRPD) {
            // Freeze every process first: keepalived's VRRP child gets SIGTERM when its parent dies, and would
            // otherwise say goodbye (a priority-0 advert) between the two kills. A crash says nothing. (nginx
            // needs no freeze: one pkill kills its master and workers within microseconds, and a frozen nginx
            // would hang the client's requests for the length of an extra docker exec before the kill.)
            cluster.node(node).exec(process.signal("STOP"));
        }
        // The shell prints the time and becomes pkill (exec), so that no shell whose command line holds the
        // pattern is left for pkill -f to match.
        String[] kill = process.signal(signal);
        String[] command = new String[kill.length + 4];
        command[0] = "sh";
        command[1] = "-c";
        command[2] = "date +%s%6N; exec \"$@\"";
        command[3] = "sh";
        System.arraycopy(kill, 0, command, 4, kill.length);
        ExecResult r = cluster.node(node).exec(command);
        if (r.getExitCode() != 0) {
            throw new IllegalStateException(describe() + ": no " + process.label() + " process was running");
        }
        long at = -1;
        try {
            at = Long.parseLong(r.getStdout().strip().split("\\s+")[0]);
        } catch (RuntimeException e) {
            // no time printed: the fault is timed from when hatest began
        }
        if (process == NodeProcess.VRRPD && signal.equals("KILL")) {
            // A crashed daemon says nothing; record that it claims no state any more, so that its stale VIP
            // is told apart from a live second master.
            cluster.history().add(new dev.hatest.harness.history.Event(at >= 0 ? at : dev.hatest.harness.history.History.nowMicros(),
                    node, new NodeCondition(NodeCondition.Condition.DEAD, "killed")));
        }
        return at;
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
