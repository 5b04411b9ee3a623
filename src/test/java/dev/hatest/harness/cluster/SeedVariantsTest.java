package dev.hatest.harness.cluster;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each seed variant is a config keepalived would run and says what it claims to. The one warning allowed is
 * keepalived's own about the article's configs: they run scripts without enable_script_security, which keepalived
 * 2.2.7 logs as a "SECURITY VIOLATION" (its -t exits 6) and runs anyway; the variants keep the article's choice.
 */
class SeedVariantsTest {

    private static KeepalivedConfig parse(Topology t, String node) throws Exception {
        KeepalivedConfig c = ConfigParser.parse("keepalived.conf", t.node(node).files().get(SeedTopology.CONFIG));
        assertThat(c.warnings()).as("%s's config", node)
                .allSatisfy(w -> assertThat(w).endsWith(": SECURITY VIOLATION - scripts are being executed but script_security not enabled."));
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
    void theFastProfileTracksNginxAsAProcessOnVrrpdAndByAOneSecondScriptOnKeepalived() throws Exception {
        Topology mixed = SeedTopology.nodes(SeedTopology.DEFAULT_SUBNET, 3);
        mixed = mixed.with(mixed.node("lb02").withKeepalived());
        Topology fast = Profile.FAST.apply(mixed);
        for (String node : new String[]{"lb01", "lb02", "lb03"}) {
            KeepalivedConfig c = parse(fast, node);
            VrrpInstanceConfig i = c.instances().get(0);
            assertThat(i.version()).isEqualTo(3);
            assertThat(i.advertIntervalMicros()).isEqualTo(50_000);
            assertThat(i.authPass()).as("v3 has no authentication").isNull();
            if (node.equals("lb02")) {
                assertThat(i.trackProcesses()).isEmpty();
                assertThat(c.script("chk_nginx").orElseThrow().intervalMillis()).isEqualTo(1000);
                assertThat(c.script("chk_nginx").orElseThrow().fall()).isEqualTo(1);
                assertThat(c.script("chk_nginx").orElseThrow().weight()).as("a FAULT, not a priority change").isZero();
            } else {
                assertThat(i.trackScripts()).isEmpty();
                assertThat(i.trackProcesses()).extracting(t -> t.name()).containsExactly("chk_nginx");
                assertThat(c.trackProcess("chk_nginx").orElseThrow().process()).isEqualTo("nginx");
                assertThat(c.trackProcess("chk_nginx").orElseThrow().weight()).isZero();
            }
        }
        assertThat(fast.node("lb03").files().get(SeedTopology.CONFIG)).contains("priority 99");
        assertThat(Profile.SEED.apply(mixed)).isEqualTo(mixed);
        assertThat(Profile.parse("FAST")).isEqualTo(Profile.FAST);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Profile.parse("turbo")).hasMessageContaining("unknown profile 'turbo' (seed, fast)");
    }

    @Test
    void v3HasCentisecondTimersAndNoAuthentication() throws Exception {
        VrrpInstanceConfig lb02 = parse(SeedVariants.v3("0.1"), "lb02").instances().get(0);
        assertThat(lb02.version()).isEqualTo(3);
        assertThat(lb02.advertIntervalMicros()).isEqualTo(100_000);
        assertThat(lb02.authPass()).isNull();
    }
}
