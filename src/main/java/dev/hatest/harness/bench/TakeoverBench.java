package dev.hatest.harness.bench;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.cluster.IpFamily;
import dev.hatest.harness.cluster.Profile;
import dev.hatest.harness.cluster.NodeConfig;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.Advert;
import dev.hatest.harness.history.Observation.Nemesis;
import dev.hatest.harness.history.Observation.PriorityChange;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.Election;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import dev.hatest.vrrp.config.VrrpScript;
import dev.hatest.vrrp.config.VrrpTrackProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The takeover benchmark ({@code hatest bench}): each scenario run N times per daemon on fresh clusters, the
 * daemons alternating from rep to rep so that the machine's noise hits both alike. Each rep gives the
 * client-observed outage, the takeover broken into the protocol's steps, and the cluster's start-up time.
 * It judges nothing; {@link BenchReport} prints the figures beside the protocol's arithmetic.
 */
public final class TakeoverBench {

    /** The benchmark's scenarios, each on the seed pair's master. */
    public enum Scenario {
        NGINX_KILL("nginx-kill", "kill -9 nginx on the master"),
        DAEMON_CRASH("daemon-crash", "kill -9 the VRRP daemon on the master (keepalived-crash for keepalived)"),
        GRACEFUL_STOP("graceful-stop", "stop the VRRP daemon on the master: its priority-0 advert hands over"),
        FAILBACK("failback", "kill -9 nginx on the master, restart it 2 s after the takeover: the failback is measured"),
        CPU_STRESS("cpu-stress", "saturate every CPU from the nodes (one busy loop per core in each) for the stress duration: "
                + "the flaps are counted, and the master's advert gaps measured on the wire");

        public final String label;
        public final String description;

        Scenario(String label, String description) {
            this.label = label;
            this.description = description;
        }

        /** @throws IllegalArgumentException for a name that is none of the scenarios */
        /** The scenarios run when none is named: the takeovers (cpu-stress takes minutes; name it to run it). */
        public static List<Scenario> defaults() {
            return List.of(NGINX_KILL, DAEMON_CRASH, GRACEFUL_STOP, FAILBACK);
        }

        public static Scenario parse(String name) {
            for (Scenario s : values()) {
                if (s.label.equalsIgnoreCase(name.trim()) || (s == DAEMON_CRASH && name.trim().equalsIgnoreCase("keepalived-crash"))) {
                    return s;
                }
            }
            throw new IllegalArgumentException("--scenario: unknown scenario '" + name + "' (" + String.join(", ",
                    Arrays.stream(values()).map(s -> s.label).toList()) + ")");
        }
    }

    /** The daemons the benchmark compares. */
    public static final List<String> DAEMONS = List.of("vrrpd", "keepalived");
    /** The profiles: the timers the nodes run. */
    public static final List<String> PROFILES = Profile.labels();

    /** The outage, client-observed. */
    public static final String OUTAGE = "outage";
    /**
     * From the fault (or the heal) to the failing (or recovering) node's priority change, or its move into (or
     * out of) FAULT: the health check's reaction.
     */
    public static final String DETECTION = "detection";
    /** From the old master's last advert that still held the backup to the backup's transition. */
    public static final String MASTER_DOWN = "Master_Down";
    /** From the priority-0 advert to the backup's transition. */
    public static final String SKEW = "skew wait";
    /** From the recovered node's priority rise to its transition (it preempts once its Master_Down timer runs out). */
    public static final String PREEMPTION = "preemption wait";
    /** From the transition to the VIP on the new master's interface. */
    public static final String VIP_ADDED = "VIP added";
    /** From the transition to the client's ARP entry naming the new master. */
    public static final String ARP_MOVED = "client ARP moved";
    /** From the transition to the first response from the new master. */
    public static final String SERVED = "first response";

    /** Transitions to MASTER during the stress (cpu-stress): flaps. */
    public static final String FLAPS = "flaps";
    /** The longest gap between the master's adverts on the wire during the stress. */
    public static final String MAX_GAP = "max advert gap";
    /** The mean gap between the master's adverts on the wire during the stress. */
    public static final String MEAN_GAP = "mean advert gap";

