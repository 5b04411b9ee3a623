package dev.hatest.harness.cluster;

import java.util.Map;

/**
 * What one node runs: its name (also its hostname, which nginx reports as the serving node), its address on
 * the test network, the files to put on it (path to content; paths ending in .sh are made executable), and
 * its environment ({@code HATEST_DAEMON=keepalived} runs the reference daemon instead of vrrpd).
 */
public record NodeSpec(String name, String address, Map<String, String> files, Map<String, String> env) {

    public NodeSpec {
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("node names are lower-case words, got '" + name + "'");
        }
        files = Map.copyOf(files);
        env = Map.copyOf(env);
    }

    public NodeSpec(String name, String address, Map<String, String> files) {
        this(name, address, files, Map.of());
    }

    /** The same node with its daemon started {@code seconds} after the node boots (it joins late). */
    public NodeSpec withDaemonDelay(int seconds) {
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("HATEST_DAEMON_DELAY", String.valueOf(seconds));
        return new NodeSpec(name, address, files, e);
    }

    /** The same node running real keepalived instead of vrrpd (the reference daemon). */
    public NodeSpec withKeepalived() {
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("HATEST_DAEMON", "keepalived");
        return new NodeSpec(name, address, files, e);
    }
}
