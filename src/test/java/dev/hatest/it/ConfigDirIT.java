package dev.hatest.it;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Stale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import static dev.hatest.it.Scenario.KEPT_CLUSTERS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's own setup, not the seed's: other node names, addresses, VRID, interface and check script,
 * unicast peers, and each node's own nginx.conf, which doesn't name the node (the client's probe knows the
 * serving node by the MAC its request went to). `up --config-dir` runs it; `chaos --attach` breaks it.
 */
// One kept cluster at a time: `chaos --attach` and `down` without a run id take the only one up, and each test
// ends by removing every kept cluster.
@ResourceLock(KEPT_CLUSTERS)
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

    /** One instance of a pair whose nodes list two; PRIO is the node's. */
    private static final String INSTANCE = """
            vrrp_instance %1$s {
                state BACKUP
                interface eth0
                virtual_router_id %2$d
                priority PRIO
                advert_int %3$d
                virtual_ipaddress {
                    10.9.9.%4$d
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

    /**
     * Issue 31, item 4. Given a pair whose nodes list two instances in opposite orders, the probed VIP's (WEB, listed
     * first on web-a) at advert_int 3 and the other (API, first on web-b) at advert_int 1, when the master is paused,
     * then the takeover is held to WEB's own bound: its Master_Down_Interval 9609 ms + 2 s, not API's 3609 ms + 2 s,
     * which the measured outage (about 9.6 s) would exceed.
     */
    @Test
    void theProbedVipsOwnInstanceBoundsItsTakeoverWhateverOrderTheFilesListThemIn(@TempDir Path dir) throws Exception {
        String web = INSTANCE.formatted("WEB", 61, 3, 200);
        String api = INSTANCE.formatted("API", 62, 1, 210);
        for (String[] n : new String[][]{{"web-a", "101", web + api}, {"web-b", "100", api + web}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(d.resolve("keepalived.conf"), n[2].replace("PRIO", n[1]));
        }

        int exit = hatest("chaos", "--config-dir", dir.toString(), "--pause", "--subnet", "198.18.32.0/24", "--json", "-q");

        assertThat(exit).as(cli.both()).isZero();
        JsonNode takeover = null;
        for (JsonNode v : new ObjectMapper().readTree(cli.out()).path("verdicts")) {
            if (v.path("id").asText().equals("takeover")) {
                takeover = v;
            }
        }
        assertThat(takeover).as(cli.out()).isNotNull();
        assertThat(takeover.path("boundValue").asDouble()).isEqualTo(3 * 3000 + 156 * 1000 / 256.0 + 2000);
        // the client saw WEB's own Master_Down_Interval: more than API's bound would allow
        assertThat(takeover.path("measuredValue").asDouble()).isGreaterThan(3609.375 + 2000);
        assertThat(takeover.path("outcome").asText()).isEqualTo("PASS");
    }
}
