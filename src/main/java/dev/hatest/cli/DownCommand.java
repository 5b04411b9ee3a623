package dev.hatest.cli;

import dev.hatest.harness.cluster.Stale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code hatest down}: remove leftovers of runs whose process is gone; {@code --all}: everything of hatest's. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Remove hatest's containers, networks and bridges (by label).")
public final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Remove every hatest container, network and bridge on this engine, running or not.")
    boolean all;

    @Override
    public Integer call() {
        int n = all ? Stale.removeAll() : Stale.removeStale();
        spec.commandLine().getOut().println("removed " + n + " container(s) and network(s)");
        return Hatest.PASSED;
    }
}
