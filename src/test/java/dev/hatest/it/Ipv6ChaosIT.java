package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 on containers: the seed pair on IPv6 ({@code --ipv6}: VRRPv3 over IPv6, an IPv6 VIP on a ULA /64)
 * and dual-stack ({@code --dual-stack}: an IPv6 instance beside the IPv4 one, in a sync group), nginx killed on
 * the master, on both daemons. The VIP moves to lb02 within the seed's bound and the client's neighbour entry
 * follows by unsolicited NA; on dual-stack both VIPs move, each with its own takeover and breakdown.
 */
class Ipv6ChaosIT {

    private final InProcessCli cli = new InProcessCli();

    private JsonNode chaos(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--kill", "nginx"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** {@code hatest chaos ARGS} on the test subnet, which must pass (exit 0); its JSON report. */
    private JsonNode run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("chaos"));
        all.addAll(List.of(args));
        all.addAll(List.of("--subnet", "198.18.22.0/24", "--json", "-q"));
        int exit = cli.run(all.toArray(String[]::new));
        assertThat(exit).as(cli.both()).isZero();
        return new ObjectMapper().readTree(cli.out());
    }

    private static JsonNode verdict(JsonNode report, String name) {
        for (JsonNode v : report.get("verdicts")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no verdict " + name + " in " + report.get("verdicts").toPrettyString());
    }

    @Test
    void anIpv6TakeoverOnNginxKillPassesOnBothDaemons() throws Exception {
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            JsonNode r = chaos("--ipv6", "--daemon", daemon);
            JsonNode f = r.get("failovers").get(0);
            assertThat(f.get("from").asText()).as(daemon).isEqualTo("lb01");
            assertThat(f.get("to").asText()).as(daemon).isEqualTo("lb02");
            // the breakdown names IPv6's steps, and each was seen
            assertThat(f.get("stepsMs").get("first unsolicited NA").isNumber()).as(daemon + ": " + f).isTrue();
            assertThat(f.get("stepsMs").get("client neighbour entry moved").isNumber()).as(daemon + ": " + f).isTrue();
            assertThat(verdict(r, "client neighbour entry moved").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(verdict(r, "winner").get("detail").asText()).contains("fd00:198:18:22::200");
            System.out.println("FIGURE ipv6TakeoverMs[" + daemon + "]=" + f.get("outageMs").asLong());
        }
    }

    @Test
    void aDualStackPairMovesBothVipsTogetherOnBothDaemons() throws Exception {
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            JsonNode r = chaos("--dual-stack", "--daemon", daemon);
            assertThat(r.get("title").asText()).as(daemon).contains("on dual-stack");
            JsonNode four = r.get("failovers").get(0);
            JsonNode six = r.get("failovers").get(1);
            assertThat(six.get("fault").asText()).endsWith("[fd00:198:18:22::200]");
            for (JsonNode f : List.of(four, six)) {
                assertThat(f.get("from").asText()).as(daemon + ": " + f).isEqualTo("lb01");
                assertThat(f.get("to").asText()).as(daemon + ": " + f).isEqualTo("lb02");
            }
            // one sync group: the IPv6 instance's transition comes with the IPv4 one's, within a few ms
            double t4 = four.get("stepsMs").get("new master's transition").asDouble();
            double t6 = six.get("stepsMs").get("new master's transition").asDouble();
            assertThat(Math.abs(t4 - t6)).as(daemon + ": transitions at +%.0f and +%.0f ms", t4, t6).isLessThan(500);
            assertThat(verdict(r, "takeover [fd00:198:18:22::200]").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(verdict(r, "client neighbour entry moved [fd00:198:18:22::200]").get("passed").asBoolean()).as(daemon).isTrue();
            assertThat(verdict(r, "client ARP moved").get("passed").asBoolean()).as(daemon).isTrue();
            System.out.println("FIGURE dualStackTakeoverMs[" + daemon + "]=" + four.get("outageMs").asLong() + "/" + six.get("outageMs").asLong());
        }
    }

    /**
     * The faults that are netfilter rules cut IPv6 too. VRRP blocked out of a dual-stack master: lb02 stops
     * hearing both instances, so both VIPs get a second master, are held twice until the heal, and heal back to
     * lb01; blocked into it, neither VIP moves. A partitioned IPv6 master on keepalived: its adverts are cut (iptables and arptables alone leave
     * every IPv6 packet through, and lb02 would never claim MASTER), lb02 takes over, and both hold MASTER until
     * the heal.
     */
    @Test
    void blockedVrrpAndAPartitionCutIpv6AsWell() throws Exception {
        String vip6 = "fd00:198:18:22::200";
        JsonNode r = run("--block-vrrp", "out", "--dual-stack", "--daemon", "vrrpd");
        for (String tag : new String[]{"", " [" + vip6 + "]"}) {
            assertThat(verdict(r, "second master" + tag).get("passed").asBoolean()).as(tag + ": " + r).isTrue();
            assertThat(verdict(r, "split brain detected" + tag).get("passed").asBoolean()).as(tag + ": " + r).isTrue();
            assertThat(verdict(r, "healed to one master" + tag).get("passed").asBoolean()).as(tag + ": " + r).isTrue();
            System.out.println("FIGURE dualStackBlockedSecondMaster" + (tag.isEmpty() ? "[vip4]" : "[vip6]") + "=" + verdict(r, "second master" + tag).get("measured").asText());
        }
        // blocked into the master, nothing may move, on either VIP
        JsonNode in = run("--block-vrrp", "in", "--dual-stack", "--daemon", "vrrpd");
        assertThat(verdict(in, "no takeover [" + vip6 + "]").get("passed").asBoolean()).as(in.toString()).isTrue();
        assertThat(verdict(in, "flapping [" + vip6 + "]").get("passed").asBoolean()).as(in.toString()).isTrue();
        JsonNode p = run("--partition", "--ipv6", "--daemon", "keepalived");
        assertThat(verdict(p, "second master").get("passed").asBoolean()).as(p.toString()).isTrue();
        assertThat(verdict(p, "split brain detected").get("passed").asBoolean()).as(p.toString()).isTrue();
        System.out.println("FIGURE ipv6PartitionSecondMaster=" + verdict(p, "second master").get("measured").asText());
    }

    /**
     * The seed scenario 08 (dual-stack, nginx killed then restarted) by {@code run --differential}: vrrpd and
     * keepalived must agree on the winners, the transitions of both instances, split brain and each takeover's
     * timing.
     */
    @Test
    void vrrpdAndKeepalivedAgreeOnTheDualStackSeedScenario(@TempDir Path dir) throws Exception {
        String f = "08-dual-stack-nginx-killed.yaml";
        Files.copy(DifferentialIT.SEED.resolve(f), dir.resolve(f));
        int exit = cli.run("run", dir.resolve(f).toString(), "--differential", "--json", "-q");
        String text = cli.out();
        JsonNode root = new ObjectMapper().readTree(text.substring(0, text.lastIndexOf('}') + 1));
        JsonNode compared = root.get("runs").get(2);
        assertThat(compared.get("title").asText()).contains("vrrpd and keepalived compared");
        List<String> names = new ArrayList<>();
        compared.get("verdicts").forEach(v -> {
            names.add(v.get("name").asText());
            System.out.println("FIGURE differential.08." + v.get("name").asText().replace(' ', '-') + "=" + v.get("measured").asText());
        });
        assertThat(names).as("%s", DifferentialIT.harnessNotes(root)).contains("same winners", "same transitions", "same split brain", "takeover 1 timing");
        // the IPv6 VIP's takeover (the second) was compared step by step, in IPv6's words
        assertThat(compared.get("verdicts").toString()).contains("first unsolicited NA");
        assertThat(exit).as(cli.both()).isZero();
    }

    /** {@code bench --ipv6}: an IPv6 takeover measured on both daemons side by side (one rep: figures, not a verdict). */
    @Test
    void theBenchMeasuresAnIpv6TakeoverOnBothDaemons() throws Exception {
        int exit = cli.run("bench", "--ipv6", "--scenario", "nginx-kill", "--reps", "1", "--json", "-q");
        System.out.println(cli.out());
        assertThat(exit).as(cli.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(cli.out());
        assertThat(root.get("profile").asText()).isEqualTo("seed+ipv6");
        JsonNode s = root.get("scenarios").get(0);
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            assertThat(s.get(daemon).get("outageMs").get("p50").asDouble()).as(daemon).isPositive();
            // the client's neighbour entry moved, by NA, with the transition (its log line may be stamped a ms or two after)
            JsonNode moved = s.get(daemon).get("stepsMs").get("client ARP moved").get("p50");
            assertThat(moved.isNumber()).as(daemon + ": " + s.get(daemon)).isTrue();
            assertThat(moved.asDouble()).as(daemon).isBetween(-50.0, 500.0);
        }
        assertThat(s.get("ratio").asDouble()).isPositive();
    }
}
