package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Kinds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The differential comparison, on hand-written runs: no containers. */
class DifferentialTest {

    private static final String VIP = "198.18.0.200";
    private static final Differential.Tolerance TOLERANCE = new Differential.Tolerance(1250, 1000, "advert_int 1000 ms + probe 250 ms");

    /** lb01 master, converged at 1000; lb02 takes over at {@code takeoverMs}; a transient lb03 stint of {@code blipMs} if > 0. */
    private static List<Event> run(long takeoverMs, long blipMs) {
        List<Event> e = new ArrayList<>();
        e.add(Event.saved(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
        e.add(Event.saved(1_000_000, "harness", Kinds.PHASE, "converged on lb01"));
        e.add(Event.saved(takeoverMs * 1000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
        e.add(Event.saved(takeoverMs * 1000 + 5000, "lb01", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert"));
        if (blipMs > 0) {
            e.add(Event.saved(takeoverMs * 1000 + 10_000, "lb03", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
            e.add(Event.saved(takeoverMs * 1000 + 10_000 + blipMs * 1000, "lb03", Kinds.STATE, "VI_1 MASTER->BACKUP: higher priority advert"));
        }
        return e;
    }

    private static Failover failover(double outage, double newMaster) {
        Map<String, Double> steps = new LinkedHashMap<>();
        steps.put(Failover.NEW_MASTER, newMaster);
        steps.put(Failover.FIRST_OK, newMaster + 15);
        return new Failover("kill -9 nginx on lb01", 2_000_000, "lb01", "lb02", outage, 100, steps);
    }

    @Test
    void alikeRunsPassAndListEveryDifference() {
        List<Verdict> v = Differential.compare(new Differential.Side("vrrpd", run(7000, 0), List.of(failover(5300, 5000))),
                new Differential.Side("keepalived", run(7900, 0), List.of(failover(6100, 5900))), VIP, "VI_1", TOLERANCE);

        assertThat(v).allMatch(Verdict::passed);
        Verdict timing = v.stream().filter(x -> x.name().equals("takeover 1 timing")).findFirst().orElseThrow();
        assertThat(timing.measured().text()).isEqualTo("max difference 900 ms (new master's transition)");
        assertThat(timing.detail()).contains("outage 5300/6100", "new master's transition 5000/5900", "first successful response 5015/5915");
        assertThat(v.get(1).measured().text()).isEqualTo("vrrpd [lb01, lb02], keepalived [lb01, lb02]");
    }

    @Test
    void aTimingBeyondTheToleranceFails() {
        List<Verdict> v = Differential.compare(new Differential.Side("vrrpd", run(7000, 0), List.of(failover(5300, 5000))),
                new Differential.Side("keepalived", run(9000, 0), List.of(failover(7400, 7000))), VIP, "VI_1", TOLERANCE);

        Verdict timing = v.stream().filter(x -> x.name().equals("takeover 1 timing")).findFirst().orElseThrow();
        assertThat(timing.passed()).isFalse();
        assertThat(timing.bound().text()).isEqualTo("<= 1250 ms");
        assertThat(timing.measured().text()).isEqualTo("max difference 2100 ms (outage)");
    }

    @Test
    void anotherWinnerOrMasterOrderFails() {
        Failover toLb03 = new Failover("kill -9 nginx on lb01", 2_000_000, "lb01", "lb03", 5300, 100, Map.of());
        List<Verdict> v = Differential.compare(new Differential.Side("vrrpd", run(7000, 0), List.of(failover(5300, 5000))),
                new Differential.Side("keepalived", run(7000, 3000), List.of(toLb03)), VIP, "VI_1", TOLERANCE);

        assertThat(v.get(0).passed()).isFalse();
        assertThat(v.get(0).measured().text()).isEqualTo("vrrpd [lb02], keepalived [lb03]");
        assertThat(v.get(1).passed()).isFalse();
        assertThat(v.get(1).measured().text()).isEqualTo("vrrpd [lb01, lb02], keepalived [lb01, lb02, lb03]");
        // a step seen in one run only is a difference too
        assertThat(v.get(3).passed()).isFalse();
        assertThat(v.get(3).detail()).contains("seen in one run only: new master's transition (keepalived)");
    }

    @Test
    void aMasterStoppedSoonAfterItWonIsNoTransient() {
        List<Event> quick = new ArrayList<>();
        quick.add(Event.saved(0, "lb01", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
        quick.add(Event.saved(250_000, "lb01", Kinds.STATE, "VI_1 MASTER->INITIALIZE: shutdown"));
        quick.add(Event.saved(860_000, "lb02", Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"));
        assertThat(Differential.masterSequence(quick, "VI_1", 1000)).containsExactly("lb01", "lb02");
    }

    @Test
    void aTransientMasterUnderAnAdvertIntervalIsLeftOutOfTheOrderButListed() {
        List<Verdict> v = Differential.compare(new Differential.Side("vrrpd", run(7000, 0), List.of(failover(5300, 5000))),
                new Differential.Side("keepalived", run(7000, 40), List.of(failover(5300, 5000))), VIP, "VI_1", TOLERANCE);

        assertThat(v.get(1).passed()).isTrue();
        assertThat(v.get(1).detail()).contains("state changes differ", "lb03 BACKUP->MASTER");
    }
}
