package dev.hatest.jenkins;

import dev.hatest.cli.Hatest;
import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.ReportsTest;
import dev.hatest.harness.report.RunReport;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** hatest command lines found in pipeline code, checked by the CLI's own parser and, for reports, played for real. */
final class HatestLines {

    /** The options that name a report file: where a run writes what the pipeline then publishes. */
    static final Set<String> REPORT_OPTIONS = Set.of("--junit-xml", "--html", "--save", "--plot-csv");

    private HatestLines() {
    }

    /** Whether a shell line runs hatest: its first word is the launcher (./hatest, or a path ending in /hatest). */
    static boolean isHatest(List<String> words) {
        return !words.isEmpty() && (words.get(0).equals("./hatest") || words.get(0).endsWith("/hatest") || words.get(0).equals("hatest"));
    }

    /** The CLI's parse of the arguments (after the launcher): throws picocli's ParameterException for an unknown or bad flag. */
    static CommandLine.ParseResult parse(List<String> words) {
        CommandLine cl = Hatest.commandLine();
        return cl.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
    }

    /**
     * Plays a {@code hatest run} line without containers: its report options, rebased into the workspace,
     * are given to {@code hatest report} with a saved run, so the same code writes the same files a real
     * run would. Returns the exit code (0 for a passing run, 1 for a failing one).
     */
    static int playRun(List<String> words, Path workspace, boolean passing) throws IOException {
        RunReport failing = ReportsTest.run();
        RunReport run = passing ? new RunReport(failing.title(), true, failing.verdicts().subList(0, 1), failing.failovers(), failing.events(),
                failing.boundFormula()) : failing;
        Path saved = Files.createTempFile("hatest-run", ".json");
        Files.writeString(saved, JsonReport.render(run));
        List<String> args = new ArrayList<>(List.of("report", saved.toString()));
        for (int i = 1; i < words.size() - 1; i++) {
            if (REPORT_OPTIONS.contains(words.get(i))) {
                args.add(words.get(i));
                args.add(workspace.resolve(words.get(i + 1)).toString());
            }
        }
        CommandLine cl = Hatest.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        try {
            return cl.execute(args.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(saved);
        }
    }
}
