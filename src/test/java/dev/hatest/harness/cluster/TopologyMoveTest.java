package dev.hatest.harness.cluster;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster whose subnet is taken moves: every address of its subnet (and of the IPv6 /64 that goes with it)
 * keeps its host part on the free one, in the addresses and in every file, and nothing else changes.
 */
class TopologyMoveTest {

    @Test
    void theSeedPairMovesItsNodesVipClientAndConfigsKeepingHostPartsAndTheMulticastGroup() throws Exception {
        Topology seed = SeedTopology.pair();
        Topology moved = seed.movedTo("198.19.7.0/24");

        assertThat(moved.subnet()).isEqualTo("198.19.7.0/24");
        assertThat(moved.nodes()).extracting(NodeSpec::address).containsExactly("198.19.7.201", "198.19.7.202");
        assertThat(moved.vips()).containsExactly("198.19.7.200");
        assertThat(moved.clientAddress()).isEqualTo("198.19.7.250");
        for (NodeSpec n : moved.nodes()) {
            String conf = n.files().get(SeedTopology.CONFIG);
            assertThat(conf).doesNotContain("198.18.0.").contains("198.19.7.200");
            // the same config but for its addresses: it parses to the same instance on the new VIP
            String before = seed.node(n.name()).files().get(SeedTopology.CONFIG);
            assertThat(conf.replace("198.19.7.", "198.18.0.")).isEqualTo(before);
            KeepalivedConfig c = ConfigParser.parse("keepalived.conf", conf);
            assertThat(c.instanceHolding(dev.hatest.vrrp.packet.VrrpCodec.ip("198.19.7.200"))).isPresent();
            assertThat(n.files().get(SeedTopology.CHECK_SCRIPT)).isEqualTo(seed.node(n.name()).files().get(SeedTopology.CHECK_SCRIPT));
        }
        assertThat(moved.nodes().get(0).name()).isEqualTo("lb01");
        assertThat(moved.pinned()).isFalse();
    }

    @Test
    void aDualStackPairMovesItsIpv6AddressesOntoTheNewSubnetsSlash64() {
        Topology dual = IpFamily.DUAL_STACK.apply(SeedTopology.pair());
        assertThat(dual.vips()).containsExactly("198.18.0.200", "fd00:198:18:0:0:0:0:200".replace(":0:0:0:0:", "::"));

        Topology moved = dual.movedTo("198.19.12.0/24");

        assertThat(moved.vips()).containsExactly("198.19.12.200", "fd00:198:19:12::200");
        assertThat(moved.ipv6Subnet()).isEqualTo("fd00:198:19:12::/64");
        assertThat(moved.ipv6Of(moved.node("lb01").address())).isEqualTo("fd00:198:19:12::201");
        String conf = moved.node("lb01").files().get(SeedTopology.CONFIG);
        assertThat(conf).contains("fd00:198:19:12::200/64").doesNotContain("fd00:198:18:");
        // its sync group still pairs the two VIPs' instances, so they are judged together
        assertThat(moved.companions()).containsExactly("fd00:198:19:12::200");
    }

    @Test
    void anOperatorsConfigsMoveWithTheirUnicastPeersAndLeaveOtherNetworksAlone(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String[] n : new String[][]{{"web-a", "11", "12", "110"}, {"web-b", "12", "11", "100"}}) {
            Files.createDirectories(dir.resolve(n[0]));
            Files.writeString(dir.resolve(n[0]).resolve("keepalived.conf"), """
                    vrrp_instance WEB {
                        state BACKUP
                        interface ens192
                        virtual_router_id 77
                        priority %s
                        advert_int 1
                        unicast_src_ip 10.1.2.%s
                        unicast_peer {
                            10.1.2.%s
                        }
                        virtual_ipaddress {
                            10.1.2.100/24
                        }
                        virtual_routes {
                            203.0.113.0/24 via 10.1.2.1
                        }
                    }
                    """.formatted(n[3], n[1], n[2]));
        }
        Topology t = ConfigDirTopology.load(dir, SeedTopology.DEFAULT_SUBNET);
        Topology moved = t.movedTo("198.19.0.0/24");

        String conf = moved.node("web-a").files().get(SeedTopology.CONFIG);
        assertThat(conf).contains("unicast_src_ip 198.19.0.11", "198.19.0.12\n", "198.19.0.100/24", "203.0.113.0/24 via 198.19.0.1");
        assertThat(moved.nodes()).extracting(NodeSpec::address).containsExactly("198.19.0.11", "198.19.0.12");
        assertThat(moved.vips()).containsExactly("198.19.0.100");
    }

    @Test
    void aChosenSubnetIsPinnedAndTheDefaultIsNot() {
        assertThat(ClusterSpec.SEED.topology().pinned()).isFalse();
        assertThat(ClusterSpec.SEED.withSubnet("198.18.9.0/24").topology().pinned()).isTrue();
        assertThat(ClusterSpec.SEED.withSubnet("198.18.9.0/24").withFamily(IpFamily.DUAL_STACK).topology().pinned()).isTrue();
        // pinned survives the rewrites a topology goes through after it is chosen
        assertThat(SeedTopology.pair().pin().allKeepalived().pinned()).isTrue();
        assertThat(SeedTopology.pair().pin().movedTo("198.19.1.0/24").pinned()).isTrue();
    }

    @Test
    void aMovingClusterTriesItsOwnSubnetThenEachSlash24OfTheAutoRange() {
        List<String> c = MacvlanNetwork.candidates("198.18.0.0/24");
        assertThat(c).hasSize(257).startsWith("198.18.0.0/24", "198.19.0.0/24", "198.19.1.0/24").endsWith("198.19.255.0/24");
        assertThat(MacvlanNetwork.candidates("198.19.4.0/24")).hasSize(256).startsWith("198.19.4.0/24", "198.19.0.0/24")
                .containsOnlyOnce("198.19.4.0/24");
        assertThat(MacvlanNetwork.overlapsAny("198.19.3.0/24", List.of("172.17.0.0/16", "198.19.0.0/22"))).isTrue();
        assertThat(MacvlanNetwork.overlapsAny("198.19.4.0/24", List.of("172.17.0.0/16", "198.19.0.0/22"))).isFalse();
        assertThat(MacvlanNetwork.overlapsAny("198.18.0.0/24", List.of("198.18.0.0/15"))).isTrue();
        assertThat(MacvlanNetwork.overlapsAny("198.18.0.0/24", List.of("not a subnet"))).isFalse();
    }

    @Test
    void aTopologyMovesOnlyToASubnetItCanKeepHostPartsOn() {
        assertThatThrownBy(() -> SeedTopology.pair().movedTo("198.19.0.0/25")).isInstanceOf(IllegalArgumentException.class);
    }
}
