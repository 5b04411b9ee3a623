package dev.hatest.it;

import dev.hatest.cli.Hatest;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The hatest CLI run in this JVM as the integration tests drive it: {@code execute()}, with stdout and stderr kept. */
final class InProcessCli {

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /** Runs {@code hatest args...}; its output replaces the previous run's. */
    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = Hatest.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Both, for an assertion's message. */
    String both() {
        return out + "\n" + err;
    }
}
