package dev.hatest.cli;

import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.EnvironmentException;
import dev.hatest.harness.report.RunReport;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hatest command line. Exit codes: 0 every verdict passed, 1 a verdict failed (and nothing else exits 1),
 * 2 usage or config error, 3 environment not usable or the run could not be judged, 4 a bug in hatest.
 */
@Command(name = "hatest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Proves that a keepalived + nginx HA pair fails over correctly, and fast.",
        subcommands = {UpCommand.class, StatusCommand.class, ChaosCommand.class, PlanCommand.class, ExploreCommand.class, RolloutCommand.class, RunCommand.class, BenchCommand.class, DownCommand.class,
                DoctorCommand.class, ReportCommand.class, CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4})
public final class Hatest {

    public static final int PASSED = 0;
    /** A verdict failed: the gate's "this HA setup failed". Nothing else exits 1. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** The environment is not usable, or the run could not be judged (a container, the probe or the engine gone). */
    public static final int ENVIRONMENT = 3;
    /** A bug in hatest: one line on stderr, the stack trace in a log file it names. */
    public static final int INTERNAL = 4;

    // Every command's help lists these (picocli takes them as constants, one per line).
    static final String EXIT_HEADING = "%nExit codes:%n";
    static final String EXIT_0 = "0:every verdict passed";
    static final String EXIT_1 = "1:a verdict failed (the pair failed a check; nothing else exits 1)";
    static final String EXIT_2 = "2:usage or config error (file:line)";
    static final String EXIT_3 = "3:environment not usable (no Docker engine, no macvlan, no images), or the run could not be judged "
            + "(a container, the probe or the engine gone mid-run): its verdicts are UNKNOWN";
    static final String EXIT_4 = "4:an internal error of hatest (a bug): one line, and the log file with the details";

    /**
     * Set once a command has started a cluster that must outlive this process ({@code up}). Without Ryuk,
     * Testcontainers' shutdown hook removes every container of this process's session; such a process ends
     * without running the shutdown hooks.
     */
    static volatile boolean keepContainersOnExit;

    public static void main(String[] args) {
        int code = execute(commandLine(), args);
        if (keepContainersOnExit) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /**
     * Runs {@code cl} on {@code args}. An Error (a StackOverflowError, an OutOfMemoryError...) escapes picocli's
     * exception handler, and the JVM would exit 1 with it, the gate's "a verdict failed": it is hatest's failure,
     * so it exits 4 like any other bug.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            cl.getErr().println("hatest: internal error (a bug in hatest, please report it): " + oneLine(t) + "; details in "
                    + crashLog(t, List.of(args)));
            cl.getErr().flush();
            return INTERNAL;
        }
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
            if (engineFailure(ex)) {
                line.getErr().println("hatest: could not judge the run: the Docker engine or a container failed: " + oneLine(ex));
                return ENVIRONMENT;
            }
            line.getErr().println("hatest: internal error (a bug in hatest, please report it): " + oneLine(ex) + "; details in "
                    + crashLog(ex, parseResult.originalArgs()));
            return INTERNAL;
        });
        return cl;
    }

    /**
     * The exit code of a command's runs: 0 when every verdict passed, 3 when any run could not be judged (what
     * broke is said on {@code err}), else 1.
     */
    static int exitCode(List<RunReport> runs, java.io.PrintWriter err) {
        return switch (RunReport.outcome(runs)) {
            case PASS -> PASSED;
            case FAIL -> FAILED;
            case UNKNOWN -> {
                runs.stream().map(r -> r.broken() != null ? r.broken() : r.verdicts().stream().filter(Verdict::unknown)
                                .map(v -> v.name() + ": " + v.detail()).findFirst().orElse(null))
                        .filter(java.util.Objects::nonNull).distinct()
                        .forEach(why -> err.println("hatest: could not judge the run: " + why));
                err.flush();
                yield ENVIRONMENT;
            }
        };
    }

    static int exitCode(RunReport run, java.io.PrintWriter err) {
        return exitCode(List.of(run), err);
    }

    /** The engine's own failures (docker-java, Testcontainers): the environment's fault, not hatest's. */
    private static boolean engineFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String pkg = t.getClass().getPackageName();
            if (pkg.startsWith("com.github.dockerjava") || t instanceof org.testcontainers.containers.ContainerLaunchException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? "" : ex.getMessage().lines().findFirst().orElse("");
        return ex.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }

    /** Writes {@code ex}'s stack trace to a file of its own and returns its path (or says why it could not). */
    static String crashLog(Throwable ex, List<String> args) {
        try {
            Path file = Files.createTempFile("hatest-crash-", ".log");
            StringWriter w = new StringWriter();
            w.write("hatest " + String.join(" ", args) + "\n");
            ex.printStackTrace(new PrintWriter(w));
            Files.writeString(file, w.toString());
            return file.toString();
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