    /** How long cpu-stress saturates the CPUs, when not told. */
    public static final Duration STRESS_DEFAULT = Duration.ofMinutes(5);

    /** The heal's delay in the failback scenario. */
    static final Duration FAILBACK_HEAL = Duration.ofSeconds(2);


    /**
     * One rep's figures, in ms; a step is NaN where the History holds no such event.
     *
     * @param startup from starting the cluster (images built): to the daemons' first state, the first master and the
     *                client's first served request ({@link ChaosRun#DAEMONS_UP} and so on)
     * @param load    what the users' load saw of the fault ({@code D+load:RATE}), or null without a load
     * @param failover the takeover measured, or null (cpu-stress, none seen)
     */
    public record Rep(Scenario scenario, String daemon, int rep, boolean passed, Map<String, Double> startup, Map<String, Double> steps,
                      dev.hatest.harness.check.LoadAnalysis.Figures load, Failover failover) {

        /** A rep without users' load. */
        public Rep(Scenario scenario, String daemon, int rep, boolean passed, Map<String, Double> startup, Map<String, Double> steps) {
            this(scenario, daemon, rep, passed, startup, steps, null, null);
        }

        public double outageMs() {
            return steps.getOrDefault(OUTAGE, Double.NaN);
        }
    }

    /** What the protocol's arithmetic says a step takes, in ms. */
    public record Expected(double lowMs, double highMs, String formula) {

        /** Whether {@code ms} is within the range, give or take {@code toleranceMs}. */
        public boolean holds(double ms, double toleranceMs) {
            return ms >= lowMs - toleranceMs && ms <= highMs + toleranceMs;
        }
    }

    private TakeoverBench() {
    }

    /**
     * The nodes of {@code profile}, all running {@code daemon}. A profile may end in {@code +ipv6} ({@code bench
     * --ipv6}): the same nodes with their instance on IPv6 ({@link IpFamily#IPV6}).
     */
    public static Topology topology(String profile, String daemon) {
        int plus = daemon.indexOf("+load:");
        if (plus >= 0) {
            // a daemon under users' load ("vrrpd+load:100"): the same nodes, the client sending it beside its probe,
            // so that a bench of D against D+load:RATE measures whether the load disturbs the takeover it observes
            double rate;
            try {
                rate = Double.parseDouble(daemon.substring(plus + "+load:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--daemon: '" + daemon + "': +load: takes requests per second, e.g. vrrpd+load:100");
            }
            return topology(profile, daemon.substring(0, plus)).withLoad(dev.hatest.harness.cluster.Load.of(rate));
        }
        boolean six = profile.endsWith("+ipv6");
        Profile p = Profile.parse(six ? profile.substring(0, profile.length() - "+ipv6".length()) : profile);
        IpFamily family = six ? IpFamily.IPV6 : IpFamily.IPV4;
        Topology t = SeedTopology.pair();
        if (daemon.equals("keepalived")) {
            return family.apply(p.apply(t.allKeepalived()));
        }
        if (!daemon.equals("vrrpd")) {
            throw new IllegalArgumentException("--daemon: unknown daemon '" + daemon + "' (vrrpd or keepalived)");
        }
        return family.apply(p.apply(t));
    }

    /**
     * Runs every scenario {@code reps} times per daemon: rep by rep, scenario by scenario, the daemons in turn,
     * starting each rep from the next daemon. Each rep is handed to {@code each} as it finishes.
     */
    public static List<Rep> run(List<Scenario> scenarios, List<String> daemons, int reps, String profile, Path probeJar,
                                Consumer<String> progress, Consumer<Rep> each) throws InterruptedException {
        return run(scenarios, daemons, reps, profile, STRESS_DEFAULT, probeJar, progress, each);
    }

    /** As {@link #run(List, List, int, String, Path, Consumer, Consumer)}, with cpu-stress lasting {@code stress}. */
    public static List<Rep> run(List<Scenario> scenarios, List<String> daemons, int reps, String profile, Duration stress, Path probeJar,
                                Consumer<String> progress, Consumer<Rep> each) throws InterruptedException {
        List<Rep> out = new ArrayList<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (Scenario s : scenarios) {
                for (int k = 0; k < daemons.size(); k++) {
                    String daemon = daemons.get((k + rep - 1) % daemons.size());
                    progress.accept(String.format("rep %d/%d: %s on %s", rep, reps, s.label, daemon));
                    Rep r = once(s, daemon, rep, profile, stress, probeJar, progress);
                    out.add(r);
                    each.accept(r);
                }
            }
        }
        return out;
    }

