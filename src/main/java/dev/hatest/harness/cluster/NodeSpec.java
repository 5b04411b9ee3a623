package dev.hatest.harness.cluster;

import java.util.Map;

/**
 * What one node runs: its name (also its hostname, which nginx reports as the serving node), its address on
 * the test network, the files to put on it (path to content; paths ending in .sh are made executable), and
 * its environment ({@code HATEST_DAEMON=keepalived} runs the reference daemon instead of vrrpd), and its
 * keepalived.conf as the model reads it ({@link NodeConfig}: derived from {@code files}, parsed once).
 */
public record NodeSpec(String name, String address, Map<String, String> files, Map<String, String> env, NodeConfig config) {

    /** {@code config} is always the one of {@code files}: whatever is passed for it is replaced. */
    public NodeSpec {
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("node names are lower-case words, got '" + name + "'");
        }
        files = Map.copyOf(files);
        env = Map.copyOf(env);
        config = new NodeConfig(name, files.get(SeedTopology.CONFIG));
    }

    public NodeSpec(String name, String address, Map<String, String> files, Map<String, String> env) {
        this(name, address, files, env, null);
    }

    public NodeSpec(String name, String address, Map<String, String> files) {
        this(name, address, files, Map.of());
    }

    /**
     * The same node booting without its VRRP daemon, for a node that joins later: start it with
     * {@code NodeProcess.VRRPD.start()}.
     */
    public NodeSpec withoutDaemon() {
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("HATEST_NO_DAEMON", "1");
        return new NodeSpec(name, address, files, e);
    }

    /** The VRRP daemon the node runs: vrrpd, or keepalived. */
    public String daemon() {
        return "keepalived".equals(env.get("HATEST_DAEMON")) ? "keepalived" : "vrrpd";
    }

    /** The same node running real keepalived instead of vrrpd (the reference daemon). */
    public NodeSpec withKeepalived() {
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("HATEST_DAEMON", "keepalived");
        return new NodeSpec(name, address, files, e);
    }

    /** The same node with other files. */
    public NodeSpec withFiles(Map<String, String> other) {
        return new NodeSpec(name, address, other, env);
    }
}
