package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The judge of one chaos step: a pure function of what the step was asked to do ({@link Spec}) and the History
 * it recorded. The executor injects the fault, waits, heals, and writes {@link Mark marks} into the History
 * as it goes (when its waits ended, and how); it judges nothing. This reads the marks back and composes the
 * checkers for the step's expected outcome, so the same History always gives the same verdicts, with no
 * containers: a saved run can be judged again, and a recorded one is a unit test.
 *
 * <p>Marks ({@link Mark.Name}), each from source "harness", in the order an executor writes them:
 * <ul>
 *   <li>STEP: the step starts, just before the fault is injected (then the nemesis's fault);</li>
 *   <li>takeover: MOVED or STAYED, about each VIP, when the wait for a new master serving it ended,
 *       then after a heal, BACK or NOT_BACK (preempt) or HELD (nopreempt), about the VIP;</li>
 *   <li>split brain, no takeover, flapping: HELD when the hold ended, the heal, then for a split brain
 *       ONE_MASTER about each instance, and SERVED about each VIP once the master serves it again.</li>
 * </ul>
 */
public final class StepAnalysis {

    /** Converged: one VIP holder, and the client's last {@value} requests all served by it. */
    public static final int STEADY_REQUESTS = 10;
    /**
     * How soon after the new master's transition the client's ARP entry must name it. The GARPs leave with
     * the transition and both times come from the same kernel clock, so this is only the daemon's scheduling
     * of the burst and the client kernel's update, on a loaded machine.
     */
    public static final double ARP_MOVE_MS = 500;

    /** What the fault must lead to. */
    public enum Outcome {
        TAKEOVER, SPLIT_BRAIN, NO_TAKEOVER, FLAPPING
    }

    /** A VIP the step judges, with the instance (and VRID) that carries it in the master's config. */
    public record JudgedVip(String vip, VipInstance carrier) {
    }

    /**
     * One step, as the analysis needs it: what it was asked to do and the facts of its cluster, each derived from
     * the configs before the run (the model), none of them read from the History.
     *
     * @param master        the node that served before the fault
     * @param to            the node that must take over, or null for whoever the election gives
     * @param vips          the probed VIP first, then the VIPs that move with it (a dual-stack pair's IPv6 one)
     * @param boundMs       the takeover's outage bound (split brain: the second master's), with its formula
     * @param holdMs        how long the fault was held before its heal (0: not healed)
     * @param lossPercent   for flapping, the VRRP loss
     * @param advertMs      advert_int of the probed VIP's instance
     * @param masterDownMs  its Master_Down_Interval
     * @param preempt       whether the configs take the VIP back after a heal
     * @param winnerKnown   whether the configs decide the winner (else the holder stays)
     * @param macs          each node's MAC on the test network, for the clients' ARP entries
     * @param reloaded      the node whose daemon was reloaded, or null
     * @param cpuHog        whether the fault loads every CPU (the master's advert gaps are judged)
     */
    public record Spec(Outcome outcome, String master, String to, List<JudgedVip> vips, double boundMs, String boundFormula,
                       long holdMs, double lossPercent, double dualMasterBoundMs, double advertMs, double masterDownMs, boolean preempt,
                       boolean winnerKnown, Map<String, String> macs, String reloaded, boolean cpuHog) {

        public Spec {
            vips = List.copyOf(vips);
            macs = Map.copyOf(macs);
            if (vips.isEmpty()) {
                throw new IllegalArgumentException("a step judges at least its probed VIP");
            }
        }

        String primary() {
            return vips.get(0).vip();
        }
    }

    /** The step's verdicts and the failovers it measured (the takeover and, after a heal, how the VIP came back). */
    public record Judged(List<Verdict> verdicts, List<Failover> failovers) {
    }

    private StepAnalysis() {
    }

    /**
     * Judges the step whose STEP mark is the first at or after {@code from} (µs).
     *
     * @throws IllegalArgumentException when the History holds no such step, or lacks a mark the outcome needs
     */
    public static Judged judge(Spec s, List<Event> events, long from) {
        Marks m = new Marks(events, mark(events, from, "", Mark.Name.STEP).timeMicros());
        List<Verdict> verdicts = new ArrayList<>();
        List<Failover> failovers = new ArrayList<>();
        switch (s.outcome()) {
            case TAKEOVER -> takeover(s, events, m, verdicts, failovers);
            case SPLIT_BRAIN -> splitBrain(s, events, m, verdicts, failovers);
            case NO_TAKEOVER -> noTakeover(s, events, m, verdicts);
            case FLAPPING -> flapping(s, events, m, verdicts);
            default -> throw new IllegalStateException(s.outcome().name());
        }
        return new Judged(List.copyOf(verdicts), List.copyOf(failovers));
    }

    /** The VIP must move to another node ({@code to}, when given) within the bound; after a heal it must come back. */
    private static void takeover(Spec s, List<Event> events, Marks m, List<Verdict> verdicts, List<Failover> failovers) {
        Event fault = m.fault();
        for (JudgedVip j : s.vips()) {
            String vip = j.vip();
            Event outcome = m.first(vip, Mark.Name.MOVED, Mark.Name.STAYED);
            boolean moved = ((Mark) outcome.what()).name() == Mark.Name.MOVED;
            long settled = outcome.timeMicros();
            Failover f = TakeoverChecker.failover(events, fault, vip, j.carrier(), settled);
            failovers.add(tagged(f, vip, s));
            verdicts.add(tagged(TakeoverChecker.verdict(f, s.master(), s.boundMs()), vip, s));
            if (s.to() != null && !moved && vip.equals(s.primary())) {
                verdicts.add(WinnerChecker.verdict(events, vip, s.to(), settled));
            }
            if (moved && f.to() != null) {
                verdicts.add(tagged(WinnerChecker.verdict(events, vip, s.to() != null ? s.to() : f.to(), settled), vip, s));
                Double transition = f.steps().get(Failover.NEW_MASTER);
                String mac = s.macs().get(f.to());
                if (transition != null && mac != null) {
                    // The new master's GARPs go out with its transition.
                    long at = f.faultAtMicros() + (long) (transition * 1000);
                    verdicts.add(tagged(ArpChecker.verdict(vip, ArpChecker.movedAfter(events, vip, mac, at, settled), f.to(), mac, ARP_MOVE_MS,
                            vip.contains(":") ? "unsolicited NAs leave with the transition" : "GARPs leave with the transition"), vip, s));
                }
            }
            if (j.carrier() != null) {  // null: the master's own config doesn't hold it (a null instance would mean any)
                verdicts.add(tagged(SingleMasterChecker.verdict(SingleMasterChecker.measure(events, vip, j.carrier().name(), m.start(),
                        settled), s.dualMasterBoundMs()), vip, s));
            }
        }
        Event heal = m.healOrNull();
        if (heal == null) {
            return;
        }
        String vip = s.primary();
        JudgedVip primary = s.vips().get(0);
        if (s.preempt()) {
            Event back = m.first(vip, Mark.Name.BACK, Mark.Name.NOT_BACK);
            Failover fb = TakeoverChecker.failover(events, heal, vip, primary.carrier(), back.timeMicros());
            failovers.add(fb);
            verdicts.add(Verdict.of("failback", ((Mark) back.what()).name() == Mark.Name.BACK, "served by " + fb.to(), "back to " + s.master() + " (preempt)",
                    String.format(Locale.ROOT, "failback outage %.0f ms", fb.outageMs())));
        } else {
            // Without a decided winner (nopreempt), the VIP must stay where it went and keep being served.
            Failover f = failovers.get(0);
            verdicts.add(FailbackChecker.stayed(events, vip, f.to() == null ? s.master() : f.to(), heal.timeMicros(),
                    m.first(vip, Mark.Name.HELD).timeMicros(), STEADY_REQUESTS));
        }
    }

    /**
     * The nodes can't hear each other: another must claim MASTER within the bound, both must stay masters until
     * the heal, and after it one master (the first) must remain and serve.
     */
    private static void splitBrain(Spec s, List<Event> events, Marks m, List<Verdict> verdicts, List<Failover> failovers) {
        long t0 = m.fault().timeMicros();
        long end = m.first(Mark.Name.HELD).timeMicros();
        for (JudgedVip j : s.vips()) {
            Long second = secondMasterAt(events, instance(j), t0, end);
            verdicts.add(tagged(Verdict.of("second master", second != null && (second - t0) / 1000.0 <= s.boundMs(),
                    second == null ? Measure.text("not seen") : Measure.ms((second - t0) / 1000.0), Measure.atMostMs(s.boundMs()),
                    s.boundFormula()), j.vip(), s));
        }
        // Neither side may step down while they can't hear each other: two masters from the second's claim on.
        for (JudgedVip j : s.vips()) {
            Long second = secondMasterAt(events, instance(j), t0, end);
            verdicts.add(tagged(SingleMasterChecker.detected(SingleMasterChecker.measure(events, j.vip(), instance(j), t0, end),
                    second == null ? s.holdMs() : (end - second) / 1000.0), j.vip(), s));
        }
        Event heal = m.heal();
        for (JudgedVip j : s.vips()) {
            long one = m.first(String.valueOf(instance(j)), Mark.Name.ONE_MASTER).timeMicros();
            verdicts.add(tagged(SingleMasterChecker.healed(SingleMasterChecker.settledAfter(events, instance(j), heal.timeMicros(), one),
                    s.advertMs() + 1000, "advert_int " + s.advertMs() + " ms + 1000 ms"), j.vip(), s));
        }
        if (s.winnerKnown()) {
            for (JudgedVip j : s.vips()) {
                long now = m.first(j.vip(), Mark.Name.SERVED).timeMicros();
                verdicts.add(tagged(WinnerChecker.verdict(events, j.vip(), s.master(), now), j.vip(), s));
                Failover back = TakeoverChecker.failover(events, heal, j.vip(), j.carrier(), now);
                if (back.failedRequests() > 0 || (back.to() != null && !back.to().equals(back.from()))) {
                    failovers.add(tagged(back, j.vip(), s));  // the client saw the heal: how it came back
                }
            }
        }
    }

    /** Nothing may move: the master keeps the VIP and serves throughout, then the fault is healed. */
    private static void noTakeover(Spec s, List<Event> events, Marks m, List<Verdict> verdicts) {
        long from = m.fault().timeMicros();
        long until = m.first(Mark.Name.HELD).timeMicros();
        JudgedVip primary = s.vips().get(0);
        unmoved(s, events, primary, from, until, verdicts);
        if (s.reloaded() != null) {
            verdicts.add(ReloadChecker.verdict(events, s.reloaded(), from));
        }
        if (s.cpuHog() && primary.carrier() != null) {
            // Under load the daemons' timers are what is on trial: the master's adverts, as the client's capture
            // saw them, must never be so far apart that a backup's Master_Down_Interval could run out.
            WireCadenceChecker.Cadence cadence = WireCadenceChecker.measure(events, primary.carrier().vrid(), from, until);
            verdicts.add(WireCadenceChecker.gapVerdict(cadence, 3 * s.advertMs(), String.format(Locale.ROOT,
                    "a gap of 3 x advert_int (%.0f ms) or more lets a backup's Master_Down_Interval run out", 3 * s.advertMs())));
        }
        for (JudgedVip j : s.vips().subList(1, s.vips().size())) {
            unmoved(s, events, j, from, until, verdicts);  // a dual-stack pair's IPv6 VIP must not move either
        }
        m.heal();
        winners(s, events, m, verdicts);
    }

    private static void unmoved(Spec s, List<Event> events, JudgedVip j, long from, long until, List<Verdict> verdicts) {
        String why = "a fault that must change nothing may not move mastership even once";
        verdicts.add(tagged(FailbackChecker.stayed(events, j.vip(), s.master(), from, until, STEADY_REQUESTS)
                .as("no takeover", "the fault is on a node whose loss no one notices"), j.vip(), s));
        verdicts.add(tagged(SingleMasterChecker.verdict(SingleMasterChecker.measure(events, j.vip(), instance(j), from, until),
                s.dualMasterBoundMs()), j.vip(), s));
        verdicts.add(tagged(FlappingChecker.verdict(FlappingChecker.count(events, instance(j), from, until), 0, why), j.vip(), s));
    }

    /**
     * VRRP loss: a false takeover needs every advert of one Master_Down_Interval lost. With n adverts in the
     * hold, p the loss and k adverts per Master_Down_Interval, about n (1 - p) p^k are expected; the bound is
     * the Poisson count exceeded with odds under 1 in 5000.
     */
    private static void flapping(Spec s, List<Event> events, Marks m, List<Verdict> verdicts) {
        long from = m.fault().timeMicros();
        long until = m.first(Mark.Name.HELD).timeMicros();
        double p = s.lossPercent() / 100;
        int k = (int) Math.floor(s.masterDownMs() / s.advertMs());
        double n = s.holdMs() / s.advertMs();
        // A dual-stack pair's instances are one sync group, each with its own advert stream: a run of lost
        // adverts in either stream moves both, so the group's expected count is the streams' sum.
        int streams = s.vips().size();
        double expected = streams * n * (1 - p) * Math.pow(p, k);
        int bound = FlappingChecker.poissonBound(expected, 1.0 / 5000);
        String formula = String.format(Locale.ROOT, "expected false takeovers %s%.0f adverts x (1 - %.2f) x %.2f^%d = %.2f;"
                + " P(more than %d) < 1/5000", streams > 1 ? streams + " streams x " : "", n, p, p, k, expected, bound);
        for (JudgedVip j : s.vips()) {
            verdicts.add(tagged(FlappingChecker.verdict(FlappingChecker.count(events, instance(j), from, until), bound, formula), j.vip(), s));
        }
        m.heal();
        winners(s, events, m, verdicts);
    }

    /** After the heal: the master serves each VIP again. */
    private static void winners(Spec s, List<Event> events, Marks m, List<Verdict> verdicts) {
        for (JudgedVip j : s.vips()) {
            verdicts.add(tagged(WinnerChecker.verdict(events, j.vip(), s.master(), m.first(j.vip(), Mark.Name.SERVED).timeMicros()), j.vip(), s));
        }
    }

    /** The start: who holds {@code vip} at {@code at}, once the cluster converged; it must be {@code expected} when the configs decide it. */
    public static Verdict converged(List<Event> events, String vip, String expected, long at) {
        return WinnerChecker.verdict(events, vip, expected, at);
    }

    /** Before a later step: one node must serve {@code vip} at {@code at}. */
    public static Verdict readyForNextStep(List<Event> events, String vip, long at) {
        return WinnerChecker.verdict(events, vip, null, at).as("converged", "one node must serve the VIP before the next fault");
    }

    /** When, after {@code from}, two or more live daemons first claimed MASTER for {@code instance}; null if never. */
    public static Long secondMasterAt(List<Event> events, String instance, long from) {
        return secondMasterAt(events, instance, from, Long.MAX_VALUE);
    }

    /** The same, seen no later than {@code until}. */
    public static Long secondMasterAt(List<Event> events, String instance, long from, long until) {
        DaemonStates states = new DaemonStates();
        for (Event e : events) {
            if (e.timeMicros() > until) {
                break;
            }
            states.apply(e);
            if (e.timeMicros() > from && states.masters(instance).size() >= 2) {
                return e.timeMicros();
            }
        }
        return null;
    }

    private static String instance(JudgedVip j) {
        return j.carrier() == null ? null : j.carrier().name();
    }

    /** {@code v}, its name tagged with {@code vip} unless that is the probed VIP. */
    private static Verdict tagged(Verdict v, String vip, Spec s) {
        return vip.equals(s.primary()) ? v : v.renamed(v.name() + " [" + vip + "]", v.detail());
    }

    private static Failover tagged(Failover f, String vip, Spec s) {
        return vip.equals(s.primary()) ? f
                : new Failover(f.fault() + " [" + vip + "]", f.faultAtMicros(), f.from(), f.to(), f.outageMs(), f.failedRequests(), f.steps());
    }

    /** The first mark at or after {@code from} named one of {@code names}, about {@code about} ("" for none). */
    private static Event mark(List<Event> events, long from, String about, Mark.Name... names) {
        for (Event e : events) {
            if (e.timeMicros() >= from && e.what() instanceof Mark k) {
                for (Mark.Name n : names) {
                    if (k.is(n, about)) {
                        return e;
                    }
                }
            }
        }
        throw new IllegalArgumentException("the History has no mark " + java.util.Arrays.stream(names).map(Mark.Name::text)
                .collect(java.util.stream.Collectors.joining(" or ")) + (about.isEmpty() ? "" : " " + about) + " from " + from
                + " on: the step did not run to its end");
    }

    /** The step's marks and events, from its STEP mark on. */
    private record Marks(List<Event> events, long start) {

        Event first(String about, Mark.Name... names) {
            return mark(events, start, about, names);
        }

        Event first(Mark.Name name) {
            return mark(events, start, "", name);
        }

        Event fault() {
            return events.stream().filter(e -> e.timeMicros() >= start && e.what() instanceof Nemesis n && !n.heal()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the History has no fault after its step mark"));
        }

        Event healOrNull() {
            long after = fault().timeMicros();
            return events.stream().filter(e -> e.timeMicros() >= after && e.what() instanceof Nemesis n && n.heal()).findFirst().orElse(null);
        }

        Event heal() {
            Event h = healOrNull();
            if (h == null) {
                throw new IllegalArgumentException("the History has no heal after its fault");
            }
            return h;
        }
    }
}
