package dev.hatest.harness.scenario;

import dev.hatest.harness.check.ArpChecker;
import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.SingleMasterChecker;
import dev.hatest.harness.check.TakeoverChecker;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.check.VipHolders;
import dev.hatest.harness.check.WinnerChecker;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.history.Requests;
import dev.hatest.harness.nemesis.Nemesis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One chaos run, as {@code hatest chaos} and the integration tests do it: bring the cluster up, wait until
 * it has converged on the expected master, inject the fault into the master, wait for the outcome, heal if
 * asked, and check. Every wait is on a condition over the History, with a stated timeout.
 */
public final class ChaosRun {

    /** Converged: one VIP holder, and the client's last {@value} requests all served by it. */
    public static final int STEADY_REQUESTS = 10;

    public record Options(Topology topology, String expectedMaster, Function<String, Nemesis> fault,
                          OutageBound bound, OutageBound dualMasterBound, Duration healAfter, Path probeJar,
                          Consumer<String> progress) {
    }

    public record Result(boolean passed, List<Verdict> verdicts, List<Failover> failovers, History history,
                         OutageBound bound) {

        /** The run's events up to the teardown: what happened while the cluster was under test. */
        public List<Event> events() {
            List<Event> out = new ArrayList<>();
            for (Event e : history.events()) {
                out.add(e);
                if (e.kind().equals(Kinds.PHASE) && e.value().equals("teardown")) {
                    break;
                }
            }
            return out;
        }
    }

    private ChaosRun() {
    }

    public static Result run(Options o) throws InterruptedException {
        History history = new History();
        List<Verdict> verdicts = new ArrayList<>();
        List<Failover> failovers = new ArrayList<>();
        String vip = o.topology().vip();
        long started = System.nanoTime();
        try (Cluster cluster = new Cluster(o.topology(), history)) {
            o.progress().accept("starting " + o.topology().nodes().size() + " nodes and a client on " + o.topology().subnet());
            cluster.start(o.probeJar());
            o.progress().accept("waiting for the cluster to converge on " + o.expectedMaster());
            boolean converged = history.await(servedSteadilyBy(vip, o.expectedMaster()), Duration.ofSeconds(60));
            long now = History.nowMicros();
            verdicts.add(WinnerChecker.verdict(history.events(), vip, o.expectedMaster(), now));
            if (!converged) {
                return new Result(false, verdicts, failovers, history, o.bound());
            }
            history.add("harness", Kinds.PHASE, "converged on " + o.expectedMaster());
            long steadyFrom = now;
            Nemesis fault = o.fault().apply(o.expectedMaster());
            o.progress().accept("injecting: " + fault.describe());
            fault.invoke(cluster);
            Event faultEvent = history.last(Kinds.FAULT).orElseThrow();
            Duration outcomeTimeout = Duration.ofMillis((long) o.bound().millis() + 30_000);
            boolean movedAway = history.await(servedSteadilyByOtherThan(vip, o.expectedMaster()), outcomeTimeout);
            long afterFailover = History.nowMicros();
            Failover f = TakeoverChecker.failover(history.events(), faultEvent, vip, afterFailover);
            failovers.add(f);
            verdicts.add(TakeoverChecker.verdict(f, o.expectedMaster(), o.bound().millis()));
            if (movedAway && f.to() != null) {
                long settled = History.nowMicros();
                verdicts.add(WinnerChecker.verdict(history.events(), vip, f.to(), settled));
                Double transition = f.steps().get(Failover.NEW_MASTER);
                if (transition != null) {
                    // The new master's GARPs go out with its transition: 1 s covers delivery and the logs.
                    String mac = cluster.node(f.to()).macAddress();
                    long from = f.faultAtMicros() + (long) (transition * 1000);
                    verdicts.add(ArpChecker.verdict(ArpChecker.movedAfter(history.events(), vip, mac, from, settled),
                            f.to(), mac, OutageBound.ARP_MOVE_MS, "GARPs leave with the transition"));
                }
            }
            String instance = OutageBound.instanceFor(o.topology().node(o.expectedMaster()).files().get(SeedTopology.CONFIG), vip);
            verdicts.add(SingleMasterChecker.verdict(SingleMasterChecker.measure(history.events(), vip, instance, steadyFrom,
                    History.nowMicros()), o.dualMasterBound().millis()));
            if (o.healAfter() != null) {
                // The schedule says heal after this long; nothing to wait for but the clock.
                history.await(events -> false, o.healAfter());
                o.progress().accept("healing: " + fault.describe());
                fault.recover(cluster);
                Event heal = history.last(Kinds.HEAL).orElseThrow();
                boolean back = history.await(servedSteadilyBy(vip, o.expectedMaster()), outcomeTimeout);
                Failover fb = TakeoverChecker.failover(history.events(), heal, vip, History.nowMicros());
                failovers.add(fb);
                verdicts.add(Verdict.of("failback", back, "served by " + fb.to(), "back to " + o.expectedMaster()
                        + " (preempt)", String.format("failback outage %.0f ms", fb.outageMs())));
            }
            o.progress().accept(String.format("done in %.1f s; removing the cluster", (System.nanoTime() - started) / 1e9));
            history.add("harness", Kinds.PHASE, "teardown");
        }
        boolean passed = verdicts.stream().allMatch(Verdict::passed);
        return new Result(passed, verdicts, failovers, history, o.bound());
    }

    /**
     * One live holder of the VIP, {@code node} (a dead daemon's stale VIP doesn't count), and the client's
     * last requests all served by it.
     */
    public static java.util.function.Predicate<List<Event>> servedSteadilyBy(String vip, String node) {
        return events -> {
            if (!VipHolders.live(events, vip, History.nowMicros()).equals(Set.of(node))) {
                return false;
            }
            List<Event> last = lastClientResults(events, vip);
            return last.size() == STEADY_REQUESTS && last.stream().allMatch(e -> Requests.servedBy(e, vip, node));
        };
    }

    /** One live holder of the VIP other than {@code node}, and the client's last requests all served by it. */
    public static java.util.function.Predicate<List<Event>> servedSteadilyByOtherThan(String vip, String node) {
        return events -> {
            Set<String> holders = VipHolders.live(events, vip, History.nowMicros());
            if (holders.size() != 1 || holders.contains(node)) {
                return false;
            }
            String other = holders.iterator().next();
            List<Event> last = lastClientResults(events, vip);
            return last.size() == STEADY_REQUESTS && last.stream().allMatch(e -> Requests.servedBy(e, vip, other));
        };
    }

    private static List<Event> lastClientResults(List<Event> events, String vip) {
        List<Event> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && out.size() < STEADY_REQUESTS; i--) {
            Event e = events.get(i);
            if (Requests.isFor(e, vip)) {
                out.add(e);
            }
        }
        return out;
    }
}
