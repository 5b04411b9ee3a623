package dev.hatest.harness.cluster;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VirtualAddress;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed pair on IPv6 and dual-stack: what the nodes get, read back by vrrpd's own parser. */
class IpFamilyTest {

    @Test
    void theIpv6NetworkIsAUlaSlash64MadeFromTheIpv4Subnet() {
        assertThat(IpFamily.ipv6Subnet("198.18.0.0/24")).isEqualTo("fd00:198:18:0::/64");
        assertThat(IpFamily.ipv6Of("198.18.0.0/24", "198.18.0.201")).isEqualTo("fd00:198:18::201");
        assertThat(IpFamily.ipv6Of("198.18.21.0/24", "198.18.21.250")).isEqualTo("fd00:198:18:21::250");
        assertThat(IpFamily.compact("fd00:0:0:0:0:0:0:1")).isEqualTo("fd00::1");
        assertThat(IpFamily.compact("::1")).isEqualTo("::1");
        assertThat(SeedTopology.pair().ipv6Subnet()).as("the article's pair is IPv4 only").isNull();
    }

    @Test
    void dualStackAddsAnIpv6CopyOfTheInstanceInASyncGroupThatKeepsItsTracking() throws Exception {
        Topology t = IpFamily.DUAL_STACK.apply(SeedTopology.pair());
        assertThat(t.vips()).containsExactly("198.18.0.200", "fd00:198:18::200");
        assertThat(t.companions()).containsExactly("fd00:198:18::200");
        // an IPv6 instance outside the first's sync group has masters of its own: not a companion
        java.util.List<NodeSpec> apart = t.nodes().stream().map(n -> {
            java.util.Map<String, String> f = new java.util.HashMap<>(n.files());
            f.put(SeedTopology.CONFIG, f.get(SeedTopology.CONFIG).replaceFirst("(?s)vrrp_sync_group DUAL \\{.*?\n\\}\n", ""));
            return n.withFiles(f);
        }).toList();
        Topology separate = new Topology(t.subnet(), apart, t.vips(), t.clientAddress());
        assertThat(separate.node("lb01").files().get(SeedTopology.CONFIG)).doesNotContain("vrrp_sync_group");
        assertThat(separate.companions()).isEmpty();
        assertThat(t.ipv6Subnet()).isEqualTo("fd00:198:18:0::/64");
        for (NodeSpec n : t.nodes()) {
            KeepalivedConfig c = ConfigParser.parse("keepalived.conf", n.files().get(SeedTopology.CONFIG));
            VrrpInstanceConfig four = c.instances().get(0);
            VrrpInstanceConfig six = c.instances().get(1);
            assertThat(four.ipv6()).isFalse();
            assertThat(four.authPass()).isEqualTo("1111");
            assertThat(six.name()).isEqualTo("VI_6");
            assertThat(six.ipv6()).isTrue();
            assertThat(six.version()).isEqualTo(3);
            assertThat(six.vips()).extracting(VirtualAddress::cidr).containsExactly("fd00:198:18::200/64");
            assertThat(six.priority()).isEqualTo(four.priority());
            assertThat(six.trackScripts()).extracting(s -> s.name() + " " + s.weight())
                    .isEqualTo(four.trackScripts().stream().map(s -> s.name() + " " + s.weight()).toList());
            assertThat(c.syncGroups()).singleElement().satisfies(g -> {
                assertThat(g.members()).containsExactly("VI_1", "VI_6");
                assertThat(g.trackingWeight()).isTrue();
            });
            // what the seed's configs always say (the script runs as root), and nothing about the IPv6 instance
            assertThat(c.warnings()).noneMatch(w -> w.contains("VI_6") || w.contains("family") || w.contains("version"));
        }
    }

    @Test
    void ipv6MovesTheInstanceOntoTheIpv6VipWithoutItsIpv4SourceAndPassword() throws Exception {
        Topology t = IpFamily.IPV6.apply(SeedTopology.pair());
        assertThat(t.vips()).containsExactly("fd00:198:18::200");
        assertThat(t.companions()).isEmpty();
        VrrpInstanceConfig i = ConfigParser.parse("keepalived.conf", t.node("lb01").files().get(SeedTopology.CONFIG)).instances().get(0);
        assertThat(i.ipv6()).isTrue();
        assertThat(i.version()).isEqualTo(3);
        assertThat(i.mcastSrcIp()).as("the source is the link-local address").isNull();
        assertThat(i.authPass()).isNull();
        assertThat(i.vips()).extracting(VirtualAddress::cidr).containsExactly("fd00:198:18::200/64");
    }

    @Test
    void theFamilyIsTheSeedsOnlyAndASpecSaysSo() {
        ClusterSpec dual = ClusterSpec.SEED.withFamily(IpFamily.DUAL_STACK);
        assertThat(dual.topology().vips()).hasSize(2);
        assertThat(dual.describe(dual.topology())).isEqualTo("the seed pair on dual-stack");
        assertThat(dual.withDaemon("keepalived").withNodes(3).topology().nodes()).hasSize(3)
                .allSatisfy(n -> assertThat(n.files().get(SeedTopology.CONFIG)).contains("vrrp_instance VI_6"));
        assertThatThrownBy(() -> dual.withConfigDir(java.nio.file.Path.of("x")).topology())
                .hasMessageContaining("--dual-stack rewrites the seed's configs");
        assertThatThrownBy(() -> IpFamily.parse("ipx")).hasMessageContaining("ipv4, ipv6 or dual-stack");
    }
}
