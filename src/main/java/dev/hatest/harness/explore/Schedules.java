package dev.hatest.harness.explore;

import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.plan.HaPlan;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.Election;
import dev.hatest.harness.scenario.FaultPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The fault schedules {@code hatest explore} tries, in the order worth trying them, and the smaller ones a failing
 * schedule is shrunk to. Pure: the same topology, catalogue and seed always give the same schedules.
 *
 * <p>Order: first the single faults the configs' model ({@link HaPlan}) predicts to break an invariant (a VIP left
 * on a node that can't serve, an error finding about a node's failure), then every single fault of the catalogue
 * on each node (and on the master and a backup by role when the configs leave the election open), then pairs of
 * them, each rank shuffled by the seed.
 */
public final class Schedules {

    /** A fault of the catalogue: its kind and argument, as {@code chaos}'s options name them. */
    public record Fault(FaultPlan.Kind kind, String arg) {
        public String describe() {
            return kind.option() + (arg == null ? "" : " " + arg);
        }
    }

    /**
     * One schedule: its faults in order (each a run step on a node or role), and how it came to be tried.
     *
     * @param predicted whether the configs' model predicted it to fail (else: found by search)
     */
    public record Schedule(List<ChaosPlan.Step> steps, boolean predicted) {
        public Schedule {
            steps = List.copyOf(steps);
        }

        public String describe() {
            List<String> out = new ArrayList<>();
            for (ChaosPlan.Step s : steps) {
                out.add(s.kind().option() + (s.arg() == null ? "" : " " + s.arg()) + " on " + (s.node() == null ? "master" : s.node())
                        + (s.heal() == null ? "" : ", healed after " + s.heal().toSeconds() + " s"));
            }
            return String.join(", then ", out);
        }
    }

    /** The whole catalogue, for when the user names none. */
    public static final List<Fault> CATALOGUE = List.of(
            new Fault(FaultPlan.Kind.KILL, "nginx"), new Fault(FaultPlan.Kind.KILL, "vrrpd"), new Fault(FaultPlan.Kind.STOP, "vrrpd"),
            new Fault(FaultPlan.Kind.HANG, "nginx"), new Fault(FaultPlan.Kind.STOP, "nginx"), new Fault(FaultPlan.Kind.RESTART_DAEMON, null),
            new Fault(FaultPlan.Kind.RELOAD, null), new Fault(FaultPlan.Kind.PAUSE, null), new Fault(FaultPlan.Kind.LINK_DOWN, null),
            new Fault(FaultPlan.Kind.PARTITION, null), new Fault(FaultPlan.Kind.BLOCK_VRRP, "out"), new Fault(FaultPlan.Kind.BLOCK_VRRP, "in"),
            new Fault(FaultPlan.Kind.LOSS, "30"));

    /** How long a fault that takes the VIP away is held before its heal, in a pair: so that the second lands on the new master. */
    static final Duration PAIR_HEAL = Duration.ofSeconds(5);

    private Schedules() {
    }

    /**
     * Parses {@code --faults}: comma-separated {@code kill:nginx}, {@code partition}, {@code block-vrrp:out}, ...
     *
     * @throws IllegalArgumentException naming the one it does not know
     */
    public static List<Fault> parse(String list) {
        List<Fault> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String t = item.strip();
            if (t.isEmpty()) {
                continue;
            }
            String[] kv = t.split(":", 2);
            FaultPlan.Kind kind;
            try {
                kind = FaultPlan.Kind.valueOf(kv[0].toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--faults: '" + t + "' is not a fault (e.g. kill:nginx, stop:vrrpd, partition, block-vrrp:out, loss:30)");
            }
            out.add(new Fault(kind, kv.length > 1 ? kv[1] : null));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--faults: no fault given");
        }
        return out;
    }

    /**
     * Every schedule of up to {@code maxFaults} faults, in the order to try them: predicted singles, then singles,
     * then pairs, each rank shuffled by {@code seed}. Targets: the master, the backup, and every node by name.
     */
    public static List<Schedule> ranked(Topology t, List<Fault> catalogue, int maxFaults, long seed) {
        Random random = new Random(seed);
        List<String> targets = targets(t);
        Set<List<ChaosPlan.Step>> seen = new LinkedHashSet<>();
        List<Schedule> predicted = new ArrayList<>();
        for (ChaosPlan.Step s : predictedSingles(t, catalogue)) {
            if (seen.add(List.of(s))) {
                predicted.add(new Schedule(List.of(s), true));
            }
        }
        List<Schedule> singles = new ArrayList<>();
        for (Fault f : catalogue) {
            for (String target : targets) {
                ChaosPlan.Step s = step(f, target, null);
                if (seen.add(List.of(s))) {
                    singles.add(new Schedule(List.of(s), false));
                }
            }
        }
        Collections.shuffle(singles, random);
        List<Schedule> pairs = new ArrayList<>();
        if (maxFaults >= 2) {
            for (Fault a : catalogue) {
                for (Fault b : catalogue) {
                    for (String ta : targets) {
                        // the first is healed, so the second lands on the cluster it left; the second on the master of that moment
                        List<ChaosPlan.Step> two = List.of(step(a, ta, PAIR_HEAL), step(b, "master", null));
                        if (seen.add(two)) {
                            pairs.add(new Schedule(two, false));
                        }
                    }
                }
            }
            Collections.shuffle(pairs, random);
        }
        List<Schedule> out = new ArrayList<>(predicted);
        out.addAll(singles);
        out.addAll(pairs);
        return out;
    }

