package dev.hatest.harness.nemesis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The netfilter rules of the faults that are rules: IPv4's alone on an IPv4 cluster, IPv6's beside them on a
 * cluster with IPv6, so that VRRPv3 over IPv6 (and a dual-stack pair's second instance) is cut as well. The
 * rules' effect is checked on containers (Ipv6ChaosIT, the block and partition ITs); these pin what is run.
 */
class FirewallRulesTest {

    @Test
    void blockingVrrpOnIpv4AloneLeavesIp6tablesAlone() {
        assertThat(new BlockVrrp("lb01", BlockVrrp.Direction.OUT).rules("-I", false))
                .containsExactly("iptables -I OUTPUT -p 112 -j DROP");
        assertThat(new BlockVrrp("lb01", BlockVrrp.Direction.BOTH).rules("-D", false))
                .containsExactly("iptables -D INPUT -p 112 -j DROP", "iptables -D OUTPUT -p 112 -j DROP");
    }

    @Test
    void blockingVrrpWithIpv6DropsIpv6sAdvertsToo() {
        assertThat(new BlockVrrp("lb01", BlockVrrp.Direction.IN).rules("-I", true))
                .containsExactly("iptables -I INPUT -p 112 -j DROP", "ip6tables -I INPUT -p 112 -j DROP");
    }

    @Test
    void lossWithIpv6DropsTheSameShareOfBothFamilies() {
        PacketLoss loss = new PacketLoss(java.util.List.of("lb01", "lb02"), 30);
        assertThat(loss.rules("-I", false))
                .containsExactly("iptables -I INPUT -p 112 -m statistic --mode random --probability 0.3000 -j DROP");
        assertThat(loss.rules("-D", true))
                .containsExactly("iptables -D INPUT -p 112 -m statistic --mode random --probability 0.3000 -j DROP",
                        "ip6tables -D INPUT -p 112 -m statistic --mode random --probability 0.3000 -j DROP");
    }

    @Test
    void aPartitionWithIpv6CutsIpv6AndItsNeighbourDiscovery() {
        assertThat(Partition.fromAll("lb01").rules("-I", "198.18.0.10", null)).hasSize(4).noneMatch(r -> r.startsWith("ip6tables"));
        assertThat(Partition.fromAll("lb01").rules("-I", "198.18.0.10", "fd00:198:18:0::10"))
                .contains("ip6tables -I INPUT -i eth0 -j DROP", "ip6tables -I OUTPUT -o eth0 -j DROP").hasSize(6);
        assertThat(Partition.fromClient("lb01").rules("-D", "198.18.0.10", "fd00:198:18:0::10"))
                .contains("arptables -D INPUT -s 198.18.0.10 -j DROP",
                        "ip6tables -D INPUT -s fd00:198:18:0::10 -j DROP", "ip6tables -D OUTPUT -d fd00:198:18:0::10 -j DROP")
                .hasSize(6);
    }
}
