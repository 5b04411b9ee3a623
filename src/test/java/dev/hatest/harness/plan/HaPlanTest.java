package dev.hatest.harness.plan;

import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** hatest plan's model on the seed pair, on pairs that get it wrong, and on every config of the parity corpus. */
class HaPlanTest {

    private static String conf(Topology t, String node) {
        return t.node(node).files().get(SeedTopology.CONFIG);
    }

    private static Topology withConf(Topology t, String node, String conf) {
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>(t.node(node).files());
        files.put(SeedTopology.CONFIG, conf);
        return t.with(t.node(node).withFiles(files));
    }

    @Test
    void theSeedPairMovesToLb02At100Over96WithinTheBoundChaosUses() {
        Topology seed = SeedTopology.pair();
        HaPlan plan = HaPlan.of(seed);

        assertThat(plan.master()).isEqualTo("lb01");
        assertThat(plan.priorities().get("lb01")).containsExactly(101, 96);
        assertThat(plan.priorities().get("lb02")).containsExactly(100, 95);
        HaPlan.Row nginx = plan.whatIf().get(0);
        assertThat(nginx.node()).isEqualTo("lb01");
        assertThat(nginx.failure()).isEqualTo(HaPlan.Failure.NGINX_DEAD);
        assertThat(nginx.outcome()).isEqualTo(FaultPlan.Outcome.TAKEOVER);
        assertThat(nginx.master()).isEqualTo("lb02");
        assertThat(nginx.formula()).startsWith("lb01 drops to 96, below lb02's 100; ");
        // the very bound chaos judges the run by, from the same code
        OutageBound chaos = OutageBound.nginxKill(seed.node("lb01").config(), seed.node("lb02").config(), seed.vip());
        assertThat(nginx.boundMs()).isEqualTo(chaos.millis());
        assertThat(plan.whatIf()).extracting(HaPlan.Row::outcome).containsExactly(FaultPlan.Outcome.TAKEOVER, FaultPlan.Outcome.TAKEOVER,
                FaultPlan.Outcome.TAKEOVER, FaultPlan.Outcome.TAKEOVER, FaultPlan.Outcome.SPLIT_BRAIN, FaultPlan.Outcome.NO_TAKEOVER);
        assertThat(plan.whatIf().get(1).boundMs()).isEqualTo(OutageBound.daemonCrash(seed.node("lb02").config(), seed.vip()).millis());
        assertThat(plan.whatIf().get(2).boundMs()).isEqualTo(OutageBound.daemonStop(seed.node("lb02").config(), seed.vip()).millis());
        assertThat(plan.hasErrors()).as("%s", plan.findings()).isFalse();
    }

    @Test
    void aWeightTooSmallToMoveTheVipIsAnErrorNamingTheNodeTheCheckAndBothPriorities() {
        Topology seed = SeedTopology.pair();
        Topology t = withConf(seed, "lb01", conf(seed, "lb01").replace("weight -5", "weight -1"));
        HaPlan plan = HaPlan.of(t);

        HaPlan.Row nginx = plan.whatIf().get(0);
        assertThat(nginx.outcome()).isEqualTo(FaultPlan.Outcome.NO_TAKEOVER);
        assertThat(nginx.master()).isEqualTo("lb01");
        assertThat(nginx.served()).isFalse();
        assertThat(nginx.formula()).contains("lb01 drops to 100, not below lb02's 100 (a tie keeps the master: a backup takes over only"
                + " from a lower priority)");
        assertThat(plan.hasErrors()).isTrue();
        // at the line of the weight, in lb01's config
        int line = List.of(conf(t, "lb01").split("\n")).indexOf("    weight -1") + 1;
        assertThat(plan.findings()).contains(new HaPlan.Finding("lb01/keepalived.conf:" + line, HaPlan.Severity.ERROR,
                "nginx dead on lb01 leaves the VIP 198.18.0.200 on it: chk_nginx's weight takes lb01 from 101 to 100, not below lb02's 100;"
                        + " the weight must exceed 1 in size"));
    }

