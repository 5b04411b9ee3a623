package dev.hatest.cli;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.ClusterStatus;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.History;
import dev.hatest.harness.scenario.ChaosRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hatest up}: start a cluster and leave it running, for {@code status}, {@code chaos --attach} and {@code down}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Start a cluster and leave it running: its nodes, addresses and VIPs are printed once it has converged.",
                "Then `hatest status` shows it, `hatest chaos --attach --kill nginx` breaks it, and `hatest down` removes it.",
                "Exits 0 once the cluster serves its VIP, 1 if it did not converge within 60 s (it is left up to look at)."})
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Mixin
    ClusterMixin cluster;

    @Option(names = "--json", description = "Print the cluster's status as JSON on stdout instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Topology topology = cluster.topology();
        History history = new History();
        progress.say(spec.commandLine().getErr(), "starting " + topology.nodes().size() + " nodes and a client");
        Cluster c = new Cluster(topology, history).keep(cluster.describe(topology)).start(ProbeJar.locate());
        // From here the cluster is the user's: it stays up whatever happens to this process.
        Hatest.keepContainersOnExit = true;
        // the topology as it runs: on a free subnet, every address moved, when its own was taken (another cluster up)
        Topology running = c.topology();
        progress.say(spec.commandLine().getErr(), "cluster " + c.runId() + " is up on " + running.subnet()
                + (running.subnet().equals(topology.subnet()) ? "" : " (" + topology.subnet() + " is taken on this engine)")
                + "; waiting for it to converge");
        // Every daemon up, then the node the priorities elect serving steadily (any one, under nopreempt), as chaos
        // waits: on a loaded machine a late daemon's node may be served by the other until it preempts, and a
        // status taken then caught the handover ("held by nobody" beside a MASTER).
        String winner = dev.hatest.harness.scenario.Election.winner(running, running.vip());
        boolean converged = history.await(ChaosRun.daemonsUp(running).and(winner != null ? ChaosRun.servedSteadilyBy(running.vip(), winner)
                : ChaosRun.servedSteadilyByOne(running.vip())), Duration.ofSeconds(60));
        ClusterStatus status = ClusterStatus.of(c);
        StatusCommand.print(spec.commandLine().getOut(), List.of(status), json);
        if (!json) {
            spec.commandLine().getOut().printf("%s. Next: hatest status | hatest chaos --attach --kill nginx | hatest down%n",
                    converged ? "Converged" : "NOT converged within 60 s; it is left up to look at");
            spec.commandLine().getOut().flush();
        }
        return converged ? Hatest.PASSED : Hatest.FAILED;
    }
}
