package dev.hatest.vrrp.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser on token soup: keepalived.conf's own keywords, braces, numbers, addresses, quotes, comments and
 * junk in random order. It must accept or reject each with its own error, never crash, and every error must
 * point at a line of the input.
 */
class ConfigParserPropertiesTest {

    private static final List<String> TOKENS = List.of(
            "global_defs", "vrrp_script", "vrrp_instance", "vrrp_sync_group", "group", "track_script", "virtual_ipaddress",
            "authentication", "auth_type", "auth_pass", "PASS", "AH", "state", "MASTER", "BACKUP", "interface", "eth0",
            "virtual_router_id", "priority", "advert_int", "nopreempt", "preempt_delay", "mcast_src_ip", "script", "interval",
            "weight", "fall", "rise", "timeout", "router_id", "notification_email", "unicast_peer", "include", "version",
            "{", "}", "{", "}", "\n", "\n", "\n", "!", "#", "\"", "\"/etc/keepalived/check_ng.sh\"", "0", "1", "51", "100",
            "255", "256", "-5", "-300", "2.5", "0.01", "192.168.0.200", "192.168.0.200/24", "dev", "label", "1111",
            "\u00e9", "\t", "\\", "999999999999999999999", "vrrp_instance VI_1 {", "}}}", "{{{");

    @Property(tries = 20_000)
    void tokenSoupIsParsedOrRejectedWithFileAndLine(@ForAll("soup") String text) {
        try {
            ConfigParser.parse("soup.conf", text);
        } catch (ConfigException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(err -> assertThat(err).matches("(?s)soup\\.conf:\\d+: .+"));
        }
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(80).map(tokens -> String.join(" ", tokens));
    }

    /** The parity corpus: real configs (Debian's samples' shapes, the seed's, IPv6, sync groups) to mutate. */
    private static final List<String> CORPUS = corpus();

    private static List<String> corpus() {
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources/dev/hatest/vrrp/config/parity");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".conf")).sorted().map(f -> {
                try {
                    return java.nio.file.Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a mutation may put in: the hostile inputs of issue 32 and their kin. */
    private static final List<String> HOSTILE = List.of("{".repeat(500), "}".repeat(50), "1".repeat(5_000) + "x", "\r", "\r\n", "\u0000",
            "\ufffd", "\u00e9", "\"", "include /\n", "include /dev/zero\n", "include /nonexistent/*.conf\n", "@^x ", "@x ",
            "256", "-1", "4294967296", "0.000001", "+.5", "1e3", "::", "fe80::1", "255.255.255.255/33", "virtual_ipaddress {\n",
            "\n}\n", "vrrp_instance", "track_script {\n", "priority", "advert_int");

    /**
     * Issue 32's fuzz test: 2,000 mutants of real configs (a range cut, a line doubled, a hostile string put in,
     * bytes swapped), seeded, so a failure replays. Each is parsed or rejected with its own errors at soup.conf:LINE,
     * never a crash, and within 1 s: a bound far above any linear parse (about a millisecond), there to catch a
     * return of backtracking or recursion (main took 25 s on one digit string), not to time the parser.
     */
    @Property(tries = 2_000, seed = "32")
    void mutantsOfRealConfigsAreParsedOrRejectedAtFileAndLineInLinearTime(@ForAll("mutants") String text) {
        long start = System.nanoTime();
        try {
            ConfigParser.parse("soup.conf", text);
        } catch (ConfigException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(err -> assertThat(err).matches("(?s)soup\\.conf:\\d+: .+"));
        }
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to parse a %d-character mutant", text.length()).isLessThan(1.0);
    }

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<String> base = Arbitraries.of(CORPUS);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100_000);
        Arbitrary<String> hostile = Arbitraries.of(HOSTILE);
        return net.jqwik.api.Combinators.combine(base, at, at, hostile, Arbitraries.integers().between(0, 3)).as((conf, a, b, h, kind) -> {
            int i = a % (conf.length() + 1);
            int j = Math.min(conf.length(), i + b % 200);
            return switch (kind) {
                case 0 -> conf.substring(0, i) + conf.substring(j);                   // a range cut
                case 1 -> conf.substring(0, i) + h + conf.substring(i);                // a hostile string put in
                case 2 -> conf.substring(0, j) + conf.substring(i, j) + conf.substring(j);  // a range doubled
                default -> conf.substring(0, i) + h + conf.substring(j);               // a range replaced
            };
        });
    }
}
