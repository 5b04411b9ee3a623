package dev.hatest.harness.check;

import dev.hatest.harness.history.Event;

import java.util.List;
import java.util.Set;

/** The expected node, and only it, holds the VIP at the end; or, when no node is expected, exactly one does. */
public final class WinnerChecker {

    private WinnerChecker() {
    }

    public static Verdict verdict(List<Event> events, String vip, String expected, long at) {
        Set<String> holders = VipHolders.live(events, vip, at);
        Set<String> stale = new java.util.LinkedHashSet<>(VipHolders.at(events, vip, at));
        stale.removeAll(holders);
        boolean passed = expected == null ? holders.size() == 1 : holders.equals(Set.of(expected));
        return Verdict.of("winner", passed, "holders " + holders, expected == null ? "exactly one" : "only " + expected, "who holds " + vip + " after convergence"
                        + (stale.isEmpty() ? "" : "; stale VIP left on " + stale + " (daemon dead)"));
    }
}
