package dev.hatest.cli;

import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.ConfigDirTopology;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.Durations;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import dev.hatest.harness.scenario.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hatest rollout}: roll a config change out to a running cluster, node by node, and judge what it cost. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Start a cluster on the configs of --from, probe the VIP, then roll the configs of --to out node by node "
                + "(the backups first, the master last, unless --order says otherwise): each node's files go in, its daemon's "
                + "config test runs on the node, and the daemon is reloaded (SIGHUP) or restarted; the next node waits until the "
                + "cluster has settled.",
                "Verdicts: the outage over the whole rollout (by default no failed request at all when the new configs elect "
                        + "the same master), the VIP moving exactly as often as the election changes, no split brain, the final "
                        + "master the one the new configs elect, and then nginx killed on the master passing on the new configs. "
                        + "A config that fails its test on a node stops the rollout with its file:line; that node keeps serving on "
                        + "its old config."})
public final class RolloutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Mixin
    ReportMixin reports;

    @Mixin
    LoadMixin load;

    @Option(names = "--from", required = true, paramLabel = "DIR",
            description = "The configs the cluster runs first: one folder per node (the folder name is the node's), each with "
                    + "keepalived.conf and the scripts it runs, as --config-dir takes them.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "The new configs: a folder for each node of --from, laid out the same way.")
    Path to;

    @Option(names = "--by", paramLabel = "reload|restart", defaultValue = "reload",
            description = "How each node takes its new config: reload (SIGHUP, the default) or restart (SIGTERM, then start).")
    String by;

    @Option(names = "--order", paramLabel = "NODE[,NODE...]", split = ",",
            description = "The nodes in the order to roll out to (default: the backups, lowest priority first, then the master).")
    List<String> order;

    @Option(names = "--daemon", paramLabel = "vrrpd|keepalived",
            description = "The VRRP daemon on every node: vrrpd (default) or the real keepalived 2.2.7.")
    String daemon;

    @Option(names = "--subnet", paramLabel = "CIDR",
            description = "The test network (default " + SeedTopology.DEFAULT_SUBNET + "); nothing is sent outside it.")
    String subnet;

    @Option(names = "--expect-outage-under", paramLabel = "DURATION",
            description = "The outage bound for the whole rollout. Default: 0 failed requests when the new configs elect the same "
                    + "master, else advert_int + 2 s (one preemption).")
    String outageUnder;

    @Option(names = "--differential",
            description = "Run the rollout on vrrpd and then on keepalived, and compare them: the same transitions, the same VIP "
                    + "moves, outages within advert_int of each other. Not with --daemon.")
    boolean differential;

    @Option(names = "--no-fault-after",
            description = "Skip the fault judged on the new configs once they are all in (nginx killed on the master).")
    boolean noFaultAfter;

    /** nginx killed on the master of the new configs, unless --no-fault-after. */
    private List<ChaosRun.Step> faultAfter(Topology next) {
        return noFaultAfter ? List.of() : List.of(new ChaosPlan(next, to.toString(),
                List.of(new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", null, null, null, null, null)), null, null, null).runStep(0));
    }

    @Override
    public Integer call() throws Exception {
        if (differential && daemon != null) {
            throw new IllegalArgumentException("--differential runs both daemons: drop --daemon");
        }
        ClusterSpec c = new ClusterSpec(from, null, null, daemon, null, subnet == null ? SeedTopology.DEFAULT_SUBNET : subnet, subnet != null);
        Topology old = c.topology().withLoad(load.load());
        Topology next = ConfigDirTopology.withConfigsOf(old, to);
        Rollout.By how = Rollout.By.parse(by);
        OutageBound bound = outageUnder == null ? null
                : new OutageBound(Durations.parse("--expect-outage-under", outageUnder).toMillis(), "--expect-outage-under " + outageUnder);
        List<ChaosRun.Step> after = faultAfter(next);
        Rollout.Plan plan = new Rollout.Plan(old, next, c.describe(old), to.toString(), how, order, bound, after);
        progress.say(spec.commandLine().getErr(), "preparing");
        RunReport report = Rollout.run(plan, "hatest rollout", s -> progress.say(spec.commandLine().getErr(), s));
        if (!differential) {
            reports.emit(spec.commandLine().getOut(), report);
            return Hatest.exitCode(report, spec.commandLine().getErr());
        }
        Topology oldK = old.allKeepalived();
        Topology nextK = next.allKeepalived();
        List<ChaosRun.Step> afterK = faultAfter(nextK);
        progress.say(spec.commandLine().getErr(), "the same rollout on keepalived");
        RunReport k = Rollout.run(new Rollout.Plan(oldK, nextK, c.describe(oldK), to.toString(), how, order, bound, afterK),
                "hatest rollout", s -> progress.say(spec.commandLine().getErr(), s));
        RunReport diff = Rollout.differential(report, k, OutageBound.advertMillis(old.nodes().get(0).config(), old.vip()));
        reports.emit(spec.commandLine().getOut(), List.of(report, k, diff));
        return Hatest.exitCode(List.of(report, k, diff), spec.commandLine().getErr());
    }
}
