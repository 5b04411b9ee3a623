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

    private Labels() {
    }

    public static Map<String, String> of(String runId) {
        return Map.of(HATEST, "1", RUN, runId, PID, Long.toString(ProcessHandle.current().pid()));
    }
}
