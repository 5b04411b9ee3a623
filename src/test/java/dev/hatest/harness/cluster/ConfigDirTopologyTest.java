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
}
