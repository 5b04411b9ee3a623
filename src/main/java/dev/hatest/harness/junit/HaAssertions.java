package dev.hatest.harness.junit;

import dev.hatest.harness.check.Verdict;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Fluent assertions on a {@link Takeover}, in the style of AssertJ, without depending on it. Each failure is
 * an {@link AssertionError} that gives the measured value, the bound, and the run's verdicts.
 *
 * <pre>{@code
 * assertThat(ha.inject(Fault.kill("nginx").onMaster()))
 *         .tookOverTo("lb02").withOutageUnder(Duration.ofSeconds(8)).withoutSplitBrain();
 * }</pre>
 */
public final class HaAssertions {

    private HaAssertions() {
    }

    public static TakeoverAssert assertThat(Takeover actual) {
        return new TakeoverAssert(actual);
    }

    /** Assertions on one {@link Takeover}; each returns this, to chain. */
    public static final class TakeoverAssert {
        private final Takeover t;

        TakeoverAssert(Takeover t) {
            if (t == null) {
                throw new AssertionError("expected a takeover, but it was null");
            }
            this.t = t;
        }

        /** Every verdict passed: the outcome the fault implies, within the bounds hatest derived. */
        public TakeoverAssert passed() {
            if (!t.passed()) {
                fail("every verdict to pass, but " + t.verdicts().stream().filter(v -> !v.passed()).map(TakeoverAssert::describe)
                        .collect(Collectors.joining("; ")) + " failed");
            }
            return this;
        }

        /** Another node took the VIP over, and served it. */
        public TakeoverAssert tookOver() {
            if (t.to() == null || t.to().equals(t.from())) {
                fail("the VIP to move away from " + t.from() + ", but " + (t.to() == null ? "no node took it over" : "it stayed"));
            }
            return this;
        }

        /** {@code node} took the VIP over, and served it. */
        public TakeoverAssert tookOverTo(String node) {
            if (!node.equals(t.to())) {
                fail("the VIP to move from " + t.from() + " to " + node + ", but " + (t.to() == null ? "no node took it over"
                        : "it moved to " + t.to() + String.format(" (outage %.0f ms)", t.outageMs())));
            }
            return this;
        }

        /** Nothing moved: the master kept the VIP. */
        public TakeoverAssert noTakeover() {
            if (t.to() != null && !t.to().equals(t.from())) {
                fail("the VIP to stay on " + t.from() + ", but it moved to " + t.to() + String.format(" (outage %.0f ms)", t.outageMs()));
            }
            return this;
        }

        /** The client-observed outage was under {@code bound} (strictly). */
        public TakeoverAssert withOutageUnder(Duration bound) {
            double ms = t.outageMs();
            if (!(ms < bound.toNanos() / 1e6)) {
                fail(String.format("an outage under %s, but the client saw %.0f ms (measured) against the bound of %d ms%s", bound, ms,
                        bound.toMillis(), t.steps().isEmpty() ? "" : "; steps after the fault: " + steps()));
            }
            return this;
        }

        /** At most {@code n} of the client's requests failed. */
        public TakeoverAssert withFailedRequestsAtMost(int n) {
            if (t.failedRequests() > n) {
                fail("at most " + n + " failed requests, but " + t.failedRequests() + " failed (measured)");
            }
            return this;
        }

        /** Two live masters never held the VIP at once for longer than the bound hatest derived (a stale VIP is not a master). */
        public TakeoverAssert withoutSplitBrain() {
            Verdict v = t.verdict("single master").orElse(null);
            if (v == null) {
                fail("a judged single-master verdict, but this fault's outcome has none (a split brain was the expected outcome)");
            } else if (!v.passed()) {
                fail("no split brain, but " + describe(v));
            }
            return this;
        }

        /** The named verdict (e.g. "arp moved", "failback") passed. */
        public TakeoverAssert withVerdictPassed(String name) {
            Verdict v = t.verdict(name).orElse(null);
            if (v == null) {
                fail("a verdict named '" + name + "', but there are only " + t.verdicts().stream().map(Verdict::name).toList());
            } else if (!v.passed()) {
                fail("'" + name + "' to pass, but " + describe(v));
            }
            return this;
        }

        private String steps() {
            return t.steps().entrySet().stream().map(e -> String.format("%s %.0f ms", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        private static String describe(Verdict v) {
            return v.name() + " measured " + v.measured() + ", bound " + v.bound() + (v.detail() == null || v.detail().isEmpty() ? ""
                    : " (" + v.detail() + ")");
        }

        private void fail(String expected) {
            throw new AssertionError("[" + t.fault() + "] expected " + expected + "\n" + t);
        }
    }
}
