package dev.hatest.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the CLI through execute() with captured output; none of these needs an engine. */
class HatestCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Hatest.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("chaos", "down");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertThat(run("chaos", "--kill", "nginx", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void chaosNeedsExactlyOneFault() {
        assertThat(run("chaos")).isEqualTo(2);
        assertThat(run("chaos", "--kill", "nginx", "--stop", "nginx")).isEqualTo(2);
    }

    @Test
    void anUnknownProcessIsAUsageError() {
        assertThat(run("chaos", "--kill", "postgres")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown process 'postgres' (nginx or vrrpd)");
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertThat(run("chaos", "--kill", "nginx", "--heal-after", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--heal-after: 'soon' is not a duration");
    }

    @Test
    void aBadSubnetIsAUsageError() {
        assertThat(run("chaos", "--kill", "nginx", "--subnet", "10.0.0.7/33")).isEqualTo(2);
        assertThat(err.toString()).contains("the test subnet must be");
    }
}
