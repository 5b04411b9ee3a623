package dev.hatest.cli;

import dev.hatest.harness.cluster.Doctor;
import dev.hatest.harness.cluster.SeedTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code hatest doctor}: can this machine run a cluster? One line per check, a diagnosis for each problem. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Preflight: the Docker engine, its macvlan driver, the images, the kernel's link types and iptables "
                + "statistic match (through the engine, in the host's network namespace), and VRRP multicast between two "
                + "containers on a private test network.", "Exits 0 when a run can work here, 3 with a diagnosis when not."})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--subnet", paramLabel = "CIDR", defaultValue = SeedTopology.DEFAULT_SUBNET,
            description = "The test network for the multicast check (default ${DEFAULT-VALUE}).")
    String subnet;

    @Override
    public Integer call() {
        SeedTopology.prefixOf(subnet);
        PrintWriter out = spec.commandLine().getOut();
        List<Doctor.Check> checks = Doctor.run(subnet, c -> {
            out.printf("%-7s %-30s %s%n", c.status().name().toLowerCase(Locale.ROOT), c.name(), c.detail());
            out.flush();
        });
        boolean ok = checks.stream().noneMatch(c -> c.status() == Doctor.Status.FAIL);
        out.println(ok ? "hatest can run here" : "hatest can't run here: see the failed checks above");
        return ok ? Hatest.PASSED : Hatest.ENVIRONMENT;
    }
}
