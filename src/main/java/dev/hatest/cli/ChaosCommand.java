package dev.hatest.cli;

import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.report.TextReport;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.OutageBound;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code hatest chaos}: bring up the seed pair, break the master, and judge the failover. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Start the seed pair, inject a fault into the master, and report the takeover and verdicts.")
public final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressMixin progress;

    static final class Fault {
        @Option(names = "--kill", paramLabel = "PROCESS", description = "kill -9 a process on the master: nginx or vrrpd.")
        String kill;

        @Option(names = "--stop", paramLabel = "PROCESS", description = "Stop a process gracefully (SIGTERM): nginx or vrrpd.")
        String stop;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Fault fault;

    @Option(names = "--heal-after", paramLabel = "DURATION",
            description = "Heal the fault this long after the takeover (e.g. 5s, 1500ms), then check the failback.")
    String healAfter;

    @Option(names = "--expect-outage-under", paramLabel = "DURATION",
            description = "The outage bound. Default: derived from the config (detection + Master_Down_Interval + 2 s).")
    String outageUnder;

    @Option(names = "--subnet", paramLabel = "CIDR", defaultValue = SeedTopology.DEFAULT_SUBNET,
            description = "The test network (default ${DEFAULT-VALUE}); nothing is sent outside it.")
    String subnet;

    @Option(names = "--json", description = "Print the report as JSON on stdout instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeProcess process = NodeProcess.parse(fault.kill != null ? fault.kill : fault.stop);
        boolean crash = fault.kill != null;
        Duration heal = healAfter == null ? null : Durations.parse("--heal-after", healAfter);
        Topology topology = SeedTopology.pair(subnet);
        String master = "lb01";
        String backup = "lb02";
        String masterConf = topology.node(master).files().get(SeedTopology.CONFIG);
        String backupConf = topology.node(backup).files().get(SeedTopology.CONFIG);
        OutageBound bound = process == NodeProcess.NGINX ? OutageBound.nginxKill(masterConf, backupConf)
                : crash ? OutageBound.daemonCrash(backupConf) : OutageBound.daemonStop(backupConf);
        if (outageUnder != null) {
            bound = new OutageBound(Durations.parse("--expect-outage-under", outageUnder).toMillis(), "--expect-outage-under " + outageUnder);
        }
        progress.say(spec.commandLine().getErr(), "preparing");
        ChaosRun.Result r = ChaosRun.run(new ChaosRun.Options(topology, master,
                node -> crash ? KillProcess.kill(node, process) : KillProcess.stop(node, process),
                bound, OutageBound.dualMasters(backupConf), heal, ProbeJar.locate(), s -> progress.say(spec.commandLine().getErr(), s)));
        RunReport report = new RunReport("hatest chaos: " + (crash ? "kill -9 " : "stop ") + process.label()
                + " on the master of the seed pair", r.passed(), r.verdicts(), r.failovers(), r.events(), r.bound().formula());
        spec.commandLine().getOut().print(json ? JsonReport.render(report) + "\n" : TextReport.render(report));
        spec.commandLine().getOut().flush();
        return r.passed() ? Hatest.PASSED : Hatest.FAILED;
    }
}