    static Rep once(Scenario s, String daemon, int rep, String profile, Duration stress, Path probeJar, Consumer<String> progress)
            throws InterruptedException {
        Topology t = topology(profile, daemon);
        String vip = t.vip();
        String master = Election.winner(t, vip);
        String backup = Election.successor(t, vip, master);
        // the same run spec as `chaos --kill nginx` and a scenario file build: a fault on the master, planned by ChaosPlan
        ChaosPlan.Step step = switch (s) {
            case NGINX_KILL -> new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", null, null, null, null, null);
            case DAEMON_CRASH -> new ChaosPlan.Step(FaultPlan.Kind.KILL, "vrrpd", null, null, null, null, null);
            case GRACEFUL_STOP -> new ChaosPlan.Step(FaultPlan.Kind.STOP, "vrrpd", null, null, null, null, null);
            case FAILBACK -> new ChaosPlan.Step(FaultPlan.Kind.KILL, "nginx", null, FAILBACK_HEAL, null, null, null);
            case CPU_STRESS -> new ChaosPlan.Step(FaultPlan.Kind.CPU_HOG, null, null, stress, null, null, null);
        };
        ChaosRun.Result r = ChaosRun.run(new ChaosPlan(t, s.label, List.of(step), null, master, null).options(progress, probeJar));
        if (r.broken() != null) {
            // a rep whose cluster broke measured nothing: no figure of it may join the others (the CLI exits 3)
            throw new dev.hatest.harness.cluster.EnvironmentException("rep " + rep + " of " + s.label + " on " + daemon
                    + " could not be measured: " + r.broken());
        }
        if (s == Scenario.CPU_STRESS) {
            return new Rep(s, daemon, rep, r.passed(), r.startup(), stress(r.events(), t, master));
        }
        int which = s == Scenario.FAILBACK ? 1 : 0;
        Failover f = r.failovers().size() > which ? r.failovers().get(which) : null;
        dev.hatest.harness.check.LoadAnalysis.Figures load = r.analysis() == null || r.analysis().load() == null ? null
                : dev.hatest.harness.check.LoadAnalysis.figures(r.analysis().load(), r.events(), r.analysis().steps()).stream().findFirst()
                .orElse(null);
        return new Rep(s, daemon, rep, r.passed(), r.startup(), f == null ? Map.of() : steps(s, f, r.events(), t), load,
                r.failovers().isEmpty() ? null : r.failovers().get(0));
    }

    /** cpu-stress's figures, between the fault and its heal: flaps, and the master's advert gaps on the wire. */
    static Map<String, Double> stress(List<Event> events, Topology t, String master) {
        Event fault = first(events, Long.MIN_VALUE, e -> e.what() instanceof Nemesis n && !n.heal());
        Event heal = fault == null ? null : first(events, fault.timeMicros(), e -> e.what() instanceof Nemesis n && n.heal());
        Map<String, Double> out = new LinkedHashMap<>();
        if (fault == null || heal == null) {
            return out;
        }
        NodeConfig conf = t.node(master).config();
        out.put(FLAPS, (double) dev.hatest.harness.check.FlappingChecker.count(events, null, fault.timeMicros(), heal.timeMicros()).toMaster());
        var cadence = dev.hatest.harness.check.WireCadenceChecker.measure(events, OutageBound.vrid(conf, t.vip()), fault.timeMicros(), heal.timeMicros());
        out.put(MAX_GAP, cadence.maxGapMs());
        out.put(MEAN_GAP, cadence.meanGapMs());
        return out;
    }

