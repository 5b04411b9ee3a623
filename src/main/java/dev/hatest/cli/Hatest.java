package dev.hatest.cli;

import dev.hatest.harness.cluster.EnvironmentException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The hatest command line. Exit codes: 0 every verdict passed, 1 a verdict failed, 2 usage or config error,
 * 3 environment not usable.
 */
@Command(name = "hatest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Proves that a keepalived + nginx HA pair fails over correctly, and fast.",
        subcommands = {UpCommand.class, StatusCommand.class, ChaosCommand.class, RolloutCommand.class, RunCommand.class, BenchCommand.class, DownCommand.class,
                DoctorCommand.class, ReportCommand.class, CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict passed", "1:a verdict failed", "2:usage or config error",
                "3:environment not usable (no Docker engine, no macvlan, no images)"})
public final class Hatest {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int ENVIRONMENT = 3;

    /**
     * Set once a command has started a cluster that must outlive this process ({@code up}). Without Ryuk,
     * Testcontainers' shutdown hook removes every container of this process's session; such a process ends
     * without running the shutdown hooks.
     */
    static volatile boolean keepContainersOnExit;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (keepContainersOnExit) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Hatest());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            if (ex instanceof EnvironmentException) {
                line.getErr().println("hatest: environment not usable: " + ex.getMessage());
                return ENVIRONMENT;
            }
            if (ex instanceof IllegalArgumentException) {
                line.getErr().println("hatest: " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        return cl;
    }
}