    /**
     * Where single faults go: every node by name when the configs decide who is master (then "master" and "backup"
     * are two of those names, and trying both would run the same schedule twice); else the roles as well, which
     * land wherever the start-up election put them.
     */
    static List<String> targets(Topology t) {
        List<String> out = new ArrayList<>();
        String master;
        try {
            master = Election.winner(t, t.vip());
        } catch (IllegalArgumentException e) {
            master = null;
        }
        if (master == null) {
            out.addAll(List.of("master", "backup"));
        }
        t.nodes().forEach(n -> out.add(n.name()));
        return out;
    }

    /** A fault on {@code target} ("master" for the master of the moment), healed after {@code heal} or never. */
    static ChaosPlan.Step step(Fault f, String target, Duration heal) {
        return new ChaosPlan.Step(f.kind(), f.arg(), target.equals("master") ? null : target, heal, null, null, null);
    }

    /**
     * The single faults the configs' model predicts to go wrong: each failure of the plan's rows ({@link HaPlan.Failure},
     * with the chaos fault that brings it about) after which the VIP is held by a node that can't serve, when the
     * catalogue has that fault. Today only nginx dead leaves the VIP unserved in the plan's model; a plan that can't be
     * made predicts nothing.
     */
    static List<ChaosPlan.Step> predictedSingles(Topology t, List<Fault> catalogue) {
        List<ChaosPlan.Step> out = new ArrayList<>();
        HaPlan plan;
        try {
            plan = HaPlan.of(t);
        } catch (IllegalArgumentException e) {
            return out;
        }
        for (HaPlan.Row r : plan.whatIf()) {
            // a failure after which the VIP sits where nothing serves it, and whose fault the search may inject
            Fault f = new Fault(r.failure().kind(), r.failure().arg());
            if (!r.served() && catalogue.contains(f)) {
                out.add(step(f, r.node(), null));
            }
        }
        return out;
    }

    /**
     * The schedules one step smaller than {@code s}, to try when it failed: each with one fault fewer, then (for a
     * single fault held before its heal) the same fault held half as long.
     */
    public static List<Schedule> smaller(Schedule s) {
        List<Schedule> out = new ArrayList<>();
        if (s.steps().size() > 1) {
            for (int i = 0; i < s.steps().size(); i++) {
                List<ChaosPlan.Step> fewer = new ArrayList<>(s.steps());
                fewer.remove(i);
                // a fault left last keeps no heal: nothing follows it
                ChaosPlan.Step last = fewer.get(fewer.size() - 1);
                fewer.set(fewer.size() - 1, new ChaosPlan.Step(last.kind(), last.arg(), last.node(), null, last.after(), last.outcome(), last.to()));
                out.add(new Schedule(fewer, s.predicted()));
            }
        }
        for (int i = 0; i < s.steps().size(); i++) {
            ChaosPlan.Step st = s.steps().get(i);
            if (st.heal() != null && st.heal().toMillis() >= 2000) {
                List<ChaosPlan.Step> shorter = new ArrayList<>(s.steps());
                shorter.set(i, new ChaosPlan.Step(st.kind(), st.arg(), st.node(), st.heal().dividedBy(2), st.after(), st.outcome(), st.to()));
                out.add(new Schedule(shorter, s.predicted()));
            }
        }
        return out;
    }

    /**
     * The schedule as a scenario file's {@code faults:} list (see {@code ScenarioFile}), for {@code hatest run} and
     * {@code HaScenarios} to replay.
     */
    public static String faultsYaml(Schedule s) {
        StringBuilder b = new StringBuilder("faults:\n");
        for (ChaosPlan.Step st : s.steps()) {
            String key = switch (st.kind()) {
                case KILL -> "kill: " + st.arg();
                case STOP -> "stop: " + st.arg();
                case HANG -> "hang: " + st.arg();
                case BLOCK_VRRP -> "blockVrrp: " + st.arg();
                case LOSS -> "loss: " + st.arg();
                case PARTITION -> "partition: true";
                case PAUSE -> "pause: true";
                case LINK_DOWN -> "linkDown: true";
                case CPU_HOG -> "cpuHog: true";
                case RELOAD -> "reload: true";
                case RESTART_DAEMON -> "restartDaemon: true";
                case RESTART_NODE -> "restartNode: true";
            };
            b.append("  - ").append(key).append('\n');
            b.append("    node: ").append(st.node() == null ? "master" : st.node()).append('\n');
            if (st.heal() != null) {
                b.append("    healAfter: ").append(st.heal().toMillis()).append("ms\n");
            }
        }
        return b.toString();
    }
}
