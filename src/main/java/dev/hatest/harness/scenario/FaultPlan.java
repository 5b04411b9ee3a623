package dev.hatest.harness.scenario;

import dev.hatest.harness.cluster.NodeConfig;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.nemesis.BlockVrrp;
import dev.hatest.harness.nemesis.CpuHog;
import dev.hatest.harness.nemesis.HangProcess;
import dev.hatest.harness.nemesis.KillProcess;
import dev.hatest.harness.nemesis.LinkDown;
import dev.hatest.harness.nemesis.Nemesis;
import dev.hatest.harness.nemesis.NodeProcess;
import dev.hatest.harness.nemesis.PacketLoss;
import dev.hatest.harness.nemesis.PauseNode;
import dev.hatest.harness.nemesis.Partition;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * A fault for a chaos run, and what it must lead to. What a fault should do depends on where it lands: nginx
 * killed on the master must move the VIP, nginx killed on a backup must not; VRRP blocked out of the master
 * must give two masters until the heal, VRRP blocked into it changes nothing. {@link #of} works this out
 * from the fault, whether its node is the master, and the node's config, so every chaos run has a verdict
 * with a stated bound.
 *
 * @param lossPercent for {@link Outcome#FLAPPING}: the share of VRRP dropped, whose odds give the bound; else 0
 */
public record FaultPlan(String description, Function<String, Nemesis> fault, Outcome outcome, OutageBound bound,
                        Duration heal, double lossPercent) {

    /** What the fault must lead to. */
    public enum Outcome {
        /** Another node takes the VIP within the bound, with at most a brief overlap of masters. */
        TAKEOVER,
        /** Another node claims MASTER while the first still does (they can't hear each other) until the heal. */
        SPLIT_BRAIN,
        /** Nothing moves: the master keeps the VIP and serves throughout. */
        NO_TAKEOVER,
        /** VRRP loss: false takeovers stay within a statistical bound, and the master ends up serving. */
        FLAPPING
    }

    /** The faults {@code hatest chaos} knows, by option. */
    public enum Kind {
        KILL, STOP, HANG, BLOCK_VRRP, PARTITION, PAUSE, LINK_DOWN, LOSS, CPU_HOG, RELOAD, RESTART_DAEMON, RESTART_NODE;

        public String option() {
            return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How long a split brain is held before the heal, when not told: long enough to be unmistakable. */
    public static final Duration SPLIT_BRAIN_HOLD = Duration.ofSeconds(5);
    /** How long a fault that must change nothing is watched before the heal, when not told. */
    public static final Duration NO_TAKEOVER_HOLD = Duration.ofSeconds(10);
    /** How long the CPUs are saturated, when not told. */
    public static final Duration CPU_HOG_HOLD = Duration.ofSeconds(60);
    /** How long VRRP loss is held, when not told. */
    public static final Duration LOSS_HOLD = Duration.ofSeconds(30);

    /**
     * The plan for fault {@code kind} with its argument ({@code nginx}, {@code in}, {@code 30}...), on
     * {@code node}, which is or is not the master; {@code backupConf} is the config of the node expected to
     * take over, whose timers bound the takeover.
     *
     * @throws IllegalArgumentException for an unknown process, direction or percentage
     */
    public static FaultPlan of(Kind kind, String arg, Topology topology, String node, boolean onMaster, String backupNode,
                               Duration healAfter) {
        NodeConfig conf = conf(topology, node);
        NodeConfig backupConf = conf(topology, backupNode);
        String vip = topology.vip();  // the probed VIP: its instance's timers and tracking, on every node, bound the takeover
        switch (kind) {
            case KILL, STOP, HANG -> {
                NodeProcess p = NodeProcess.parse(arg);
                if (kind == Kind.HANG && p != NodeProcess.NGINX) {
                    throw new IllegalArgumentException("--hang: only nginx can be hung (vrrpd: use --pause)");
                }
                String what = (kind == Kind.KILL ? "kill -9 " : kind == Kind.STOP ? "stop " : "hang ") + p.label();
                Function<String, Nemesis> f = n -> kind == Kind.KILL ? KillProcess.kill(n, p)
                        : kind == Kind.STOP ? KillProcess.stop(n, p) : new HangProcess(n, p);
                OutageBound bound = p == NodeProcess.NGINX
                        ? (kind == Kind.HANG ? OutageBound.nginxHang(conf, backupConf, vip) : OutageBound.nginxKill(conf, backupConf, vip))
                        : kind == Kind.KILL ? OutageBound.daemonCrash(backupConf, vip) : OutageBound.daemonStop(backupConf, vip);
                return plan(what, f, onMaster ? Outcome.TAKEOVER : Outcome.NO_TAKEOVER, bound, healAfter);
            }
            case PAUSE -> {
                return plan("pause the node", PauseNode::new, onMaster ? Outcome.TAKEOVER : Outcome.NO_TAKEOVER,
                        OutageBound.daemonCrash(backupConf, vip), healAfter);
            }
            case LINK_DOWN -> {
                return plan("take eth0 down", LinkDown::new, onMaster ? Outcome.TAKEOVER : Outcome.NO_TAKEOVER,
                        OutageBound.daemonCrash(backupConf, vip), healAfter);
            }
            case PARTITION -> {
                return plan("partition the node", Partition::fromAll, Outcome.SPLIT_BRAIN, OutageBound.daemonCrash(backupConf, vip), healAfter);
            }
            case BLOCK_VRRP -> {
                BlockVrrp.Direction d = BlockVrrp.Direction.parse(arg);
                // The backup must stop hearing the master: block the master's adverts going out, or the
                // backup's coming in. The other way round nobody misses anything (backups are silent).
                boolean split = d == BlockVrrp.Direction.BOTH || (onMaster == (d == BlockVrrp.Direction.OUT));
                return plan("block VRRP " + d.name().toLowerCase(Locale.ROOT), n -> new BlockVrrp(n, d),
                        split ? Outcome.SPLIT_BRAIN : Outcome.NO_TAKEOVER, OutageBound.daemonCrash(backupConf, vip), healAfter);
            }
            case RELOAD -> {
                // A reload of the config in force must change nothing of the election: no takeover, no flap.
                return plan("reload the VRRP daemon (SIGHUP)", dev.hatest.harness.nemesis.ReloadDaemon::new, Outcome.NO_TAKEOVER,
                        OutageBound.daemonCrash(backupConf, vip), healAfter);
            }
            case RESTART_DAEMON -> {
                // On the master: the goodbye hands the VIP over, and the restarted daemon takes it back with
                // preempt (the failback, judged at once: the restart is its own heal).
                return plan("restart the VRRP daemon", dev.hatest.harness.nemesis.RestartDaemon::new,
                        onMaster ? Outcome.TAKEOVER : Outcome.NO_TAKEOVER, OutageBound.daemonStop(backupConf, vip),
                        healAfter != null ? healAfter : onMaster ? Duration.ZERO : null);
            }
            case RESTART_NODE -> {
                // A reboot: no goodbye advert, so the backup waits Master_Down_Interval; the node boots again by
                // itself (its own heal) and, with preempt, takes the VIP back.
                return plan("restart the node (a reboot)", dev.hatest.harness.nemesis.RestartNode::new,
                        onMaster ? Outcome.TAKEOVER : Outcome.NO_TAKEOVER, OutageBound.daemonCrash(backupConf, vip),
                        healAfter != null ? healAfter : onMaster ? Duration.ZERO : null);
            }
            case CPU_HOG -> {
                java.util.List<String> all = topology.nodes().stream().map(dev.hatest.harness.cluster.NodeSpec::name).toList();
                return plan("saturate every CPU from the nodes", n -> CpuHog.everyCore(all), Outcome.NO_TAKEOVER,
                        OutageBound.daemonCrash(backupConf, vip), healAfter != null ? healAfter : CPU_HOG_HOLD);
            }
            case LOSS -> {
                double pct = percent(arg);
                java.util.List<String> all = topology.nodes().stream().map(dev.hatest.harness.cluster.NodeSpec::name).toList();
                FaultPlan p = plan(String.format(Locale.ROOT, "drop %.0f%% of VRRP on every node", pct), n -> new PacketLoss(all, pct),
                        Outcome.FLAPPING, OutageBound.daemonCrash(backupConf, vip), healAfter);
                return new FaultPlan(p.description, p.fault, p.outcome, p.bound, p.heal, pct);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static FaultPlan plan(String what, Function<String, Nemesis> f, Outcome outcome, OutageBound bound, Duration healAfter) {
        return new FaultPlan(what, f, outcome, bound, healAfter != null ? healAfter : defaultHeal(outcome), 0);
    }

    /** How long a fault with this outcome is held before its heal, when not told; null: never healed. */
    private static Duration defaultHeal(Outcome outcome) {
        return switch (outcome) {
            case SPLIT_BRAIN -> SPLIT_BRAIN_HOLD;
            case NO_TAKEOVER -> NO_TAKEOVER_HOLD;
            case FLAPPING -> LOSS_HOLD;
            case TAKEOVER -> null;
        };
    }

    /**
     * This plan with the outcome the user expects instead of the derived one (a scenario step's
     * {@code outcome:}), for what the configs alone can't tell: a fault on a node already degraded by an
     * earlier step, say. {@code healAfter} is the user's, or null for the new outcome's default.
     *
     * @throws IllegalArgumentException for flapping, which is judged on odds that only packet loss has
     */
    public FaultPlan withOutcome(Outcome o, Duration healAfter) {
        if (o == Outcome.FLAPPING && lossPercent == 0) {
            throw new IllegalArgumentException("outcome flapping is judged from the loss rate: it needs a loss fault");
        }
        if (o != Outcome.FLAPPING && lossPercent > 0) {
            throw new IllegalArgumentException("a loss fault is judged as flapping; outcome " + outcomeName(o) + " can't be");
        }
        return new FaultPlan(description, fault, o, bound, healAfter != null ? healAfter : defaultHeal(o), lossPercent);
    }

    /** The outcome's name in scenario files: takeover, noTakeover, splitBrain, flapping. */
    public static String outcomeName(Outcome o) {
        String[] w = o.name().toLowerCase(Locale.ROOT).split("_");
        return w.length == 1 ? w[0] : w[0] + Character.toUpperCase(w[1].charAt(0)) + w[1].substring(1);
    }

    /** @throws IllegalArgumentException for a word that names no outcome */
    public static Outcome parseOutcome(String word) {
        for (Outcome o : Outcome.values()) {
            if (outcomeName(o).equalsIgnoreCase(word) || o.name().equalsIgnoreCase(word)) {
                return o;
            }
        }
        throw new IllegalArgumentException("outcome: '" + word + "' is none of takeover, noTakeover, splitBrain, flapping");
    }

    /** This plan with the outage bound replaced (the user's {@code --expect-outage-under}). */
    public FaultPlan withBound(OutageBound b) {
        return new FaultPlan(description, fault, outcome, b, heal, lossPercent);
    }

    static double percent(String arg) {
        try {
            double p = Double.parseDouble(arg.endsWith("%") ? arg.substring(0, arg.length() - 1) : arg);
            if (p > 0 && p < 100) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--loss: '" + arg + "' is not a percentage between 0 and 100 (e.g. 30)");
    }

    private static NodeConfig conf(Topology t, String node) {
        NodeConfig c = t.node(node).config();
        if (!c.present()) {
            throw new IllegalArgumentException("node " + node + " has no " + SeedTopology.CONFIG);
        }
        return c;
    }
}
