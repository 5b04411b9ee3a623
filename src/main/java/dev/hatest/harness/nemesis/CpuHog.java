package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

import java.util.List;

/**
 * Saturates the machine's CPUs from inside the nodes: {@code loops} busy shell loops in every listed node, so
 * that the daemons must keep their timers while competing for every core. Containers share the host's
 * cores, so with one loop per core in each node the cores are oversubscribed, not merely busy. The loops
 * run in their own sessions (they outlive the {@code docker exec}); their pids are kept in the node for the
 * heal.
 */
public final class CpuHog implements Nemesis {

    private static final String PIDS = "/tmp/hatest-cpu-hog.pids";

    private final List<String> nodes;
    private final int loops;

    public CpuHog(List<String> nodes, int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("a CPU hog needs at least one busy loop, got " + loops);
        }
        this.nodes = List.copyOf(nodes);
        this.loops = loops;
    }

    /** One busy loop per core of this machine in every node. */
    public static CpuHog everyCore(List<String> nodes) {
        return new CpuHog(nodes, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String describe() {
        return "saturate the CPUs: " + loops + " busy loop" + (loops == 1 ? "" : "s") + " in each of " + String.join(", ", nodes);
    }

    @Override
    public void inject(Cluster cluster) {
        String start = "for i in $(seq " + loops + "); do setsid sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & "
                + "echo $! >> " + PIDS + "; done";
        for (String n : nodes) {
            NodeCommands.run(cluster.node(n), describe(), start);
        }
    }

    @Override
    public void heal(Cluster cluster) {
        for (String n : nodes) {
            NodeCommands.run(cluster.node(n), "stop the busy loops", "kill $(cat " + PIDS + ") && rm -f " + PIDS);
        }
    }
}
