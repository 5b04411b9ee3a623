package dev.hatest.cli;

import dev.hatest.harness.report.HtmlReport;
import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.JunitXmlReport;
import dev.hatest.harness.report.PlotCsv;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.report.TextReport;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the report goes: text (or JSON) on stdout, and any of JSON, JUnit XML and HTML files. */
public final class ReportMixin {

    @Option(names = "--json", description = "Print the report as JSON on stdout instead of text.")
    boolean json;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Write the verdicts as JUnit XML (Jenkins' junit step reads it).")
    Path junitXml;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page with an SVG timeline.")
    Path html;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Write the whole run (verdicts and History) as JSON; `hatest report FILE` re-renders it.")
    Path save;

    @Option(names = "--plot-csv", paramLabel = "FILE",
            description = "Write each takeover's outage in ms as a Jenkins Plot plugin CSV (one column per takeover).")
    Path plotCsv;

    void emit(PrintWriter out, RunReport r) {
        emit(out, List.of(r));
    }

    void emit(PrintWriter out, List<RunReport> runs) {
        if (json) {
            out.print(JsonReport.render(runs) + "\n");
        } else {
            runs.forEach(r -> out.print(TextReport.render(r) + (runs.size() > 1 ? "\n" : "")));
        }
        out.flush();
        write(junitXml, JunitXmlReport.render(runs));
        write(html, HtmlReport.render(runs));
        write(save, JsonReport.render(runs));
        write(plotCsv, PlotCsv.render(runs));
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
