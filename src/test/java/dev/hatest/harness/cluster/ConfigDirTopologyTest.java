package dev.hatest.harness.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operator's own configs, not the seed's: other names, addresses, VRID and interface. */
public class ConfigDirTopologyTest {

    static final String CONF = """
            global_defs {
               router_id %s
            }
            vrrp_script chk_web {
                script "/usr/local/libexec/check_web.sh"
                interval 1
                weight -20
            }
            vrrp_instance WEB {
                state %s
                interface ens192
                virtual_router_id 77
                priority %d
                advert_int 1
                unicast_src_ip 10.20.30.%d
                unicast_peer {
                    10.20.30.%d
                }
                virtual_ipaddress {
                    10.20.30.100/24 dev ens192
                }
                track_script {
                    chk_web
                }
            }
            """;

    /** Writes web-a (10.20.30.11, priority 150) and web-b (10.20.30.12, priority 120), each with its check. */
    public static Path userConfigs(Path dir) throws Exception {
        for (String[] n : new String[][]{{"web-a", "MASTER", "150", "11", "12"}, {"web-b", "BACKUP", "120", "12", "11"}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(d.resolve("keepalived.conf"), CONF.formatted(n[0], n[1], Integer.parseInt(n[2]),
                    Integer.parseInt(n[3]), Integer.parseInt(n[4])));
            Files.writeString(d.resolve("check_web.sh"), "#!/bin/sh\ncurl -fsS -m 2 http://127.0.0.1/ >/dev/null\n");
        }
        return dir;
    }

    @Test
    void movesEverythingOntoTheTestNetworkAndPutsScriptsWhereTheConfigRunsThem(@TempDir Path dir) throws Exception {
        Topology t = ConfigDirTopology.load(userConfigs(dir), "198.18.0.0/24");

        assertThat(t.nodes()).extracting(NodeSpec::name).containsExactly("web-a", "web-b");
        assertThat(t.nodes()).extracting(NodeSpec::address).containsExactly("198.18.0.11", "198.18.0.12");
        assertThat(t.vips()).containsExactly("198.18.0.100");
        assertThat(t.clientAddress()).isEqualTo("198.18.0.250");
        String conf = t.node("web-a").files().get(SeedTopology.CONFIG);
        assertThat(conf).contains("interface eth0", "198.18.0.100/24 dev eth0", "unicast_src_ip 198.18.0.11", "virtual_router_id 77")
                .doesNotContain("10.20.30", "ens192");
        assertThat(t.node("web-b").files()).containsKey("/usr/local/libexec/check_web.sh");
    }

    @Test
    void aBrokenConfigStopsWithFileAndLine(@TempDir Path dir) throws Exception {
        userConfigs(dir);
        Path conf = dir.resolve("web-b/keepalived.conf");
        Files.writeString(conf, Files.readString(conf).replace("virtual_router_id 77", "virtual_router_id 300"));

        assertThatThrownBy(() -> ConfigDirTopology.load(dir, "198.18.0.0/24"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(conf + ":12: ");
    }

    @Test
    void aDirectoryWithoutNodesIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigDirTopology.load(dir, "198.18.0.0/24")).hasMessageContaining("no NODE/keepalived.conf");
        assertThatThrownBy(() -> ConfigDirTopology.load(dir.resolve("nope"), "198.18.0.0/24")).hasMessageContaining("no such directory");
    }

    static final String CONF6 = """
            vrrp_instance WEB6 {
                interface ens192
                virtual_router_id 78
                priority %d
                advert_int 1
                unicast_src_ip 2001:db8:77::%d
                unicast_peer {
                    2001:db8:77::%d
                }
                virtual_ipaddress {
                    fe80::78/64
                    2001:db8:77::100/64 dev ens192
                }
            }
            """;

    /** An operator's IPv6 unicast pair: its global addresses move onto the test /64, the link-local VIP stays. */
    @Test
    void movesIpv6AddressesOntoTheTestSlash64(@TempDir Path dir) throws Exception {
        for (String[] n : new String[][]{{"web-a", "150", "11", "12"}, {"web-b", "120", "12", "11"}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(d.resolve("keepalived.conf"), CONF6.formatted(Integer.parseInt(n[1]), Integer.parseInt(n[2]),
                    Integer.parseInt(n[3])));
        }
        Topology t = ConfigDirTopology.load(dir, "198.18.7.0/24");

        assertThat(t.vips()).as("the link-local VIP is not probed").containsExactly("fd00:198:18:7::100");
        assertThat(t.ipv6Subnet()).isEqualTo("fd00:198:18:7::/64");
        // a node's IPv6 source gives it the IPv4 host of the same number, whose IPv6 address it then has
        assertThat(t.nodes()).extracting(NodeSpec::address).containsExactly("198.18.7.11", "198.18.7.12");
        assertThat(t.ipv6Of("198.18.7.11")).isEqualTo("fd00:198:18:7::11");
        String conf = t.node("web-a").files().get(SeedTopology.CONFIG);
        assertThat(conf).contains("unicast_src_ip fd00:198:18:7::11", "fd00:198:18:7::12\n", "fe80::78/64",
                "fd00:198:18:7::100/64 dev eth0").doesNotContain("2001:db8");
        assertThat(t.clientAddress()).isEqualTo("198.18.7.250");
    }

    @Test
    void leavesWhatIsNotAHostAddressAlone() {
        String conf = "x 00:11:22:33:44:55 12:30 ff02::12 ::1 fe80::1 2001:db8::1:5 10.0.0.9 dead:beef:cafe\n";
        assertThat(ConfigDirTopology.mapToTestNetwork(conf, "198.18.0."))
                .isEqualTo("x 00:11:22:33:44:55 12:30 ff02::12 ::1 fe80::1 fd00:198:18::5 198.18.0.9 dead:beef:cafe\n");
    }

    @Test
    void refusesIpv6SourcesThatCantBeANodesAddress(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectories(dir.resolve("web-a"));
        Files.writeString(d.resolve("keepalived.conf"), CONF6.formatted(150, 11, 12).replace("2001:db8:77::11", "2001:db8:77::a1"));
        assertThatThrownBy(() -> ConfigDirTopology.load(dir, "198.18.0.0/24")).hasMessageContaining("keepalived.conf:6: (WEB6) source"
                + " fd00:198:18::a1: on the test network a node's IPv6 address is its IPv4 host's number");
        Files.writeString(d.resolve("keepalived.conf"), CONF6.formatted(150, 11, 12).replace("2001:db8:77::12", "fe80::12"));
        assertThatThrownBy(() -> ConfigDirTopology.load(dir, "198.18.0.0/24")).hasMessageContaining("keepalived.conf:8: (WEB6)"
                + " unicast_peer fe80::12 is link-local");
    }

    /** The client's address is free in both families: an IPv6 VIP on ::250 pushes it down to .249. */
    @Test
    void theClientAvoidsAnIpv6VipOfItsHostNumber(@TempDir Path dir) throws Exception {
        for (String[] n : new String[][]{{"web-a", "150", "11", "12"}, {"web-b", "120", "12", "11"}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(d.resolve("keepalived.conf"), CONF6.formatted(Integer.parseInt(n[1]), Integer.parseInt(n[2]),
                    Integer.parseInt(n[3])).replace("2001:db8:77::100/64", "2001:db8:77::250/64"));
        }
        assertThat(ConfigDirTopology.load(dir, "198.18.0.0/24").clientAddress()).isEqualTo("198.18.0.249");
    }

    /** Two IPv4 instances on two networks keep loading: the node takes the first source, as before IPv6. */
    @Test
    void twoIpv4SourcesOfOneNodeAreNotAConflict(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectories(dir.resolve("web-a"));
        String two = CONF.formatted("web-a", "MASTER", 150, 11, 12) + CONF.formatted("web-a", "MASTER", 150, 21, 22)
                .replaceFirst("(?s)^.*?(vrrp_instance)", "$1").replace("WEB {", "INT {").replace("virtual_router_id 77", "virtual_router_id 79")
                .replace("10.20.30.100", "10.20.30.101");
        Files.writeString(d.resolve("keepalived.conf"), two);
        Files.writeString(d.resolve("check_web.sh"), "#!/bin/sh\n");
        assertThat(ConfigDirTopology.load(dir, "198.18.0.0/24").nodes()).extracting(NodeSpec::address).containsExactly("198.18.0.11");
    }

    @Test
    void anAddressWithAnIpv4TailIsNotCutInTwo() {
        assertThat(ConfigDirTopology.mapToTestNetwork("64:ff9b::10.0.0.1\n", "198.18.0.")).doesNotContain("fd00");
    }
}
