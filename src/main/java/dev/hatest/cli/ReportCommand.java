package dev.hatest.cli;

import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hatest report RUN.json}: judges a saved run (from --save or --json) again from its History with this hatest's
 * checkers, and renders it as text, JSON, JUnit XML or HTML.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Judge a saved run again and render its reports: the file written by --save (or printed by --json).",
                "A chaos run or a rollout is judged again from its recorded History with this hatest's checkers (say when a verdict "
                        + "comes out otherwise than it was saved); a run that broke, or a differential's comparison, is shown as saved.",
                "Exits as the verdicts say: 0 if every one passed, 1 if one failed, 3 if the run could not be judged."},
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN.json", description = "A run saved with --save FILE, or the output of --json.")
    Path file;

    @Mixin
    ReportMixin reports;

    @Option(names = "--as-saved", description = "Show the verdicts as the run saved them, without judging it again.")
    boolean asSaved;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        List<RunReport> saved = JsonReport.readAll(file);
        List<RunReport> runs = asSaved ? saved : saved.stream().map(RunReport::rejudged).toList();
        for (int i = 0; i < runs.size(); i++) {
            List<String> changed = changed(saved.get(i), runs.get(i));
            if (!changed.isEmpty()) {
                spec.commandLine().getErr().println("hatest report: judged again, " + changed.size() + " verdict(s) differ from the saved run's: "
                        + String.join("; ", changed));
            }
        }
        reports.emit(spec.commandLine().getOut(), runs);
        return Hatest.exitCode(runs, spec.commandLine().getErr());
    }

    /**
     * The verdicts whose outcome or figure differs between the saved run and the same run judged again, taken
     * in order (a run has several verdicts of one name: the winner at the start and after each step).
     */
    private static List<String> changed(RunReport saved, RunReport judged) {
        List<String> out = new java.util.ArrayList<>();
        List<dev.hatest.harness.check.Verdict> a = saved.verdicts();
        List<dev.hatest.harness.check.Verdict> b = judged.verdicts();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= b.size()) {
                out.add(a.get(i).name() + " is gone");
            } else if (i >= a.size()) {
                out.add(b.get(i).name() + " is new (" + b.get(i).outcome() + ")");
            } else if (!a.get(i).name().equals(b.get(i).name()) || a.get(i).outcome() != b.get(i).outcome()
                    || !a.get(i).measured().text().equals(b.get(i).measured().text())) {
                out.add(a.get(i).name() + " " + a.get(i).outcome() + " " + a.get(i).measured() + " -> " + b.get(i).name() + " "
                        + b.get(i).outcome() + " " + b.get(i).measured());
            }
        }
        return out;
    }
}
