package dev.hatest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18's guard: every program a test starts on the host is one that the preparation installs. The list
 * is docker/host-tools.list; docker/host-tools.sh installs from it; mvn verify runs that before the
 * integration tests; and tests start host programs only through {@link HostTools}, which refuses any other.
 */
class HostToolsTest {

    private static final Path TESTS = Path.of("src/test/java");

    @Test
    void noTestStartsAHostProgramButThroughHostTools() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(TESTS)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("HostTools.java"))
                    .filter(f -> read(f).contains("new Process" + "Builder(") || read(f).contains("Runtime.getRuntime()" + ".exec"))
                    .map(Path::toString).toList();
        }
        assertThat(offenders).as("start host programs through dev.hatest.HostTools").isEmpty();
    }

    /**
     * The programs named literally where tests start them are all listed, so a new one fails here, in the
     * unit tests, before an integration test would.
     */
    @Test
    void everyProgramATestNamesIsListed() throws IOException {
        Pattern literal = Pattern.compile("HostTools\\.command\\(\"([^\"]+)\"((?:, \"[^\"]*\")*)");
        TreeSet<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(read(f));
                while (m.find()) {
                    List<String> words = new java.util.ArrayList<>(List.of(m.group(1)));
                    Matcher w = Pattern.compile("\"([^\"]*)\"").matcher(m.group(2));
                    while (w.find()) {
                        words.add(w.group(1));
                    }
                    named.addAll(HostTools.programsOf(words));
                }
            }
        }
        assertThat(named).contains("tcpdump", "tshark", "ip");
        assertThat(HostTools.listed().keySet()).containsAll(named);
    }

    @Test
    void theShellLinesOfTheTestsNameTheirPrograms() {
        assertThat(HostTools.programsOf("ip link add hbr-x type bridge && ip link set hbr-x up")).containsExactly("ip");
        assertThat(HostTools.programsOf("iptables -I FORWARD -i b -o b -j ACCEPT")).containsExactly("iptables");
        assertThat(HostTools.programsOf("for p in $(ip netns pids ns 2>/dev/null); do kill -9 $p; done; ip netns del ns"))
                .containsExactly("ip");
        assertThat(HostTools.programsOf("ip netns exec ns nft list ruleset 2>&1 | grep -v x")).containsExactly("ip", "nft");
        assertThat(HostTools.programsOf("X=1 tcpdump -c 1 > /tmp/cap")).containsExactly("tcpdump");
        assertThat(HostTools.programsOf("kill -9 $(cat /tmp/a.pid) $(cat /tmp/b.pid)")).isEmpty();
        assertThat(HostTools.programsOf(List.of("ip", "netns", "exec", "ns", "curl", "-s"))).containsExactly("ip", "curl");
        assertThat(HostTools.programsOf(List.of("/usr/lib/jvm/bin/java", "-cp", "x"))).as("a path is no host tool").isEmpty();
    }

    @Test
    void anUnlistedProgramFailsWithOneLineNamingTheList() {
        assertThatThrownBy(() -> HostTools.shell("ip link show && frobnicate --all"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("frobnicate is not in docker/host-tools.list: list it there (PROGRAM PACKAGE why) so that "
                        + "docker/host-tools.sh installs it before the tests run");
    }

    @Test
    void theListIsWellFormedAndNamesEachPackage(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Map<String, String> listed = HostTools.listed();
        assertThat(listed).containsEntry("tcpdump", "tcpdump").containsEntry("tshark", "tshark")
                .containsEntry("keepalived", "keepalived").containsEntry("nft", "nftables").containsEntry("ip", "iproute2");
        Path bad = Files.writeString(dir.resolve("bad.list"), "# c\ntcpdump tcpdump why\nonlyone\n");
        assertThatThrownBy(() -> HostTools.read(bad)).hasMessage(bad + ":3: want PROGRAM PACKAGE why, got 'onlyone'");
    }

    /**
     * The preparation that installs the list is the one the README's commands run: mvn verify's
     * pre-integration-test runs docker/prepare.sh, which runs host-tools.sh; and .ci/run runs no preparation
     * of its own that the README's commands would lack.
     */
    @Test
    void theReadmesCommandsRunThePreparation() {
        String pom = read(Path.of("pom.xml"));
        assertThat(pom).containsPattern("(?s)<phase>pre-integration-test</phase>.*docker/prepare.sh");
        assertThat(read(Path.of("docker/prepare.sh"))).contains("\"$HERE/host-tools.sh\"");
        assertThat(read(Path.of("docker/host-tools.sh"))).contains("host-tools.list");
        assertThat(read(Path.of("hatest"))).contains("docker/prepare.sh");
        String ci = read(Path.of(".ci/run")).lines().filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(ci).contains("mvn -B verify").doesNotContain("host-tools.sh", "engine.sh", "prepare.sh");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
