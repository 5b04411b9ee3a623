package dev.hatest.it;

import dev.hatest.HostTools;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22: {@code vrrpd -t} and keepalived 2.2.7's {@code -t}, both run on this machine, on configs nobody here
 * wrote for vrrpd: every sample Debian's keepalived package ships, and our own finds (samples-own/, each made to
 * show one thing keepalived's -t does). They must reach the same verdict, and when keepalived's first complaint
 * names a line, vrrpd's first must be at that line. keepalived's LVS and script complaints name none; there
 * only the verdict is compared. Each config runs from a copy in its own directory, as an operator runs it.
 */
class KeepalivedSamplesParityIT {

    private static final Path DEBIAN = Path.of("/usr/share/doc/keepalived/samples");
    private static final Path OWN = Path.of("src/test/resources/dev/hatest/vrrp/config/samples-own");
    private static final Path VRRPD = Path.of("target/vrrpd.jar");
    private static final Pattern KEEPALIVED_LINE = Pattern.compile("^\\((.+): Line (\\d+)\\) ");

    @TestFactory
    Stream<DynamicTest> bothConfigTestsAgree() throws IOException {
        assertThat(DEBIAN).as("keepalived's samples: docker/host-tools.sh installs keepalived, which ships them").isDirectory();
        assertThat(VRRPD).as("vrrpd.jar, made by mvn package").isRegularFile();
        List<Path> files;
        try (Stream<Path> debian = Files.list(DEBIAN); Stream<Path> own = Files.list(OWN)) {
            files = Stream.concat(debian.filter(f -> f.getFileName().toString().startsWith("keepalived.conf")),
                    own.filter(f -> f.toString().endsWith(".conf"))).sorted().toList();
        }
        assertThat(files).as("Debian's 25 samples and our finds").hasSizeGreaterThan(50);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(), () -> agree(f)));
    }

    private static void agree(Path sample) throws Exception {
        Path dir = Files.createTempDirectory("hatest-parity");
        String name = sample.getFileName().toString();
        Files.copy(sample, dir.resolve(name));
        try {
            compare(dir, name);
        } finally {
            Files.delete(dir.resolve(name));
            Files.delete(dir);
        }
    }

    private static void compare(Path dir, String name) throws Exception {
        Run keepalived = run(dir, HostTools.command("keepalived", "-t", "-f", name, "-l"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run vrrpd = run(dir, HostTools.command(java, "-jar", VRRPD.toAbsolutePath().toString(), "-t", "-f", name));
        String says = "keepalived (exit " + keepalived.exit + "):\n" + keepalived.output + "\nvrrpd (exit " + vrrpd.exit + "):\n" + vrrpd.output;
        assertThat(vrrpd.exit == 0).as("the same verdict\n%s", says).isEqualTo(keepalived.exit == 0);
        String first = keepalived.output.lines().findFirst().orElse("");
        Matcher m = KEEPALIVED_LINE.matcher(first);
        if (m.find()) {
            String vrrpdFirst = vrrpd.output.lines().filter(l -> !l.endsWith("(note)")).findFirst().orElse("");
            assertThat(vrrpdFirst).as("the first complaint at keepalived's line\n%s", says).startsWith(name + ":" + m.group(2) + ": ");
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path dir, ProcessBuilder pb) throws Exception {
        Process p = pb.directory(dir.toFile()).redirectErrorStream(true).start();
        // keepalived 2.2.7's -t spins for ever on some configs (a track_file naming no file): none of these may
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " did not finish in 30 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