    @Test
    void aBackupWithNopreemptNeverTakesOverFromAMasterWhoseCheckFailed() {
        Topology seed = SeedTopology.pair();
        Topology t = withConf(seed, "lb02", conf(seed, "lb02").replace("priority 100", "priority 100\n    nopreempt"));
        HaPlan plan = HaPlan.of(t);
        assertThat(plan.whatIf().get(0).outcome()).isEqualTo(FaultPlan.Outcome.NO_TAKEOVER);
        assertThat(plan.findings()).anyMatch(f -> f.severity() == HaPlan.Severity.ERROR && f.where().startsWith("lb02/keepalived.conf:")
                && f.text().contains("lb02 (100) has nopreempt"));
        // a crash is another matter: a backup takes a dead master's VIP whatever its nopreempt
        assertThat(plan.whatIf().get(1).master()).isEqualTo("lb02");
    }

    @Test
    void aVridCollisionAndAnAdvertIntMismatchEachGetTheirError() {
        Topology seed = SeedTopology.pair();
        String other = """

                vrrp_instance VI_9 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority 50
                    advert_int 1
                    virtual_ipaddress {
                        198.18.0.%d
                    }
                }
                """;
        // VRID 61 carries .98 on lb01 and .99 on lb02: two groups on one VRID
        Topology t = withConf(seed, "lb02", conf(seed, "lb02").replace("advert_int 1", "advert_int 2") + other.formatted(99));
        t = withConf(t, "lb01", conf(t, "lb01") + other.formatted(98));
        HaPlan plan = HaPlan.of(t);
        int advert = List.of(conf(t, "lb02").split("\n")).indexOf("    advert_int 2") + 1;
        assertThat(plan.findings()).filteredOn(f -> f.severity() == HaPlan.Severity.ERROR).extracting(HaPlan.Finding::toString)
                .anyMatch(s -> s.startsWith("lb02/keepalived.conf:" + advert + ": advert_int 2.0 s on lb02 but 1.0 s on lb01"))
                .anyMatch(s -> s.startsWith("lb02/keepalived.conf:") && s.contains("VRID 61 carries [198.18.0.99] in VI_9 on lb02"))
                .anyMatch(s -> s.startsWith("lb01/keepalived.conf:") && s.contains("VRID 61 carries [198.18.0.98] in VI_9 on lb01"));
    }

    @Test
    void unicastPeersThatAreNotSymmetricAreAnError() {
        Topology u = SeedVariants.unicast();
        assertThat(HaPlan.of(u).hasErrors()).as("%s", HaPlan.of(u).findings()).isFalse();
        String lb02 = conf(u, "lb02");
        Topology t = withConf(u, "lb02", lb02.replace(u.node("lb01").address(), "198.18.0.77"));
        assertThat(HaPlan.of(t).findings()).anyMatch(f -> f.severity() == HaPlan.Severity.ERROR
                && f.text().equals("lb02 does not list lb01 (" + u.node("lb01").address() + ") as a unicast_peer: it never sends it an advert"));
    }

    /**
     * Every config of the parity corpus that parses, as both members of a pair: a plan or a usage error, never a
     * crash, and every finding at file:line.
     */
    @Test
    void everyConfigOfTheParityCorpusGetsAPlanOrAUsageErrorAndFindingsAtFileAndLine() throws Exception {
        int planned = 0;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/dev/hatest/vrrp/config/parity"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                String text = Files.readString(f);
                String vip;
                try {
                    var c = ConfigParser.parse("x.conf", text);
                    if (c.instances().isEmpty() || c.instances().get(0).vips().isEmpty()) {
                        continue;
                    }
                    vip = dev.hatest.vrrp.packet.VrrpCodec.text(c.instances().get(0).vips().get(0).address());
                } catch (ConfigException e) {
                    continue;
                }
                boolean six = vip.contains(":");
                Topology t = new Topology("198.18.0.0/24", List.of(new NodeSpec("a", "198.18.0.11", Map.of(SeedTopology.CONFIG, text)),
                        new NodeSpec("b", "198.18.0.12", Map.of(SeedTopology.CONFIG, text))), six ? List.of(vip) : List.of(vip), "198.18.0.250");
                try {
                    HaPlan plan = HaPlan.of(t);
                    assertThat(plan.whatIf()).as(f.toString()).isNotEmpty();
                    assertThat(plan.findings()).as(f.toString()).allSatisfy(x -> assertThat(x.where()).matches("[ab]/keepalived\\.conf:\\d+"));
                    planned++;
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).as(f.toString()).isNotBlank();
                }
            }
        }
        assertThat(planned).as("configs planned").isGreaterThan(50);
    }
}
