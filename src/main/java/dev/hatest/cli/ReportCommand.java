package dev.hatest.cli;

import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hatest report RUN.json}: re-renders a saved run (from --save or --json) as text, JSON, JUnit XML or HTML. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Re-render the reports of a saved run: the file written by --save (or printed by --json).",
                "Exits as the run did: 0 if it passed, 1 if a verdict failed, 3 if it could not be judged."},
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN.json", description = "A run saved with --save FILE, or the output of --json.")
    Path file;

    @Mixin
    ReportMixin reports;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        List<RunReport> runs = JsonReport.readAll(file);
        reports.emit(spec.commandLine().getOut(), runs);
        return Hatest.exitCode(runs, spec.commandLine().getErr());
    }
}
