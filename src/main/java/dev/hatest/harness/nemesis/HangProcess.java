package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

/**
 * Hangs a process without killing it: SIGSTOP to every process of that name. A hung nginx still accepts
 * connections (the kernel completes the handshake into its backlog) but never answers, so health checks
 * and clients time out rather than being refused. Healing sends SIGCONT.
 */
public final class HangProcess implements Nemesis {

    private final String node;
    private final NodeProcess process;

    public HangProcess(String node, NodeProcess process) {
        this.node = node;
        this.process = process;
    }

    @Override
    public String describe() {
        return "hang (SIGSTOP) " + process.label() + " on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        signal(cluster, "STOP");
    }

    @Override
    public void heal(Cluster cluster) {
        signal(cluster, "CONT");
    }

    private void signal(Cluster cluster, String signal) {
        if (cluster.node(node).exec(process.signal(signal)).getExitCode() != 0) {
            throw new IllegalStateException(describe() + ": no " + process.label() + " process was running");
        }
    }
}
