package dev.hatest.harness.cluster;

import java.util.Map;

/**
 * Every container and network hatest makes carries these labels, so that clean-up can find them by label,
 * even after a crashed run (Ryuk is off: the project cleans up after itself).
 */
public final class Labels {

    /** Marks anything of hatest's. */
    public static final String HATEST = "hatest";
    /** The run that made it. */
    public static final String RUN = "hatest.run";
    /** The PID of the process that made it: a run whose process is gone is stale. */
    public static final String PID = "hatest.pid";
    /** The Linux bridge a network uses as its macvlan parent, to remove with it. */
    public static final String BRIDGE = "hatest.bridge";
    /** A cluster left running on purpose ({@code hatest up}): no process owns it, and only {@code down} removes it. */
    public static final String KEPT = "hatest.kept";
    /** The node a container is (its name in the topology), or {@code client}. */
    public static final String NODE = "hatest.node";
    /** On a kept cluster's client: the whole topology as JSON, so {@code status} and {@code chaos --attach} can find it. */
    public static final String TOPOLOGY = "hatest.topology";
    /** On a kept cluster's client: what ran, for titles (e.g. "the seed pair"). */
    public static final String WHAT = "hatest.what";

    private Labels() {
    }

    /** The labels of a run owned by this process. */
    public static Map<String, String> of(String runId) {
        return Map.of(HATEST, "1", RUN, runId, PID, Long.toString(ProcessHandle.current().pid()));
    }

    /** The labels of a cluster that outlives this process. */
    public static Map<String, String> kept(String runId) {
        return Map.of(HATEST, "1", RUN, runId, KEPT, "1");
    }
}
