package dev.hatest.cli;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Stale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code hatest down}: remove the clusters {@code hatest up} left running, and leftovers of runs whose process
 * is gone; {@code --all}: everything of hatest's.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Remove the cluster `hatest up` left running (or the one named), and the leftovers of runs whose process is gone.",
                "Runs in progress are left alone, unless --all."})
public final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Remove every hatest container, network and bridge on this engine, running or not.")
    boolean all;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "Only this cluster (its run id, as `hatest up` and `status` print it).")
    String run;

    @Override
    public Integer call() {
        if (all && run != null) {
            throw new IllegalArgumentException("down: --all removes everything; give a RUN or --all, not both");
        }
        if (run != null) {
            Cluster.findKept(run);
        }
        int n = all ? Stale.removeAll() : run != null ? Stale.removeKept(run) : Stale.removeKept(null) + Stale.removeStale();
        spec.commandLine().getOut().println("removed " + n + " container(s) and network(s)");
        return Hatest.PASSED;
    }
}
