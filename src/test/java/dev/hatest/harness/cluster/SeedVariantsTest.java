package dev.hatest.harness.cluster;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each seed variant is a config keepalived would accept (vrrpd -t's verdict) and says what it claims to. */
class SeedVariantsTest {

    private static KeepalivedConfig parse(Topology t, String node) throws Exception {
        KeepalivedConfig c = ConfigParser.parse("keepalived.conf", t.node(node).files().get(SeedTopology.CONFIG));
        assertThat(c.warnings()).as("%s's config", node).isEmpty();
        return c;
    }

    @Test
    void everyVariantIsAValidConfigOnEveryNode() throws Exception {
        for (Topology t : new Topology[]{SeedVariants.weight(), SeedVariants.checkNgStop(), SeedVariants.curl(),
                SeedVariants.nopreempt(), SeedVariants.authMismatch(), SeedVariants.dualActive(), SeedVariants.threeNodes(),
                SeedVariants.clamp(), SeedVariants.unicast(), SeedVariants.v3("0.1"), SeedVariants.syncGroup()}) {
            for (NodeSpec n : t.nodes()) {
                parse(t, n.name());
            }
        }
    }

    @Test
    void unicastNamesTheNodeAndItsPeer() throws Exception {
        Topology t = SeedVariants.unicast();
        VrrpInstanceConfig lb01 = parse(t, "lb01").instances().get(0);
        assertThat(lb01.mcastSrcIp().getHostAddress()).isEqualTo(t.node("lb01").address());
        assertThat(lb01.unicastPeers()).extracting(a -> a.getHostAddress()).containsExactly(t.node("lb02").address());
    }

    @Test
    void v3HasCentisecondTimersAndNoAuthentication() throws Exception {
        VrrpInstanceConfig lb02 = parse(SeedVariants.v3("0.1"), "lb02").instances().get(0);
        assertThat(lb02.version()).isEqualTo(3);
        assertThat(lb02.advertIntervalMicros()).isEqualTo(100_000);
        assertThat(lb02.authPass()).isNull();
    }
}
