package dev.hatest.harness.scenario;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.Measure;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout's own arithmetic: the order, what the client saw in a window, and what the config test refuses. */
class RolloutTest {

    private static final String VIP = "198.18.0.200";
    private final Topology seed = SeedTopology.pair();

    private static Event ok(long t, String node) {
        return Event.saved(t, "client", Kinds.HTTP_OK, VIP + " " + node);
    }

    private static Event fail(long t) {
        return Event.saved(t, "client", Kinds.HTTP_FAIL, VIP + " timeout");
    }

    @Test
    void theBackupsGoFirstAndTheMasterLast() {
        assertThat(Rollout.defaultOrder(seed, VIP, "lb01")).containsExactly("lb02", "lb01");
        assertThat(Rollout.defaultOrder(SeedTopology.nodes(SeedTopology.DEFAULT_SUBNET, 3), VIP, "lb01")).containsExactly("lb03", "lb02", "lb01");
        assertThatThrownBy(() -> new Rollout.Plan(seed, seed, "x", "to", Rollout.By.RELOAD, List.of("lb02", "lb02"), null, List.of()))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Rollout.By.parse("kick")).hasMessageContaining("neither reload nor restart");
    }

    @Test
    void aWindowCountsFailuresFromTheLastGoodAnswerToTheNextAndWhoServed() {
        List<Event> events = List.of(ok(100, "lb01"), ok(1000, "lb01"), fail(1100), fail(1200), ok(1500, "lb02"), ok(1600, "lb02"),
                ok(5000, "lb01"));
        Failover w = dev.hatest.harness.check.RolloutAnalysis.window(events, "x", 900, 2000, VIP);
        assertThat(w.from()).isEqualTo("lb01");
        assertThat(w.to()).isEqualTo("lb02");
        assertThat(w.failedRequests()).isEqualTo(2);
        assertThat(w.outageMs()).isEqualTo(0.5);  // 1000 µs (last good) to 1500 µs
        assertThat(dev.hatest.harness.check.RolloutAnalysis.servingChanges(events, 900, 2000, VIP)).isEqualTo(1);
        assertThat(dev.hatest.harness.check.RolloutAnalysis.servingChanges(events, 900, 6000, VIP)).isEqualTo(2);
        assertThat(dev.hatest.harness.check.RolloutAnalysis.servingChanges(events, 2000, 4000, VIP)).isZero();
    }

    private static NodeSpec node(String conf) {
        return new NodeSpec("lb02", "198.18.0.202", Map.of(SeedTopology.CONFIG, conf));
    }

    @Test
    void theConfigTestRefusesWhatTheDaemonWouldRefuseAndPassesWarnings() {
        String conf = seed.node("lb02").files().get(SeedTopology.CONFIG);
        // the seed's own warning (scripts without enable_script_security): both -t's fail on it, the daemons run
        Verdict warned = Rollout.configVerdict("lb02", node(conf), "to/lb02/keepalived.conf", 1,
                List.of("to/lb02/keepalived.conf:14: SECURITY VIOLATION - scripts are being executed but script_security not enabled. (warning)"));
        assertThat(warned.passed()).isTrue();
        assertThat(warned.detail()).contains("warnings: ", "SECURITY VIOLATION");

        int line = List.of(conf.split("\n", -1)).indexOf("    virtual_router_id 51") + 1;
        String broken = conf.replace("virtual_router_id 51", "virtual_router_id 351");
        Verdict vrrpd = Rollout.configVerdict("lb02", node(broken), "to/lb02/keepalived.conf", 1, List.of(
                "to/lb02/keepalived.conf:14: SECURITY VIOLATION - scripts are being executed but script_security not enabled. (warning)",
                "to/lb02/keepalived.conf:" + line + ": virtual_router_id must be 1..255, got 351"));
        assertThat(vrrpd.passed()).isFalse();
        assertThat(vrrpd.measured().text()).isEqualTo("to/lb02/keepalived.conf:" + line + ": virtual_router_id must be 1..255, got 351");
        Verdict keepalived = Rollout.configVerdict("lb02", node(broken), "to/lb02/keepalived.conf", 6, List.of(
                "(to/lb02/keepalived.conf: Line " + line + ") number '351' outside range [1, 255]",
                "(VI_1) the virtual router id must be set"));
        assertThat(keepalived.measured().text()).isEqualTo("(to/lb02/keepalived.conf: Line " + line + ") number '351' outside range [1, 255]");

        // reload_check_config: the daemon refuses any finding itself, and so does the gate
        String strict = conf.replace("   router_id lb02", "   router_id lb02\n   reload_check_config");
        assertThat(Rollout.configVerdict("lb02", node(strict), "f", 1, List.of("f:15: SECURITY VIOLATION (warning)")).passed()).isFalse();
        assertThat(Rollout.configVerdict("lb02", node(strict), "f", 0, List.of()).passed()).isTrue();
    }

    @Test
    void theDifferentialComparesTransitionsMovesAndOutages() {
        List<Event> events = List.of(Event.saved(1, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: startup"),
                Event.saved(2, "harness", Kinds.MARK, "rollout start"),
                Event.saved(3, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"),
                Event.saved(4, "harness", Kinds.MARK, "rollout end"),
                Event.saved(5, "lb01", Kinds.STATE, "VI_1 MASTER->BACKUP: later"));
        assertThat(Rollout.transitions(events)).containsExactly("lb02 BACKUP->MASTER");
        dev.hatest.harness.report.RunReport a = new dev.hatest.harness.report.RunReport("a", true, List.of(
                moves(1), Verdict.of("rollout outage", true, Measure.ms(20, "20 ms, 1 failed requests"), Measure.text(""), "")),
                List.of(), events, null);
        dev.hatest.harness.report.RunReport b = new dev.hatest.harness.report.RunReport("b", true, List.of(
                moves(1), Verdict.of("rollout outage", true, Measure.ms(1500, "1500 ms, 9 failed requests"), Measure.text(""), "")),
                List.of(), events, null);
        dev.hatest.harness.report.RunReport d = Rollout.differential(a, b, 1000);
        assertThat(d.verdicts()).extracting(Verdict::name, Verdict::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("same transitions", true), org.assertj.core.groups.Tuple.tuple("same VIP moves", true),
                org.assertj.core.groups.Tuple.tuple("outage difference", false));
        assertThat(d.verdicts().get(2).measured().text()).isEqualTo("1480 ms (vrrpd 20 ms, keepalived 1500 ms)");
        assertThat(d.verdicts().get(2).measured().value()).isEqualTo(1480.0);
        assertThat(d.verdicts().get(2).bound().value()).isEqualTo(1000.0);
    }

    @Test
    void theDifferentialReadsFiguresNotTextAndSaysWhenOneIsMissing() {
        // The same texts, other values: the differential goes by the values the verdicts carry.
        RunReport a = new RunReport("a", true, List.of(moves(1), Verdict.of("rollout outage", true, Measure.ms(900, "20 ms"), Measure.text(""), "")),
                List.of(), List.of(), null);
        RunReport b = new RunReport("b", true, List.of(moves(2)), List.of(), List.of(), null);
        RunReport d = Rollout.differential(a, b, 1000);
        assertThat(d.verdicts()).extracting(Verdict::id, Verdict::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("same-transitions", Verdict.Outcome.PASS),
                org.assertj.core.groups.Tuple.tuple("same-vip-moves", Verdict.Outcome.FAIL),
                org.assertj.core.groups.Tuple.tuple("outage-difference", Verdict.Outcome.UNKNOWN));
        assertThat(d.outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
    }

    private static Verdict moves(int n) {
        return Verdict.of("VIP moves", true, Measure.count(n, "moves", n == 1 ? "1 move" : n + " moves"), Measure.count(1, "moves", "exactly 1"), "");
    }
}
