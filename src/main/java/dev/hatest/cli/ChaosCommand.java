package dev.hatest.cli;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.Durations;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code hatest chaos}: bring up a cluster, break a node (the master by default), and judge what follows. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Start a cluster, inject one fault (into the master unless --node says otherwise), and report the "
                + "verdicts and the takeover breakdown.",
                "What must follow depends on the fault and where it lands: a takeover within a bound derived from the "
                        + "config, a split brain that heals, nothing at all, or flapping within a statistical bound."})
public final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    @Mixin
    ClusterMixin cluster;

    @Mixin
    ReportMixin reports;

    @Mixin
    LoadMixin load;

    static final class Fault {
        @Option(names = "--kill", paramLabel = "PROCESS", description = "kill -9 a process: nginx or vrrpd (the VRRP daemon, also keepalived).")
        String kill;

        @Option(names = "--stop", paramLabel = "PROCESS", description = "Stop a process gracefully (SIGTERM): nginx or vrrpd.")
        String stop;

        @Option(names = "--hang", paramLabel = "PROCESS", description = "Freeze a process (SIGSTOP): nginx accepts but never answers.")
        String hang;

        @Option(names = "--block-vrrp", paramLabel = "in|out|both", description = "Drop the node's VRRP traffic in one direction or both.")
        String blockVrrp;

        @Option(names = "--partition", description = "Cut the node off from every other node and the client (IP and ARP).")
        boolean partition;

        @Option(names = "--pause", description = "Freeze the whole node (docker pause).")
        boolean pause;

        @Option(names = "--link-down", description = "Take the node's eth0 down.")
        boolean linkDown;

        @Option(names = "--loss", paramLabel = "PCT", description = "Drop PCT%% of the VRRP every node receives (iptables statistic).")
        String loss;

        @Option(names = "--reload", description = "Reload the VRRP daemon's config (SIGHUP, keepalived's parent for keepalived). "
                + "It must change nothing: no takeover, no flap, and the daemon reports the reload applied.")
        boolean reload;

        @Option(names = "--restart-daemon", description = "Restart the VRRP daemon: SIGTERM, then start it again at once. On the "
                + "master, the VIP moves away and (with preempt) comes back.")
        boolean restartDaemon;

        @Option(names = "--restart-node", description = "Restart the node as a reboot would (docker restart: its VIP goes with its "
                + "network namespace). On the master, the backup takes over after Master_Down_Interval and (with preempt) the "
                + "rebooted node takes the VIP back.")
        boolean restartNode;

        @Option(names = "--cpu-hog", description = "Saturate every CPU: one busy loop per core in every node, for 60 s (or --heal-after). "
                + "Nothing may move: no takeover, no flap.")
        boolean cpuHog;
    }

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nFaults (exactly one):%n")
    Fault fault;

    @Option(names = "--node", paramLabel = "NAME",
            description = "The node to break: its name, or master (the default: the node the cluster converged on) or backup "
                    + "(the node that would take over from it).")
    String node;

    @Option(names = "--heal-after", paramLabel = "DURATION",
            description = "Heal the fault this long after the takeover (e.g. 5s, 1500ms), then check the failback. Faults that "
                    + "must change nothing, or cause a split brain or flapping, are always healed (default 10s, 5s, 30s).")
    String healAfter;

    @Option(names = "--expect-outage-under", paramLabel = "DURATION",
            description = "The outage bound. Default: derived from the config (e.g. detection + Master_Down_Interval + 2 s).")
    String outageUnder;

    @Option(names = "--attach", arity = "0..1", paramLabel = "RUN", fallbackValue = "",
            description = "Break the cluster `hatest up` left running (the only one, or run RUN) instead of a fresh one. "
                    + "It stays up afterwards, healed only where the fault's outcome calls for it.")
    String attach;

    @Override
    public Integer call() throws Exception {
        Topology topology;
        String what;
        if (attach != null) {
            for (String o : new String[]{"--topology", "--config-dir", "--nodes", "--daemon", "--subnet"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new IllegalArgumentException("--attach breaks the running cluster as it is: drop " + o);
                }
            }
            if (load.load() != null) {
                throw new IllegalArgumentException("--attach breaks the running cluster as it is, whose client sends no load: drop --load");
            }
            Cluster.Kept k = Cluster.findKept(attach.isEmpty() ? null : attach);
            topology = k.topology();
            what = "cluster " + k.runId() + " (" + k.what() + ")";
        } else {
            topology = cluster.topology().withLoad(load.load());
            what = cluster.describe(topology) + (topology.load() == null ? "" : " under " + topology.load().describe() + " of load");
        }
        Duration heal = healAfter == null ? null : Durations.parse("--heal-after", healAfter);
        OutageBound userBound = outageUnder == null ? null
                : new OutageBound(Durations.parse("--expect-outage-under", outageUnder).toMillis(), "--expect-outage-under " + outageUnder);
        ChaosPlan chaos = new ChaosPlan(topology, what, java.util.List.of(new ChaosPlan.Step(kind(), argument(), node, heal, null, null, null)),
                userBound, null, attach);
        chaos.check();
        progress.say(spec.commandLine().getErr(), "preparing");
        RunReport report = chaos.run("hatest chaos", s -> progress.say(spec.commandLine().getErr(), s));
        reports.emit(spec.commandLine().getOut(), report);
        if (!reports.json) {
            Prediction.line(chaos, report).ifPresent(l -> {
                spec.commandLine().getOut().println(l);
                spec.commandLine().getOut().flush();
            });
        }
        return Hatest.exitCode(report, spec.commandLine().getErr());
    }

    private FaultPlan.Kind kind() {
        return fault.kill != null ? FaultPlan.Kind.KILL : fault.stop != null ? FaultPlan.Kind.STOP : fault.hang != null ? FaultPlan.Kind.HANG
                : fault.blockVrrp != null ? FaultPlan.Kind.BLOCK_VRRP : fault.partition ? FaultPlan.Kind.PARTITION
                : fault.pause ? FaultPlan.Kind.PAUSE : fault.linkDown ? FaultPlan.Kind.LINK_DOWN : fault.cpuHog ? FaultPlan.Kind.CPU_HOG
                : fault.reload ? FaultPlan.Kind.RELOAD : fault.restartDaemon ? FaultPlan.Kind.RESTART_DAEMON
                : fault.restartNode ? FaultPlan.Kind.RESTART_NODE
                : FaultPlan.Kind.LOSS;
    }

    private String argument() {
        return fault.kill != null ? fault.kill : fault.stop != null ? fault.stop : fault.hang != null ? fault.hang
                : fault.blockVrrp != null ? fault.blockVrrp : fault.loss;
    }
}
