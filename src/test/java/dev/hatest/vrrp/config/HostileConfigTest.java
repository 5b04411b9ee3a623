package dev.hatest.vrrp.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 32's config findings, each as it was found (fuzzing and a careless operator's files): every input gets
 * an answer at file:line, fast, with no stack trace, and keepalived's verdict where it has one. Each case states
 * what main did before the fix. The times are not asserted (the fuzz benchmark reports them); a case that went
 * back to backtracking or recursion would still show here as a StackOverflowError or a test that never ends.
 */
class HostileConfigTest {

    private static String instance(String advertInt, String vips) {
        return """
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 101
                    advert_int %s
                    virtual_ipaddress {
                %s
                    }
                }
                """.formatted(advertInt, vips);
    }

    private static final String ONE_VIP = "        10.0.0.1";

    @Test
    void includeOfTheRootDirectoryIsANoteNotANullPointerException(@TempDir Path dir) throws Exception {
        // main: NullPointerException at Lexer.java:142 on `-t` and at start-up (keepalived skips it)
        Path f = Files.writeString(dir.resolve("k.conf"), "include /\n" + instance("1", ONE_VIP));
        KeepalivedConfig c = ConfigParser.parse(f);
        assertThat(c.instances()).hasSize(1);
        assertThat(c.notes()).anyMatch(n -> n.startsWith(f + ":1: include / names no file"));
    }

    @Test
    void includeOfAnEndlessDeviceIsSkippedAndAHugeFileIsAnErrorAtItsInclude(@TempDir Path dir) throws Exception {
        // main: include /dev/zero read until OutOfMemoryError, 58 s and 5.5 GB (keepalived skips it in 0.1 s)
        Path f = Files.writeString(dir.resolve("k.conf"), "include /dev/zero\n" + instance("1", ONE_VIP));
        KeepalivedConfig c = ConfigParser.parse(f);
        assertThat(c.notes()).anyMatch(n -> n.contains(":1: include /dev/zero: /dev/zero is not a regular file; skipped"));

        Path huge = dir.resolve("huge.conf");
        try (var out = Files.newOutputStream(huge)) {
            byte[] comments = "# padding\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written <= Lexer.MAX_FILE_BYTES; written += comments.length) {
                out.write(comments);
            }
        }
        Path g = Files.writeString(dir.resolve("g.conf"), instance("1", ONE_VIP) + "include huge.conf\n");
        assertThatThrownBy(() -> ConfigParser.parse(g)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors()).containsExactly(g + ":11: cannot read " + huge + ": larger than 16 MB, not a config"));
    }

    @Test
    void twentyThousandNestedBracesAreErrorsNotAStackOverflow() {
        // main: StackOverflowError in the recursive block parser; on SIGHUP it killed the event loop (a zombie)
        String conf = "{".repeat(20_000) + "\n" + instance("1", ONE_VIP);
        assertThatThrownBy(() -> ConfigParser.parse("x.conf", conf)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.errors()).contains("x.conf:1: blocks nested deeper than " + ConfigParser.MAX_BLOCK_DEPTH + "; this one is skipped");
            assertThat(e.errors()).allMatch(m -> m.startsWith("x.conf:1: ")).hasSizeLessThan(2 * ConfigParser.MAX_BLOCK_DEPTH + 5);  // each level once, not 20,000
        });
    }

    @Test
    void moreThan255VipsIsAnErrorAtThe256th() {
        // main: -t said valid (keepalived fails it); start-up refused with no file:line; SIGHUP exited leaving 256 VIPs
        String vips = IntStream.range(0, 256).mapToObj(i -> "        10.0." + i / 250 + "." + (i % 250 + 1)).collect(Collectors.joining("\n"));
        assertThatThrownBy(() -> ConfigParser.parse("x.conf", instance("1", vips))).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors()).containsExactly("x.conf:263: (VI_1) more than 255 virtual_ipaddress: an advert carries at most 255;"
                        + " put the others in virtual_ipaddress_excluded"));
        String exactly255 = IntStream.range(0, 255).mapToObj(i -> "        10.0." + i / 250 + "." + (i % 250 + 1)).collect(Collectors.joining("\n"));
        assertThat(parsesTo(instance("1", exactly255)).instances().get(0).vips()).hasSize(255);
    }

    @Test
    void aHundredThousandDigitsAndALetterAreRefusedWithoutBacktrackingAndShownShort() {
        // main: 25 s (200,000 digits: 111 s) in a backtracking regex; the message echoed every digit
        String digits = "1".repeat(100_000);
        assertThatThrownBy(() -> ConfigParser.parse("x.conf", instance(digits + "x", ONE_VIP))).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors()).containsExactly("x.conf:6: advert_int must be a number of seconds, got '" + "1".repeat(48)
                        + "... (100001 characters)'"));
        assertThatThrownBy(() -> ConfigParser.parse("x.conf", instance(digits, ONE_VIP))).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors()).containsExactly("x.conf:6: advert_int must be between 0.01 and 255 seconds, got " + "1".repeat(48)
                        + "... (100000 characters)"));
        assertThat(parsesTo(instance("+.5", ONE_VIP)).instances()).hasSize(1);
    }

    @Test
    void aByteThatIsNotUtf8IsReadAsKeepalivedReadsIt(@TempDir Path dir) throws Exception {
        // main: one Latin-1 byte in a comment rejected the whole file at file:0 (keepalived accepts it)
        Path f = dir.resolve("k.conf");
        Files.write(f, ("# caf\u00e9 du coin\n" + instance("1", ONE_VIP)).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ConfigParser.parse(f).instances()).hasSize(1);
    }

    @Test
    void carriageReturnsAloneEndLines(@TempDir Path dir) throws Exception {
        // main: a CR-only file was one comment line: "valid", with no instance at all
        Path f = Files.writeString(dir.resolve("k.conf"), ("# old Mac file\n" + instance("1", ONE_VIP)).replace("\n", "\r"));
        KeepalivedConfig c = ConfigParser.parse(f);
        assertThat(c.instances()).hasSize(1);
        assertThat(c.instances().get(0).vips()).hasSize(1);
    }

    private static KeepalivedConfig parsesTo(String conf) {
        try {
            return ConfigParser.parse("x.conf", conf);
        } catch (ConfigException e) {
            throw new AssertionError(String.join("\n", e.findings()), e);
        }
    }
}
