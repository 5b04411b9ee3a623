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
}
