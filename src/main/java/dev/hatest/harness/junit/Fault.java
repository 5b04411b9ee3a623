package dev.hatest.harness.junit;

import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.FaultPlan;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault to inject into an {@link HaCluster}, as {@code hatest chaos} takes it: what breaks, where, and what
 * must follow. Immutable; each {@code with}-style method returns a new fault.
 *
 * <pre>{@code
 * Takeover t = ha.inject(Fault.kill(Process.NGINX).onMaster());
 * ha.inject(Fault.blockVrrp(Direction.IN).onBackup().healAfter(Duration.ofSeconds(5)));
 * }</pre>
 *
 * Without {@link #expect}, the outcome is the one the configs imply (a takeover for a killed nginx on the
 * master with the seed's {@code vrrp_script}, no takeover on the backup, a split brain for a partition...),
 * with its bound derived from the timers; {@link HaAssertions} lets a test tighten it.
 */
public final class Fault {

    /** What a fault must lead to. */
    public enum Outcome {
        TAKEOVER, NO_TAKEOVER, SPLIT_BRAIN, FLAPPING
    }

    /** A process a fault can kill, stop or freeze. */
    public enum Process {
        /** nginx, which the VIP's clients reach. */
        NGINX("nginx"),
        /** The node's VRRP daemon, whichever it runs: vrrpd or keepalived. */
        VRRP_DAEMON("vrrpd");

        private final String arg;

        Process(String arg) {
            this.arg = arg;
        }
    }

    /** Which of a node's VRRP traffic {@link #blockVrrp} drops. */
    public enum Direction {
        /** What it receives: it no longer hears the master (or the backups). */
        IN,
        /** What it sends: the others no longer hear it. */
        OUT,
        /** Both. */
        BOTH
    }

    private final FaultPlan.Kind kind;
    private final String arg;
    private final String node;
    private final Duration heal;
    private final Duration after;
    private final Outcome outcome;
    private final String to;

    private Fault(FaultPlan.Kind kind, String arg, String node, Duration heal, Duration after, Outcome outcome, String to) {
        this.kind = kind;
        this.arg = arg;
        this.node = node;
        this.heal = heal;
        this.after = after;
        this.outcome = outcome;
        this.to = to;
    }

    private static Fault of(FaultPlan.Kind kind, String arg) {
        return new Fault(kind, arg, null, null, null, null, null);
    }

    /** {@code kill -9} a process: nginx, or the VRRP daemon (vrrpd or keepalived, whichever the node runs). */
    public static Fault kill(Process process) {
        return of(FaultPlan.Kind.KILL, Objects.requireNonNull(process, "process").arg);
    }

    /** Stop a process cleanly (SIGTERM): vrrpd sends its priority-0 advert as keepalived does. */
    public static Fault stop(Process process) {
        return of(FaultPlan.Kind.STOP, Objects.requireNonNull(process, "process").arg);
    }

    /** Freeze a process (SIGSTOP): nginx then accepts connections and answers none. */
    public static Fault hang(Process process) {
        return of(FaultPlan.Kind.HANG, Objects.requireNonNull(process, "process").arg);
    }

    /** Drop the node's VRRP traffic in {@code direction}. */
    public static Fault blockVrrp(Direction direction) {
        return of(FaultPlan.Kind.BLOCK_VRRP, Objects.requireNonNull(direction, "direction").name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Cut the node off from the others (VRRP and the client): a split brain until the heal. */
    public static Fault partition() {
        return of(FaultPlan.Kind.PARTITION, null);
    }

    /** {@code docker pause} the node's container. */
    public static Fault pause() {
        return of(FaultPlan.Kind.PAUSE, null);
    }

    /** Take the node's interface down. */
    public static Fault linkDown() {
        return of(FaultPlan.Kind.LINK_DOWN, null);
    }

    /**
     * Drop this percentage (1 to 99) of the VRRP packets every node receives (iptables {@code statistic}).
     *
     * @throws IllegalArgumentException for a percentage outside 1..99
     */
    public static Fault loss(int percent) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("loss: " + percent + "% is not between 1 and 99");
        }
        return of(FaultPlan.Kind.LOSS, Integer.toString(percent));
    }

    /** Saturate the node's CPUs. */
    public static Fault cpuHog() {
        return of(FaultPlan.Kind.CPU_HOG, null);
    }

    /** Reload the VRRP daemon's config (SIGHUP, as keepalived takes it): must change nothing of the election. */
    public static Fault reload() {
        return of(FaultPlan.Kind.RELOAD, null);
    }

    /** Restart the VRRP daemon (stop it with SIGTERM, start it again at once). */
    public static Fault restartDaemon() {
        return of(FaultPlan.Kind.RESTART_DAEMON, null);
    }

    /** Restart the node as a reboot would: its VIP goes with its network namespace, and it boots again by itself. */
    public static Fault restartNode() {
        return of(FaultPlan.Kind.RESTART_NODE, null);
    }

    /** On whoever is master when it is injected (the default). */
    public Fault onMaster() {
        return on("master");
    }

    /** On the node that would take over from the master. */
    public Fault onBackup() {
        return on("backup");
    }

    /** On the node named so (a node really named {@code master} or {@code backup} is meant by its name). */
    public Fault on(String nodeName) {
        return new Fault(kind, arg, Objects.requireNonNull(nodeName, "node"), heal, after, outcome, to);
    }

    /** Heal it after this long, and judge the failback (or, with {@code nopreempt}, that the VIP stays). */
    public Fault healAfter(Duration d) {
        return new Fault(kind, arg, node, Objects.requireNonNull(d, "healAfter"), after, outcome, to);
    }

    /** Wait this long before injecting it. */
    public Fault after(Duration d) {
        return new Fault(kind, arg, node, heal, Objects.requireNonNull(d, "after"), outcome, to);
    }

    /** What it must lead to, instead of what the configs imply. */
    public Fault expect(Outcome o) {
        return new Fault(kind, arg, node, heal, after, Objects.requireNonNull(o, "outcome"), to);
    }

    /** The node that must take over. */
    public Fault to(String nodeName) {
        return new Fault(kind, arg, node, heal, after, outcome, Objects.requireNonNull(nodeName, "to"));
    }

    ChaosPlan.Step step() {
        return new ChaosPlan.Step(kind, arg, node, heal, after, outcome == null ? null : FaultPlan.Outcome.valueOf(outcome.name()), to);
    }

    @Override
    public String toString() {
        return kind.option().substring(2) + (arg == null ? "" : " " + arg) + " on " + (node == null ? "master" : node)
                + (heal == null ? "" : ", healed after " + heal) + (to == null ? "" : ", to " + to);
    }
}
