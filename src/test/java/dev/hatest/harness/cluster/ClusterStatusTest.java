package dev.hatest.harness.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading what a node's daemon says of itself, and a kept cluster's topology label. */
class ClusterStatusTest {

    /** keepalived 2.2.7's SIGUSR1 dump, cut to the parts read (taken from a run in a network namespace here). */
    static final String KEEPALIVED_DATA = """
            ------< Global definitions >------
             Network namespace = (default)
             Router ID = lb02
            ------< VRRP Topology >------
             VRRP Instance = VI_1
               VRRP Version = 2
               State = MASTER
               Flags: none
               Wantstate = MASTER
               Last transition = 1795546807.997971 (Tue Nov 24 19:00:07.997971 2026)
               Interface = eth0
               Virtual Router ID = 51
               Priority = 100
               Effective priority = 95
               Total priority = 95
               Advert interval = 1 sec
               Virtual IP (2):
                 198.18.0.200/24 dev eth0 scope global
                 198.18.0.199/32 dev eth0 scope global
               fd_in 13, fd_out 14
               Tracked scripts :
                 chk_nginx weight -5
             VRRP Instance = VI_2
               State = BACKUP
               Priority = 101
               Effective priority = 101
               Virtual IP (1):
                 198.18.0.210/24 dev eth0 scope global
            ------< VRRP Sockpool >------
             fd_in 13 fd_out = 14
               Interface = eth0
            ------< VRRP Scripts >------
             VRRP Script = chk_nginx
               Command = '/etc/keepalived/check_ng.sh'
               Interval = 2 sec
               Weight = -5
               Result = 0
               Status = BAD
               VRRP instances :
               State = idle
            ------< Interfaces >------
             Name = eth0
               State = UP, RUNNING
            """;

    @Test
    void readsKeepalivedsDataDump() {
        ClusterStatus.DaemonReport r = ClusterStatus.parseKeepalived(KEEPALIVED_DATA);
        assertThat(r.instances()).containsExactly(
                new ClusterStatus.Instance("VI_1", "MASTER", 100, 95, List.of("198.18.0.200/24", "198.18.0.199/32")),
                new ClusterStatus.Instance("VI_2", "BACKUP", 101, 101, List.of("198.18.0.210/24")));
        // "State = idle" of the script section is not an instance's state
        assertThat(r.scripts()).containsExactly(Map.entry("chk_nginx", "bad"));
    }

    @Test
    void readsVrrpdsStatus() {
        String json = """
                {"routerId":"lb01","instances":[{"name":"VI_1","state":"BACKUP","vrid":51,"basePriority":101,"effectivePriority":96,
                "interface":"eth0","source":"198.18.0.201","vips":["198.18.0.200/24"],"masterAddress":"198.18.0.202"}],
                "scripts":{"chk_nginx":"bad"}}
                """;
        ClusterStatus.DaemonReport r = ClusterStatus.parseVrrpd(json);
        assertThat(r.instances()).containsExactly(new ClusterStatus.Instance("VI_1", "BACKUP", 101, 96, List.of("198.18.0.200/24")));
        assertThat(r.scripts()).containsExactly(Map.entry("chk_nginx", "bad"));
    }

    @Test
    void readsTheAddressesAnInterfaceHolds() {
        String ip = """
                2: eth0    inet 198.18.0.201/24 brd 198.18.0.255 scope global eth0\\       valid_lft forever preferred_lft forever
                2: eth0    inet 198.18.0.200/24 scope global secondary eth0\\       valid_lft forever preferred_lft forever
                """;
        assertThat(ClusterStatus.addresses(ip)).containsExactly("198.18.0.201", "198.18.0.200");
    }

    @Test
    void aKeptClustersTopologySurvivesItsLabel() {
        Topology seed = SeedTopology.nodes("198.18.3.0/24", 3);
        Topology keepalived = seed.with(seed.node("lb02").withKeepalived());
        Topology back = TopologyJson.read(TopologyJson.write(keepalived));
        assertThat(back).isEqualTo(keepalived);
        assertThat(back.node("lb02").env()).containsEntry("HATEST_DAEMON", "keepalived");
        assertThat(back.node("lb01").files().get(SeedTopology.CONFIG)).contains("priority 101", "198.18.3.200");
    }
}
