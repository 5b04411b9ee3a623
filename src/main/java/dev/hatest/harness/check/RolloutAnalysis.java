package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.Observation.ConfigChecked;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.Nemesis;
import dev.hatest.harness.history.Observation.Reload;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;
import dev.hatest.harness.history.Requests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The judge of a rollout: a pure function of what the rollout was (its {@link Spec}, from the configs) and the
 * History its executor recorded. The executor ({@code Rollout}) puts each node's new files in, records the
 * daemon's config test ({@link ConfigChecked}), reloads or restarts it through the nemesis, and marks its waits
 * ({@link Mark.Name#TURN}, {@link Mark.Name#SETTLED}, ...); this reads them back, so a saved rollout is judged
 * again by {@code hatest report} as a chaos run is.
 */
public final class RolloutAnalysis {

    /** The steps of a node's turn, in its breakdown. */
    public static final String CONFIG_TESTED = "config test passed";
    public static final String SIGHUP_SENT = "SIGHUP sent";
    public static final String RESTART_SENT = "SIGTERM sent";
    public static final String RELOAD_REPORTED = "reload reported";
    public static final String DAEMON_UP = "daemon up again";
    public static final String SETTLED = "settled";
    /** How long a node's daemon may take to report its reload or restart (ms). */
    public static final long REPORT_TIMEOUT_MS = 30_000;
    /** How long the cluster may take to settle after a node's change (ms). */
    public static final long SETTLE_TIMEOUT_MS = 60_000;

    /**
     * One node's turn, as its new config says it, none of it read from the History.
     *
     * @param source          the new config's file as the user knows it ({@code to/lb02/keepalived.conf})
     * @param strict          it sets {@code reload_check_config}: the daemon refuses any finding itself
     * @param parseError      the first error vrrpd's parser finds in it ({@code file:line: what}), or null
     * @param parseErrorLine  that error's line, or null
     * @param restart         the daemon is restarted (SIGTERM, start), not reloaded (SIGHUP)
     * @param settleMs        how long no state may move for the cluster to count as settled: Master_Down_Interval + 1 s
     */
    public record Turn(String node, String daemon, String source, boolean strict, String parseError, Integer parseErrorLine,
                       boolean restart, double settleMs) {
    }

    /**
     * @param master         the node that served before the rollout
     * @param expectedAfter  the node the new configs elect (the master, when they don't decide: nopreempt)
     * @param instance       the probed VIP's instance on the master
     * @param turns          the nodes in the order rolled out
     * @param boundMs        the user's bound on the whole rollout's outage, or null for the derived one
     * @param newAdvertMs    advert_int of the new configs (the derived bound of a rollout that moves the master)
     */
    public record Spec(String vip, String master, String expectedAfter, String instance, List<Turn> turns, Double boundMs,
                       String boundFormula, double newAdvertMs, double marginMs, double dualMasterBoundMs) {
        public Spec {
            turns = List.copyOf(turns);
        }
    }

    /** A node's turn judged: its verdicts, its breakdown (null when its config never went in), and whether the rollout may go on. */
    public record TurnJudged(List<Verdict> verdicts, Failover breakdown, boolean passed) {
    }

    private RolloutAnalysis() {
    }

    /**
     * The rollout's verdicts and each node's breakdown: every turn the History holds, in order, then the whole
     * rollout (outage, VIP moves, single master, final master).
     *
     * @throws IllegalArgumentException when the History lacks a mark the rollout needs
     */
    public static StepAnalysis.Judged judge(Spec s, List<Event> events) {
        return judge(s, events, null);
    }

    /** The same, and the users' load through the rollout ({@link LoadAnalysis#judgeRollout}) when {@code load} is given. */
    public static StepAnalysis.Judged judge(Spec s, List<Event> events, LoadAnalysis.Spec load) {
        long start = mark(events, Long.MIN_VALUE, Mark.Name.ROLLOUT_START, "").timeMicros();
        long end = mark(events, start, Mark.Name.ROLLOUT_END, "").timeMicros();
        List<Verdict> verdicts = new ArrayList<>();
        List<Failover> breakdowns = new ArrayList<>();
        boolean complete = true;
        long from = start;
        for (Turn t : s.turns()) {
            Event begun = find(events, from, e -> e.what() instanceof Mark m && m.is(Mark.Name.TURN, t.node()));
            if (begun == null || begun.timeMicros() > end) {
                complete = false;
                break;
            }
            TurnJudged j = turn(s, t, events, begun.timeMicros());
            verdicts.addAll(j.verdicts());
            if (j.breakdown() != null) {
                breakdowns.add(j.breakdown());
            }
            if (!j.passed()) {
                complete = false;
                break;
            }
            from = begun.timeMicros() + 1;
        }
        boolean moves = complete && !Objects.equals(s.expectedAfter(), s.master());
        verdicts.add(outage(s, events, start, end, moves));
        int expectedMoves = moves ? 1 : 0;
        int n = servingChanges(events, start, end, s.vip());
        verdicts.add(Verdict.of("VIP moves", n == expectedMoves, Measure.count(n, "moves", n + (n == 1 ? " move" : " moves")),
                Measure.count(expectedMoves, "moves", "exactly " + expectedMoves),
                expectedMoves == 0 ? "the new configs elect the same master" : "the new configs elect another master: one move, no flap"));
        verdicts.add(SingleMasterChecker.verdict(SingleMasterChecker.measure(events, s.vip(), s.instance(), start, end), s.dualMasterBoundMs()));
        String finalMaster = complete ? s.expectedAfter() : s.master();
        verdicts.add(WinnerChecker.verdict(events, s.vip(), finalMaster, end)
                .as("final master", complete ? "the one the new configs elect" : "the rollout stopped: the master of the old configs"));
        if (load != null) {
            // the outage bound the rollout's own verdict holds it to: the user's, or one preemption's
            verdicts.addAll(LoadAnalysis.judgeRollout(load, events, moves, s.boundMs(), s.newAdvertMs() + s.marginMs()));
        }
        return new StepAnalysis.Judged(List.copyOf(verdicts), List.copyOf(breakdowns));
    }

    /**
     * Node {@code t}'s turn, begun at {@code begun} (its TURN mark): its config test, then either the old config
     * still serving (refused) or its reload or restart reported and the cluster settled. The executor asks the
     * same of the History so far to decide whether to go on.
     */
    public static TurnJudged turn(Spec s, Turn t, List<Event> events, long begun) {
        List<Verdict> verdicts = new ArrayList<>();
        Event tested = find(events, begun, e -> e.source().equals(t.node()) && e.what() instanceof ConfigChecked);
        if (tested == null) {
            throw new IllegalArgumentException("the History has no config test of " + t.node() + " after its turn began");
        }
        ConfigChecked c = (ConfigChecked) tested.what();
        Verdict checked = configVerdict(t, c);
        verdicts.add(checked);
        if (!checked.passed()) {
            Event serving = mark(events, tested.timeMicros(), t.node(), Mark.Name.SERVING, Mark.Name.NOT_SERVING);
            Event alive = mark(events, tested.timeMicros(), t.node(), Mark.Name.DAEMON_RUNNING, Mark.Name.DAEMON_GONE);
            boolean steady = ((Mark) serving.what()).name() == Mark.Name.SERVING;
            boolean running = ((Mark) alive.what()).name() == Mark.Name.DAEMON_RUNNING;
            verdicts.add(Verdict.of("old config still serving", steady && running, (running ? t.node() + "'s daemon runs" : t.node()
                    + "'s daemon is gone") + (steady ? ", one node serves" : ", no steady service"), "daemon running, one node serving",
                    "the refused config never reached the daemon"));
            return new TurnJudged(verdicts, null, false);
        }
        Event change = find(events, tested.timeMicros(), e -> e.what() instanceof Nemesis n && !n.heal());
        Event settledMark = change == null ? null : find(events, change.timeMicros(),
                e -> e.what() instanceof Mark m && (m.is(Mark.Name.SETTLED, t.node()) || m.is(Mark.Name.NOT_SETTLED, t.node())));
        if (settledMark == null) {
            throw new IllegalArgumentException("the History has no end of " + t.node() + "'s turn: the rollout did not run to its end");
        }
        long at = change.timeMicros();
        long done = settledMark.timeMicros();
        List<Event> upToDone = events.stream().filter(e -> e.timeMicros() <= done).toList();
        Event report = find(upToDone, at, e -> e.source().equals(t.node())
                && (t.restart() ? e.what() instanceof StateChange : e.what() instanceof Reload));
        boolean reported;
        if (t.restart()) {
            Event up = find(upToDone, at + 1, e -> e.source().equals(t.node()) && e.what() instanceof StateChange sc
                    && (sc.to() == VrrpState.BACKUP || sc.to() == VrrpState.MASTER));
            reported = up != null && up.timeMicros() - at <= REPORT_TIMEOUT_MS * 1000;
            verdicts.add(Verdict.of("restarted " + t.node(), reported, reported ? "up" : "not up", "up within "
                    + REPORT_TIMEOUT_MS / 1000 + " s", "the daemon's first state after its start"));
        } else {
            verdicts.add(ReloadChecker.verdict(upToDone, t.node(), at));
        }
        boolean settled = ((Mark) settledMark.what()).name() == Mark.Name.SETTLED;
        verdicts.add(Verdict.of("settled after " + t.node(), settled, settled ? String.format(Locale.ROOT, "%.0f ms", (done - at) / 1000.0)
                        : "not within " + SETTLE_TIMEOUT_MS / 1000 + " s", "one node serving, no state moved for " + (long) t.settleMs() + " ms",
                "Master_Down_Interval + 1000 ms of the new config"));
        // The node's breakdown, in ms from the start of its turn: what the operator's rollout would have waited for.
        String by = t.restart() ? "restart" : "reload";
        Failover f = window(events, "roll out to " + t.node() + " by " + by, begun, done, s.vip());
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put(CONFIG_TESTED, (tested.timeMicros() - begun) / 1000.0);
        breakdown.put(t.restart() ? RESTART_SENT : SIGHUP_SENT, (at - begun) / 1000.0);
        breakdown.put(t.restart() ? DAEMON_UP : RELOAD_REPORTED, report == null ? null : (report.timeMicros() - begun) / 1000.0);
        Event moved = find(upToDone, at, e -> e.what() instanceof StateChange sc && sc.to() == VrrpState.MASTER);
        breakdown.put(Failover.NEW_MASTER, moved == null ? null : (moved.timeMicros() - begun) / 1000.0);
        breakdown.put(SETTLED, settled ? (done - begun) / 1000.0 : null);
        return new TurnJudged(verdicts, new Failover(f.fault(), begun, f.from(), f.to(), f.outageMs(), f.failedRequests(), breakdown),
                verdicts.stream().allMatch(Verdict::passed));
    }

    /**
     * The config test's verdict on a node's new config. Both daemons' -t fail on warnings as well as errors, and
     * the seed's own configs have one (scripts run without enable_script_security), so the gate refuses what
     * the daemon itself would refuse: a config with errors (it would not start on it, and keepalived 2.2.7 exits
     * on such a reload); with {@code reload_check_config}, a config with any finding, as the daemon then
     * checks it itself. Warnings otherwise pass, listed in the detail. The finding shown is the daemon's own
     * line (vrrpd's {@code file:line:}, keepalived's {@code (file: Line N)}), the file being the user's.
     */
    public static Verdict configVerdict(Turn t, ConfigChecked c) {
        int exit = c.exit();
        List<String> findings = c.texts();
        String error = null;
        if (t.parseError() != null) {
            // the first error, not the first finding: a warning may come before it (keepalived's order)
            Integer line = t.parseErrorLine();
            error = c.findings().stream().filter(f -> !f.warning() && (line == null || line.equals(f.line())))
                    .map(ConfigChecked.Finding::text).findFirst().orElse(t.parseError());
        }
        boolean refused = error != null || (t.strict() && exit != 0);
        String shown = error != null ? error : refused && !findings.isEmpty() ? findings.get(0) : refused ? "exit " + exit : "valid";
        String detail = t.daemon() + " -t on the node" + (refused ? (error != null ? ": an error, the daemon would not take it"
                : ": reload_check_config refuses any finding") : findings.isEmpty() ? "" : "; warnings: " + String.join("; ",
                findings.subList(0, Math.min(findings.size(), 3))));
        return Verdict.of("config test on " + t.node(), !refused, shown, "no errors", detail);
    }

    private static Verdict outage(Spec s, List<Event> events, long from, long to, boolean moves) {
        Failover w = window(events, "rollout", from, to, s.vip());
        if (s.boundMs() != null) {
            return Verdict.of("rollout outage", w.outageMs() <= s.boundMs(), outage(w), Measure.atMostMs(s.boundMs()), s.boundFormula());
        }
        if (!moves) {
            // judged on failed requests; the figure stays the outage in ms, which the differential compares
            return Verdict.of("rollout outage", w.failedRequests() == 0, Measure.ms(w.outageMs(), w.failedRequests() + " failed requests"
                    + String.format(Locale.ROOT, " (%.0f ms)", w.outageMs())), Measure.text("0 failed requests"),
                    "the new configs elect the same master: nothing may fail");
        }
        double bound = s.newAdvertMs() + s.marginMs();
        return Verdict.of("rollout outage", w.outageMs() <= bound, outage(w), Measure.atMostMs(bound),
                "the master changes: one preemption, advert_int + " + (long) s.marginMs() + " ms");
    }

    /** The rollout's outage in ms, with its failed requests in the text. */
    private static Measure outage(Failover w) {
        return Measure.ms(w.outageMs(), String.format(Locale.ROOT, "%.0f ms, %d failed requests", w.outageMs(), w.failedRequests()));
    }

    /** The state changes from the rollout's start to its end, as "NODE FROM->TO". */
    public static List<String> transitions(List<Event> events) {
        List<String> out = new ArrayList<>();
        boolean rolling = false;
        for (Event e : events) {
            if (e.what() instanceof Mark m && (m.name() == Mark.Name.ROLLOUT_START || m.name() == Mark.Name.ROLLOUT_END)) {
                rolling = m.name() == Mark.Name.ROLLOUT_START;
            } else if (rolling && e.what() instanceof StateChange c) {
                out.add(e.source() + " " + c.from() + "->" + c.to());
            }
        }
        return out;
    }

    /** What the client saw of {@code vip} between {@code from} and {@code to}: who served first and last, the failures. */
    public static Failover window(List<Event> events, String what, long from, long to, String vip) {
        String first = null;
        String last = null;
        int failed = 0;
        double outage = 0;
        Long lastOk = null;
        Long failingSince = null;
        for (Event e : events) {
            if (!Requests.isFor(e, vip)) {
                continue;
            }
            if (e.timeMicros() < from) {
                if (Requests.ok(e)) {
                    lastOk = e.timeMicros();
                    first = Requests.detail(e);
                }
                continue;
            }
            if (e.timeMicros() > to) {
                break;
            }
            if (Requests.ok(e)) {
                if (failingSince != null) {
                    outage += (e.timeMicros() - failingSince) / 1000.0;
                    failingSince = null;
                }
                lastOk = e.timeMicros();
                if (first == null) {
                    first = Requests.detail(e);
                }
                last = Requests.detail(e);
            } else {
                failed++;
                if (failingSince == null) {
                    failingSince = lastOk != null ? lastOk : e.timeMicros();
                }
            }
        }
        if (failingSince != null) {
            outage += (to - failingSince) / 1000.0;
        }
        return new Failover(what, from, first, last, outage, failed, Map.of());
    }

    /** How many times the node serving the VIP changed between {@code from} and {@code to}. */
    public static int servingChanges(List<Event> events, long from, long to, String vip) {
        String serving = null;
        int changes = 0;
        for (Event e : events) {
            if (!Requests.isFor(e, vip) || !Requests.ok(e) || e.timeMicros() > to) {
                continue;
            }
            String by = Requests.detail(e);
            if (e.timeMicros() >= from && serving != null && !serving.equals(by)) {
                changes++;
            }
            serving = by;
        }
        return changes;
    }

    private static Event find(List<Event> events, long from, Predicate<Event> p) {
        for (Event e : events) {
            if (e.timeMicros() >= from && p.test(e)) {
                return e;
            }
        }
        return null;
    }

    private static Event mark(List<Event> events, long from, Mark.Name name, String about) {
        Event e = find(events, from, x -> x.what() instanceof Mark m && m.is(name, about));
        if (e == null) {
            throw new IllegalArgumentException("the History has no mark " + name.text() + " from " + from + " on: the rollout did not run to its end");
        }
        return e;
    }

    private static Event mark(List<Event> events, long from, String about, Mark.Name... names) {
        Event e = find(events, from, x -> x.what() instanceof Mark m && java.util.Arrays.stream(names).anyMatch(n -> m.is(n, about)));
        if (e == null) {
            throw new IllegalArgumentException("the History has no mark " + names[0].text() + " about " + about + ": the rollout did not run to its end");
        }
        return e;
    }
}
