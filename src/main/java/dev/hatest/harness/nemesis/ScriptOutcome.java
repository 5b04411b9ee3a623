package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.vrrp.config.VrrpScript;

/**
 * Forces a vrrp_script's outcome without touching what it checks: the script file (one the topology put on
 * the node, never a system binary) is set aside and replaced by one that exits 0 or 1. Healing puts the
 * original back. The daemon sees the new outcome at its next run.
 */
public final class ScriptOutcome implements Nemesis {

    private static final String SAVED = ".hatest-orig";

    private final String node;
    private final String scriptName;
    private final boolean pass;

    public ScriptOutcome(String node, String scriptName, boolean pass) {
        this.node = node;
        this.scriptName = scriptName;
        this.pass = pass;
    }

    @Override
    public String describe() {
        return "make script " + scriptName + " " + (pass ? "pass" : "fail") + " on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        String path = path(cluster);
        NodeCommands.run(cluster.node(node), describe(),
                "cp -p " + path + " " + path + SAVED,
                "printf '#!/bin/sh\\nexit " + (pass ? 0 : 1) + "\\n' > " + path + ".hatest-new && chmod 755 " + path
                        + ".hatest-new && mv " + path + ".hatest-new " + path);
    }

    @Override
    public void heal(Cluster cluster) {
        String path = path(cluster);
        NodeCommands.run(cluster.node(node), "restore script " + scriptName, "mv " + path + SAVED + " " + path);
    }

    /** The script's file, which must be one of the files the topology put on the node. */
    private String path(Cluster cluster) {
        NodeSpec spec = cluster.topology().node(node);
        if (!spec.config().present()) {
            throw new IllegalStateException(node + " has no " + SeedTopology.CONFIG + " from the topology");
        }
        VrrpScript s = spec.config().get().script(scriptName).orElseThrow(() ->
                new IllegalArgumentException("no vrrp_script " + scriptName + " in " + node + "'s keepalived.conf"));
        String file = s.script().trim().split("\\s+")[0];
        if (!spec.files().containsKey(file)) {
            throw new IllegalArgumentException("vrrp_script " + scriptName + " runs " + file
                    + ", which is not one of the node's own files; hatest replaces only scripts it put there");
        }
        return file;
    }
}
