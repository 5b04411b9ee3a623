package dev.hatest.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** Progress on stderr for the long steps, with elapsed time; {@code -q} silences it. */
public final class ProgressMixin {

    @Option(names = {"-q", "--quiet"}, description = "Print no progress on stderr.")
    boolean quiet;

    private final long start = System.nanoTime();

    void say(PrintWriter err, String what) {
        if (!quiet) {
            err.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, what);
            err.flush();
        }
    }
}
