package dev.hatest.harness.bench;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The benchmark's breakdown and statistics, replayed on hand-written Histories: no containers. */
class TakeoverBenchTest {

    private static final String VIP = "198.18.0.200";
    private final List<Event> events = new ArrayList<>();

    private void at(long ms, String source, String kind, String value) {
        events.add(Event.saved(ms * 1000, source, kind, value));
    }

    /** The client's requests every 20 ms in [from, to): answered by {@code node}, or refused when it is null. */
    private void requests(long from, long to, String node) {
        for (long t = from; t < to; t += 20) {
            at(t, "client", node == null ? Kinds.HTTP_FAIL : Kinds.HTTP_OK, VIP + (node == null ? " refused" : " " + node));
        }
    }

    /** The failover that follows the first fault, judged up to {@code endMs}. */
    private Failover failover(long endMs) {
        java.util.Collections.sort(events);
        Event fault = events.stream().filter(e -> e.kind().equals(Kinds.FAULT)).findFirst().orElseThrow();
        return TakeoverChecker.failover(events, fault, VIP, endMs * 1000);
    }

    /** nginx dies at 1000; lb01 drops to 96 at 3500; its last advert at 101 was at 2500; lb02 takes over at 6110. */
    private Failover nginxKill() {
        requests(100, 1000, "lb01");
        for (long t = 500; t <= 5500; t += 1000) {
            at(t, "lb01", Kinds.ADVERT, "vrid 51 prio " + (t < 3500 ? 101 : 96));
        }
        at(1000, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01");
        requests(1020, 6120, null);
        at(3500, "lb01", Kinds.PRIORITY, "VI_1 101->96");
        at(6110, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired");
        at(6114, "lb02", Kinds.VIP_ADD, VIP);
        at(6118, "client", Kinds.NEIGH, VIP + " 02:00:00:00:00:02 STALE");
        requests(6130, 7001, "lb02");
        return failover(7000);
    }

    @Test
    void anNginxKillBreaksIntoDetectionMasterDownAndTheSwitch() {
        Failover f = nginxKill();
        Map<String, Double> steps = TakeoverBench.steps(TakeoverBench.Scenario.NGINX_KILL, f, events, SeedTopology.pair());

        assertThat(steps.get(TakeoverBench.OUTAGE)).isCloseTo(6130 - 980, within(0.01));
        assertThat(steps.get(TakeoverBench.DETECTION)).isCloseTo(2500, within(0.01));
        // from the last advert at 101 (2500), not the later ones at 96 that the backup ignores
        assertThat(steps.get(TakeoverBench.MASTER_DOWN)).isCloseTo(6110 - 2500, within(0.01));
        assertThat(steps.get(TakeoverBench.VIP_ADDED)).isCloseTo(4, within(0.01));
        assertThat(steps.get(TakeoverBench.ARP_MOVED)).isCloseTo(8, within(0.01));
        assertThat(steps.get(TakeoverBench.SERVED)).isCloseTo(20, within(0.01));
    }

    @Test
    void aDaemonUnderLoadIsTheSameNodesWithTheClientsLoadAndTheSameArithmetic() {
        assertThat(TakeoverBench.topology("seed", "vrrpd+load:100").load().rate()).isEqualTo(100);
        assertThat(TakeoverBench.topology("seed", "vrrpd+load:100").nodes()).isEqualTo(TakeoverBench.topology("seed", "vrrpd").nodes());
        assertThat(TakeoverBench.topology("seed", "vrrpd").load()).isNull();
        assertThat(TakeoverBench.expected(TakeoverBench.Scenario.NGINX_KILL, "seed", "vrrpd+load:100"))
                .isEqualTo(TakeoverBench.expected(TakeoverBench.Scenario.NGINX_KILL, "seed", "vrrpd"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TakeoverBench.topology("seed", "vrrpd+load:lots"))
                .hasMessageContaining("+load: takes requests per second");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TakeoverBench.topology("seed", "bird+load:10"))
                .hasMessageContaining("unknown daemon 'bird'");
    }

    @Test
    void theProtocolsArithmeticComesFromTheSeedConfigs() {
        Map<String, TakeoverBench.Expected> kill = TakeoverBench.expected(TakeoverBench.Scenario.NGINX_KILL, "seed", "vrrpd");
        // chk_nginx: interval 2, fall 2; lb02 at 100: 3 x 1 s + (256 - 100) / 256 s
        assertThat(kill.get(TakeoverBench.DETECTION)).isEqualTo(new TakeoverBench.Expected(2000, 4000,
                "fall 2 x interval 2000 ms, less up to one interval"));
        assertThat(kill.get(TakeoverBench.MASTER_DOWN).lowMs()).isEqualTo(3609.375);
        assertThat(TakeoverBench.expected(TakeoverBench.Scenario.GRACEFUL_STOP, "seed", "vrrpd").get(TakeoverBench.SKEW).lowMs()).isEqualTo(609.375);
        assertThat(kill.get(TakeoverBench.MASTER_DOWN).holds(3609.375 + 99, 100)).isTrue();
        assertThat(kill.get(TakeoverBench.MASTER_DOWN).holds(3609.375 + 101, 100)).isFalse();
    }

    @Test
    void aFaultingMasterHandsOverWithAPriorityZeroAdvertSoTheBackupWaitsSkewTime() {
        // The fast profile: nginx dies at 1000, lb01 sees it at 1003 and goes to FAULT, saying goodbye at once
        // (priority 0); lb02 takes over Skew_Time later.
        requests(100, 1000, "lb01");
        for (long t = 800; t < 1000; t += 50) {
            at(t, "lb01", Kinds.ADVERT, "vrid 51 prio 101");
        }
        at(1000, "nemesis", Kinds.FAULT, "kill -9 nginx on lb01");
        at(1003, "lb01", Kinds.STATE, "VI_1 MASTER->FAULT: tracking failed");
        at(1003, "lb01", Kinds.ADVERT, "vrid 51 prio 0");
        requests(1010, 1060, null);
        at(1034, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: priority 0 advert, skew time expired");
        at(1035, "lb02", Kinds.VIP_ADD, VIP);
        at(1036, "client", Kinds.NEIGH, VIP + " 02:00:00:00:00:02 STALE");
        requests(1070, 2001, "lb02");
        Failover f = failover(2000);

        Map<String, Double> steps = TakeoverBench.steps(TakeoverBench.Scenario.NGINX_KILL, f, events, TakeoverBench.topology("fast", "vrrpd"));

        assertThat(steps.get(TakeoverBench.DETECTION)).isCloseTo(3, within(0.01));
        assertThat(steps.get(TakeoverBench.SKEW)).isCloseTo(31, within(0.01));
        assertThat(steps).doesNotContainKey(TakeoverBench.MASTER_DOWN);
    }

    @Test
    void theFastProfilesArithmeticDiffersByDaemonOnlyInDetection() {
        Map<String, TakeoverBench.Expected> vrrpd = TakeoverBench.expected(TakeoverBench.Scenario.NGINX_KILL, "fast", "vrrpd");
        Map<String, TakeoverBench.Expected> keepalived = TakeoverBench.expected(TakeoverBench.Scenario.NGINX_KILL, "fast", "keepalived");
        // v3 skew: (256 - 100) x 50 ms / 256, in whole microseconds as keepalived computes it
        assertThat(vrrpd.get(TakeoverBench.SKEW).lowMs()).isEqualTo(30.468);
        assertThat(keepalived.get(TakeoverBench.SKEW)).isEqualTo(vrrpd.get(TakeoverBench.SKEW));
        assertThat(vrrpd.get(TakeoverBench.DETECTION).highMs()).as("a process exit, seen at once").isZero();
        assertThat(keepalived.get(TakeoverBench.DETECTION).highMs()).as("keepalived's 1 s script, fall 1").isEqualTo(1000);
        assertThat(TakeoverBench.expected(TakeoverBench.Scenario.DAEMON_CRASH, "fast", "vrrpd").get(TakeoverBench.MASTER_DOWN).lowMs())
                .isEqualTo(150 + 30.468);
    }

    @Test
    void cpuStressCountsFlapsAndMeasuresTheMastersAdvertGapsBetweenFaultAndHeal() {
        at(900, "lb01", Kinds.ADVERT, "vrid 51 prio 101");
        at(1000, "nemesis", Kinds.FAULT, "saturate every CPU from the nodes");
        long[] sent = {1010, 1060, 1110, 1240, 1290};
        for (long t : sent) {
            at(t, "lb01", Kinds.ADVERT, "vrid 51 prio 101");
        }
        at(1300, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired");
        at(1320, "lb02", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert");
        at(1400, "nemesis", Kinds.HEAL, "saturate every CPU from the nodes");
        at(1500, "lb01", Kinds.ADVERT, "vrid 51 prio 101");
        java.util.Collections.sort(events);

        Map<String, Double> figures = TakeoverBench.stress(events, TakeoverBench.topology("fast", "vrrpd"), "lb01");

        assertThat(figures.get(TakeoverBench.FLAPS)).isEqualTo(1.0);
        assertThat(figures.get(TakeoverBench.MAX_GAP)).as("1110 -> 1240, not the adverts outside the stress").isEqualTo(130.0);
        assertThat(figures.get(TakeoverBench.MEAN_GAP)).isEqualTo(70.0);
        assertThat(TakeoverBench.expected(TakeoverBench.Scenario.CPU_STRESS, "fast", "vrrpd").get(TakeoverBench.MAX_GAP).lowMs()).isEqualTo(50.0);
    }

    @Test
    void statsAreNearestRankAndSkipMissingSteps() {
        BenchReport.Stats s = BenchReport.Stats.of(List.of(5.0, 1.0, 4.0, Double.NaN, 2.0, 3.0));
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.p50()).isEqualTo(3.0);
        assertThat(s.p95()).isEqualTo(5.0);
        assertThat(s.max()).isEqualTo(5.0);
        assertThat(BenchReport.Stats.of(List.of()).n()).isZero();
    }

    @Test
    void theReportGivesTheRatioAndTheJsonShape() {
        List<TakeoverBench.Rep> reps = new ArrayList<>();
        double[] vrrpd = {5000, 5200, 4800};
        double[] keepalived = {5000, 5100, 5300};
        for (int i = 0; i < 3; i++) {
            reps.add(new TakeoverBench.Rep(TakeoverBench.Scenario.DAEMON_CRASH, "vrrpd", i + 1, true,
                    Map.of(dev.hatest.harness.scenario.ChaosRun.FIRST_SERVED, 3000.0 + i),
                    Map.of(TakeoverBench.OUTAGE, vrrpd[i], TakeoverBench.MASTER_DOWN, 3610.0 + i)));
            reps.add(new TakeoverBench.Rep(TakeoverBench.Scenario.DAEMON_CRASH, "keepalived", i + 1, i != 2,
                    Map.of(dev.hatest.harness.scenario.ChaosRun.FIRST_SERVED, 3500.0),
                    Map.of(TakeoverBench.OUTAGE, keepalived[i], TakeoverBench.MASTER_DOWN, 3900.0)));
        }
        BenchReport r = new BenchReport("seed", 3, List.of("vrrpd", "keepalived"), List.of(TakeoverBench.Scenario.DAEMON_CRASH), reps,
                "2 cores", "2026-11-24");

        assertThat(r.ratio(TakeoverBench.Scenario.DAEMON_CRASH)).isCloseTo(5000.0 / 5100.0, within(1e-9));
        assertThat(r.text()).contains("daemon-crash", "Master_Down", "3611 / 3612 / 3612", "3609 (3 x advert_int 1000 ms",
                "p50 off by more than 100 ms for keepalived", "vrrpd/keepalived p50 outage ratio 0.98", "1 rep failed a verdict",
                "vrrpd         daemons up -  first master -  first served 3001 / 3002 / 3002  (3 clusters)");
        assertThat(r.json()).contains("\"name\" : \"daemon-crash\"", "\"outageMs\" : {", "\"p50\" : 5000.0", "\"p95\" : 5200.0",
                "\"ratio\" : 0.98", "\"startupMs\"");
    }

    @Test
    void theHtmlReportDrawsTheLoadOfTheMedianRepUnderLoadAndTheRatioBesideTheDaemonWithout() {
        List<TakeoverBench.Rep> reps = new ArrayList<>();
        double[] outages = {5300, 5100, 5200};
        for (int i = 0; i < 3; i++) {
            reps.add(new TakeoverBench.Rep(TakeoverBench.Scenario.NGINX_KILL, "vrrpd", i + 1, true, Map.of(), Map.of(TakeoverBench.OUTAGE, 5000.0)));
            List<dev.hatest.harness.check.LoadAnalysis.Bucket> series = List.of(new dev.hatest.harness.check.LoadAnalysis.Bucket(-100, 10, 0, 1, 2),
                    new dev.hatest.harness.check.LoadAnalysis.Bucket(0, 0, 10, Double.NaN, Double.NaN));
            dev.hatest.harness.check.LoadAnalysis.Figures f = new dev.hatest.harness.check.LoadAnalysis.Figures("", "kill -9 nginx on lb01", 0, 200_000,
                    500 + i, Map.of(dev.hatest.harness.history.Observation.LoadRequest.Outcome.REFUSED, 10), 20, 3, 1, 2, 1, outages[i], 1, 2,
                    Map.of("lb02", 490), series);
            reps.add(new TakeoverBench.Rep(TakeoverBench.Scenario.NGINX_KILL, "vrrpd+load:100", i + 1, true, Map.of(),
                    Map.of(TakeoverBench.OUTAGE, outages[i]), f, null));
        }
        BenchReport r = new BenchReport("seed", 3, List.of("vrrpd", "vrrpd+load:100"), List.of(TakeoverBench.Scenario.NGINX_KILL), reps,
                "2 cores", "2026-12-08");
        assertThat(r.text()).contains("vrrpd+load:100/vrrpd p50 outage ratio 1.04 (p50 outages 5200 and 5000 ms)");
        String html = r.html();
        assertThat(html).contains("data-daemon=\"vrrpd+load:100\"", "rep 3, the median outage of 3", "class=\"load-plot\"",
                "class=\"load-ok\"", "class=\"load-fail\"", "502 requests due");
        assertThat(html).doesNotContain("data-daemon=\"vrrpd\"");
    }

    @Test
    void unknownNamesAreUsageErrors() {
        assertThatThrownBy(() -> TakeoverBench.Scenario.parse("nginx-hang")).hasMessageContaining("unknown scenario 'nginx-hang'");
        assertThat(TakeoverBench.Scenario.parse("keepalived-crash")).isEqualTo(TakeoverBench.Scenario.DAEMON_CRASH);
        assertThatThrownBy(() -> TakeoverBench.topology("turbo", "vrrpd")).hasMessageContaining("--profile: unknown profile 'turbo'");
        assertThatThrownBy(() -> TakeoverBench.topology("seed", "bird")).hasMessageContaining("--daemon: unknown daemon 'bird'");
    }
}