    /** The breakdown of failover {@code f}: the outage, then the protocol's steps, each in ms. */
    static Map<String, Double> steps(Scenario s, Failover f, List<Event> events, Topology t) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(OUTAGE, f.outageMs());
        long t0 = f.faultAtMicros();
        Event transition = first(events, t0, e -> e.what() instanceof StateChange c && e.source().equals(f.to()) && c.to() == VrrpState.MASTER);
        long at = transition == null ? Long.MAX_VALUE : transition.timeMicros();
        switch (s) {
            case NGINX_KILL -> {
                Event detected = first(events, t0, e -> e.source().equals(f.from()) && (e.what() instanceof PriorityChange
                        || e.what() instanceof StateChange c && c.to() == VrrpState.FAULT));
                out.put(DETECTION, ms(t0, detected));
                if (detected != null && detected.what() instanceof StateChange) {
                    // In FAULT the old master says goodbye with a priority-0 advert: the backup waits Skew_Time.
                    out.put(SKEW, ms(lastAdvert(events, f.from(), at, 0), transition));
                } else {
                    out.put(MASTER_DOWN, ms(lastAdvert(events, f.from(), at, basePriority(t, f.to())), transition));
                }
            }
            case DAEMON_CRASH -> out.put(MASTER_DOWN, ms(lastAdvert(events, f.from(), at, basePriority(t, f.to())), transition));
            case GRACEFUL_STOP -> out.put(SKEW, ms(lastAdvert(events, f.from(), at, 0), transition));
            case CPU_STRESS -> throw new IllegalStateException("cpu-stress has no failover");
            case FAILBACK -> {
                Event rise = first(events, t0, e -> e.source().equals(f.to()) && (e.what() instanceof PriorityChange
                        || e.what() instanceof StateChange c && c.from() == VrrpState.FAULT));
                out.put(DETECTION, ms(t0, rise));
                out.put(PREEMPTION, rise == null ? Double.NaN : ms(rise.timeMicros(), transition));
            }
            default -> throw new IllegalStateException(s.name());
        }
        double nm = f.steps().getOrDefault(Failover.NEW_MASTER, null) == null ? Double.NaN : f.steps().get(Failover.NEW_MASTER);
        out.put(VIP_ADDED, after(f, Failover.VIP_ADDED, nm));
        out.put(ARP_MOVED, after(f, Failover.arpStep(t.vip()), nm));  // the neighbour entry, for an IPv6 VIP
        out.put(SERVED, after(f, Failover.FIRST_OK, nm));
        return out;
    }

    /** The protocol's arithmetic for each step of scenario {@code s} on {@code profile}'s nodes running {@code daemon}. */
    public static Map<String, Expected> expected(Scenario s, String profile, String daemon) {
        Topology t = topology(profile, daemon);
        String master = Election.winner(t, t.vip());
        String backup = Election.successor(t, t.vip(), master);
        NodeConfig mc = t.node(master).config();
        NodeConfig bc = t.node(backup).config();
        String vip = t.vip();
        Map<String, Expected> out = new LinkedHashMap<>();
        double masterDown = OutageBound.masterDownMillis(bc, vip);
        String md = String.format(Locale.ROOT, "3 x advert_int %.0f ms + skew %.3f ms", OutageBound.advertMillis(bc, vip), OutageBound.skewMillis(bc, vip));
        switch (s) {
            case NGINX_KILL -> {
                VrrpTrackProcess p = OutageBound.trackedProcess(mc, vip);
                if (p != null) {
                    double delay = p.terminateDelayMicros() / 1000.0;
                    out.put(DETECTION, new Expected(delay, delay, String.format(Locale.ROOT, "process exit seen at once + terminate_delay %.0f ms", delay)));
                } else {
                    VrrpScript c = OutageBound.trackedScript(mc, vip);
                    out.put(DETECTION, new Expected((c.fall() - 1) * c.intervalMillis(), c.fall() * c.intervalMillis(),
                            "fall " + c.fall() + " x interval " + c.intervalMillis() + " ms, less up to one interval"));
                }
                if (OutageBound.tracksAsFault(mc, vip)) {
                    double skew = OutageBound.skewMillis(bc, vip);
                    out.put(SKEW, new Expected(skew, skew, skewFormula(bc, vip, basePriority(t, backup))));
                } else {
                    out.put(MASTER_DOWN, new Expected(masterDown, masterDown, md));
                }
            }
            case DAEMON_CRASH -> out.put(MASTER_DOWN, new Expected(masterDown, masterDown, md));
            case GRACEFUL_STOP -> {
                double skew = OutageBound.skewMillis(bc, vip);
                out.put(SKEW, new Expected(skew, skew, skewFormula(bc, vip, basePriority(t, backup))));
            }
            case CPU_STRESS -> {
                double advert = OutageBound.advertMillis(mc, vip);
                out.put(FLAPS, new Expected(0, 0, "none: nothing failed"));
                out.put(MAX_GAP, new Expected(advert, advert, String.format(Locale.ROOT,
                        "advert_int; a gap of 3 x advert_int (%.0f ms) would let a backup take over", 3 * advert)));
            }
            case FAILBACK -> {
                VrrpTrackProcess p = OutageBound.trackedProcess(mc, vip);
                if (p != null) {
                    // In a container vrrpd finds a new process by reading /proc every 200 ms (no process events).
                    double delay = p.forkDelayMicros() / 1000.0;
                    out.put(DETECTION, new Expected(delay, delay + 200, String.format(Locale.ROOT,
                            "fork_delay %.0f ms + up to one /proc scan (200 ms)", delay)));
                } else {
                    VrrpScript c = OutageBound.trackedScript(mc, vip);
                    out.put(DETECTION, new Expected((c.rise() - 1) * c.intervalMillis(), c.rise() * c.intervalMillis(),
                            "rise " + c.rise() + " x interval " + c.intervalMillis() + " ms, less up to one interval"));
                }
                double own = OutageBound.masterDownMillis(mc, vip);
                out.put(PREEMPTION, new Expected(0, own, String.format(Locale.ROOT, "up to the master's own Master_Down_Interval %.3f ms", own)));
            }
            default -> throw new IllegalStateException(s.name());
        }
        return out;
    }

    /** Skew_Time's formula for the backup's config: v2 in seconds, v3 in advert intervals. */
    private static String skewFormula(NodeConfig backupConf, String vip, int priority) {
        return OutageBound.version(backupConf, vip) == 3
                ? String.format(Locale.ROOT, "skew (256 - %d) x advert_int %.0f ms / 256", priority, OutageBound.advertMillis(backupConf, vip))
                : String.format(Locale.ROOT, "skew (256 - %d) / 256 s", priority);
    }

    private static int basePriority(Topology t, String node) {
        return node == null ? 1 : OutageBound.priority(t.node(node).config(), t.vip());
    }

    /** The last advert on the wire from {@code node} before {@code before} at a priority of {@code min} or more (0: exactly 0). */
    private static Event lastAdvert(List<Event> events, String node, long before, int min) {
        Event found = null;
        for (Event e : events) {
            if (e.timeMicros() >= before) {
                break;
            }
            if (e.what() instanceof Advert a && e.source().equals(node) && (min == 0 ? a.priority() == 0 : a.priority() >= min)) {
                found = e;
            }
        }
        return found;
    }

    private static Event first(List<Event> events, long from, java.util.function.Predicate<Event> p) {
        return events.stream().filter(e -> e.timeMicros() >= from && p.test(e)).findFirst().orElse(null);
    }

    private static double ms(long fromMicros, Event to) {
        return to == null ? Double.NaN : (to.timeMicros() - fromMicros) / 1000.0;
    }

    private static double ms(Event from, Event to) {
        return from == null ? Double.NaN : ms(from.timeMicros(), to);
    }

    private static double after(Failover f, String step, double newMaster) {
        Double v = f.steps().get(step);
        return v == null || Double.isNaN(newMaster) ? Double.NaN : v - newMaster;
    }
}
