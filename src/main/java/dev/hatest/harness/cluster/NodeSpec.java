package dev.hatest.harness.cluster;

import java.util.Map;

/**
 * What one node runs: its name (also its hostname, which nginx reports as the serving node), its address on
 * the test network, and the files to put on it (path to content; paths ending in .sh are made executable).
 */
public record NodeSpec(String name, String address, Map<String, String> files) {

    public NodeSpec {
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("node names are lower-case words, got '" + name + "'");
        }
        files = Map.copyOf(files);
    }
}
