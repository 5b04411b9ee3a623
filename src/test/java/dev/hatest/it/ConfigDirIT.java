package dev.hatest.it;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Stale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's own setup, not the seed's: other node names, addresses, VRID, interface and check script,
 * unicast peers, and each node's own nginx.conf, which doesn't name the node (the client's probe knows the
 * serving node by the MAC its request went to). `up --config-dir` runs it; `chaos --attach` breaks it.
 */
class ConfigDirIT {

    private static final String CONF = """
            global_defs {
               router_id %1$s
            }
            vrrp_script chk_web {
                script "/usr/local/libexec/check_web.sh"
                interval 1
                fall 2
                rise 1
                weight -20
            }
            vrrp_instance WEB {
                state %2$s
                interface ens192
                virtual_router_id 77
                priority %3$d
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass s3cret
                }
                unicast_src_ip 10.20.30.%4$d
                unicast_peer {
                    10.20.30.%5$d
                }
                virtual_ipaddress {
                    10.20.30.100/24 dev ens192
                }
                track_script {
                    chk_web
                }
            }
            """;

    /** An application's nginx: nothing in it says which node answered. */
    private static final String NGINX = """
            user www-data;
            worker_processes 1;
            pid /run/nginx.pid;
            events { worker_connections 64; }
            http {
                server {
                    listen 80 default_server;
                    location / { return 200 "the shop is open\\n"; }
                }
            }
            """;

    private final InProcessCli cli = new InProcessCli();

    private int hatest(String... args) {
        return cli.run(args);
    }

    static Path configs(Path dir, String nginx) throws Exception {
        for (String[] n : new String[][]{{"web-a", "MASTER", "110", "11", "12"}, {"web-b", "BACKUP", "100", "12", "11"}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(d.resolve("keepalived.conf"), CONF.formatted(n[0], n[1], Integer.parseInt(n[2]), Integer.parseInt(n[3]),
                    Integer.parseInt(n[4])));
            Files.writeString(d.resolve("check_web.sh"), "#!/bin/sh\ncurl -fsS -m 2 http://127.0.0.1/ >/dev/null\n");
            Files.writeString(d.resolve("nginx.conf"), nginx);
        }
        return dir;
    }

    @AfterEach
    void removeWhateverIsLeft() {
        Stale.removeKept(null);
    }

    @Test
    void upRunsTheOperatorsOwnConfigsAndChaosBreaksThem(@TempDir Path dir) throws Exception {
        Path configs = configs(dir, NGINX);

        assertThat(hatest("up", "--config-dir", configs.toString(), "--subnet", "198.18.6.0/24", "-q")).as(cli.both()).isZero();
        assertThat(cli.out()).contains("web-a", "198.18.6.11", "WEB", "MASTER", "110/110", "VIP 198.18.6.100: held by web-a");

        // web-a's nginx dies: chk_web fails twice (fall 2), 110 - 20 = 90 < 100, web-b takes the VIP.
        assertThat(hatest("chaos", "--attach", "--kill", "nginx", "-q")).as(cli.both()).isZero();
        assertThat(cli.out()).contains("web-a -> web-b", "PASS");
        assertThat(Cluster.keptClusters()).hasSize(1);
        assertThat(hatest("down")).isZero();
    }

    /** The operator's pair on IPv6: VRRPv3 unicast between global addresses, an IPv6 VIP, the same check. */
    private static final String CONF6 = """
            vrrp_script chk_web {
                script "/usr/local/libexec/check_web.sh"
                interval 1
                fall 2
                rise 1
                weight -20
            }
            vrrp_instance WEB6 {
                state %1$s
                interface ens192
                virtual_router_id 78
                priority %2$d
                advert_int 1
                unicast_src_ip 2001:db8:30::%3$d
                unicast_peer {
                    2001:db8:30::%4$d
                }
                virtual_ipaddress {
                    2001:db8:30::100/64 dev ens192
                }
                track_script {
                    chk_web
                }
            }
            """;

    /**
     * An operator's own IPv6 configs: their global addresses move onto the test /64 (2001:db8:30::11 becomes
     * fd00:198:18:7::11, the node's address), and their nginx, listening on IPv6 and naming no node, is told
     * apart by the MAC the client's neighbour entry holds for the VIP. nginx killed on web-a moves the VIP to
     * web-b, and the client's neighbour entry follows, on vrrpd and on keepalived.
     */
    @Test
    void chaosRunsTheOperatorsOwnIpv6Configs(@TempDir Path dir) throws Exception {
        for (String[] n : new String[][]{{"web-a", "MASTER", "110", "11", "12"}, {"web-b", "BACKUP", "100", "12", "11"}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(d.resolve("keepalived.conf"), CONF6.formatted(n[1], Integer.parseInt(n[2]), Integer.parseInt(n[3]),
                    Integer.parseInt(n[4])));
            Files.writeString(d.resolve("check_web.sh"), "#!/bin/sh\ncurl -fsS -m 2 http://127.0.0.1/ >/dev/null\n");
            Files.writeString(d.resolve("nginx.conf"), NGINX.replace("listen 80 default_server;", "listen 80 default_server;\n"
                    + "        listen [::]:80 default_server;"));
        }
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            assertThat(hatest("chaos", "--kill", "nginx", "--config-dir", dir.toString(), "--daemon", daemon, "--subnet", "198.18.7.0/24",
                    "-q")).as(daemon + ": " + cli.both()).isZero();
            assertThat(cli.out()).as(daemon).contains("web-a -> web-b", "fd00:198:18:7::100", "PASS client neighbour entry moved",
                    "requests ok from web-b");
        }
    }

    @Test
    void aBrokenNginxConfIsAConfigErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path configs = configs(dir, NGINX.replace("listen 80", "listen eighty"));

        assertThat(hatest("chaos", "--kill", "nginx", "--config-dir", configs.toString(), "-q")).as(cli.both()).isEqualTo(2);
        assertThat(cli.err()).contains("node web-a: its nginx.conf fails nginx -t", "/etc/nginx/nginx.conf:");
    }
}
