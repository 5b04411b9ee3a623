package dev.hatest.harness.junit;

import dev.hatest.harness.check.Verdict;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * AssertJ assertions on a {@link Takeover}: {@code as()}, soft assertions and chaining work as on any AssertJ
 * assertion (AssertJ comes from the consumer's own test dependencies). Each failure gives the measured value, the
 * bound and the run's verdicts. None passes on nothing: a run that could not be judged fails every assertion,
 * and an outage assertion on a fault that took nothing over fails and says so.
 *
 * <pre>{@code
 * assertThat(ha.inject(Fault.kill(Process.NGINX).onMaster()))
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
    public static final class TakeoverAssert extends AbstractAssert<TakeoverAssert, Takeover> {

        TakeoverAssert(Takeover actual) {
            super(actual, TakeoverAssert.class);
        }

        /** Every verdict passed: the outcome the fault implies, within the bounds hatest derived. */
        public TakeoverAssert passed() {
            judged();
            if (!actual.passed()) {
                fail("every verdict to pass, but " + actual.verdicts().stream().filter(v -> !v.passed()).map(TakeoverAssert::describe)
                        .collect(Collectors.joining("; ")) + " failed");
            }
            return this;
        }

        /** Another node took the VIP over, and served it. */
        public TakeoverAssert tookOver() {
            judged();
            if (!moved()) {
                fail("the VIP to move away from " + actual.from() + ", but " + (actual.to() == null ? "no node took it over" : "it stayed"));
            }
            return this;
        }

        /** {@code node} took the VIP over, and served it. */
        public TakeoverAssert tookOverTo(String node) {
            judged();
            if (!node.equals(actual.to()) || !moved()) {
                fail("the VIP to move from " + actual.from() + " to " + node + ", but " + (!moved() ? "no node took it over"
                        : "it moved to " + actual.to() + String.format(Locale.ROOT, " (outage %.0f ms)", actual.outageMs())));
            }
            return this;
        }

        /** Nothing moved: the master kept the VIP. */
        public TakeoverAssert noTakeover() {
            judged();
            if (moved()) {
                fail("the VIP to stay on " + actual.from() + ", but it moved to " + actual.to()
                        + String.format(Locale.ROOT, " (outage %.0f ms)", actual.outageMs()));
            }
            return this;
        }

        /**
         * The VIP moved and the client-observed outage was under {@code bound} (strictly). A fault that took
         * nothing over has no outage to hold to a bound: that fails, whatever the bound.
         */
        public TakeoverAssert withOutageUnder(Duration bound) {
            aTakeover("an outage under " + bound);
            double ms = actual.outageMs();
            if (!(ms < bound.toNanos() / 1e6)) {
                fail(String.format(Locale.ROOT, "an outage under %s, but the client saw %.0f ms (measured) against the bound of %d ms%s", bound,
                        ms, bound.toMillis(), actual.steps().isEmpty() ? "" : "; steps after the fault: " + steps()));
            }
            return this;
        }

        /** At most {@code n} of the client's requests failed. */
        public TakeoverAssert withFailedRequestsAtMost(int n) {
            judged();
            if (actual.failedRequests() > n) {
                fail("at most " + n + " failed requests, but " + actual.failedRequests() + " failed (measured)");
            }
            return this;
        }

        /** Two live masters never held the VIP at once for longer than the bound hatest derived (a stale VIP is not a master). */
        public TakeoverAssert withoutSplitBrain() {
            judged();
            Verdict v = actual.verdict("single-master").orElse(null);
            if (v == null) {
                fail("a judged single-master verdict, but this fault's outcome has none (" + outcome() + ")");
            } else if (!v.passed()) {
                fail("no split brain, but " + describe(v));
            }
            return this;
        }

        /** The verdict named so, or with that id (e.g. "arp moved", "failback", "single-master"), passed. */
        public TakeoverAssert withVerdictPassed(String name) {
            judged();
            Verdict v = actual.verdict(name).orElse(null);
            if (v == null) {
                fail("a verdict named '" + name + "', but there are only " + actual.verdicts().stream().map(Verdict::name).toList());
            } else if (!v.passed()) {
                fail("'" + name + "' to pass, but " + describe(v));
            }
            return this;
        }

        /** Fails unless the run could be judged: an unknown verdict says nothing about the pair, so nothing passes on it. */
        private void judged() {
            isNotNull();
            actual.couldNotJudge().ifPresent(why -> fail("a judged run, but it could not be judged: " + why));
        }

        /** Fails unless the fault had to move the VIP and it did: there is an outage to measure. */
        private void aTakeover(String expected) {
            judged();
            if (actual.expectedOutcome() != Fault.Outcome.TAKEOVER) {
                fail(expected + ", but there is no takeover to measure: this fault's outcome is " + outcome());
            }
            if (!moved()) {
                fail(expected + ", but no takeover was seen: the VIP " + (actual.to() == null ? "found no new master" : "stayed on " + actual.from())
                        + actual.verdict("takeover").map(v -> " (" + describe(v) + ")").orElse(""));
            }
        }

        private boolean moved() {
            return actual.to() != null && !actual.to().equals(actual.from());
        }

        private String outcome() {
            Fault.Outcome o = actual.expectedOutcome();
            return o == null ? "none: it was never injected" : o.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        private String steps() {
            return actual.steps().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        private static String describe(Verdict v) {
            return v.name() + " measured " + v.measured() + ", bound " + v.bound() + (v.detail().isEmpty() ? "" : " (" + v.detail() + ")");
        }

        private void fail(String expected) {
            // "%s": the message is the text itself, whatever it holds (a '%' in a detail is not a format)
            failWithMessage("%s", "[" + actual.fault() + "] expected " + expected + "\n" + actual);
        }
    }
}
