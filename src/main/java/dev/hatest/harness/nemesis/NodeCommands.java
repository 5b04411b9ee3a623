package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Node;
import org.testcontainers.containers.Container.ExecResult;

/** Runs a fault's commands in a node and fails loudly when one does not succeed. */
final class NodeCommands {

    private NodeCommands() {
    }

    /** Runs each shell command line in turn; the first that fails stops the fault with its output. */
    static void run(Node node, String what, String... commandLines) {
        for (String c : commandLines) {
            ExecResult r = node.sh(c);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException(what + " on " + node.nodeName() + ": '" + c + "' exited "
                        + r.getExitCode() + ": " + (r.getStderr() + r.getStdout()).strip());
            }
        }
    }
}
