package dev.hatest.harness.cluster;

/**
 * What the client sends through the probed VIP beside its probe, as the pair's users would (see
 * {@code LoadClient}): requests at a fixed arrival rate over keep-alive connections, and long downloads in
 * flight; and what those users tolerate during a takeover, which the load's verdicts hold each step to.
 *
 * @param rate      requests per second, from 1 to 1000
 * @param timeoutMs how long a user waits for a request from when it was due before giving up (default 1000)
 * @param downloads how many long downloads ({@code /download}, about 8 s each) are kept in flight, 0 to 8
 * @param maxFailed the most failed requests a takeover may cost, or null for the bound the protocol gives (the
 *                  requests due while the outage bound runs, and those given up in the timeout after it)
 * @param maxCut    the most responses that may be cut mid-way in a step, or null for no such verdict
 */
public record Load(double rate, int timeoutMs, int downloads, Integer maxFailed, Integer maxCut) {

    public static final int DEFAULT_TIMEOUT_MS = 1000;
    /**
     * The file in the client container whose creation starts the load: the executor creates it once the cluster has
     * converged, so no connection is opened to a node that is master only for the start's moment.
     */
    public static final String GO_FILE = "/run/hatest-load-go";
    /** The most requests that may be in flight at once (rate x timeout): one connection each, in the client container. */
    public static final int MAX_IN_FLIGHT = 500;

    /** A value of a load that can't be: which one, named as the command line and a scenario file name it, and why. */
    public static final class Invalid extends IllegalArgumentException {

        /** The load's values: the command line's option and the scenario file's key for each. */
        public enum Field {
            RATE("--load", "rate"), TIMEOUT("--load-timeout", "timeout"), DOWNLOADS("--load-downloads", "downloads"),
            MAX_FAILED("--load-max-failed", "maxFailed"), MAX_CUT("--load-max-cut", "maxCut");

            public final String option;
            public final String key;

            Field(String option, String key) {
                this.option = option;
                this.key = key;
            }
        }

        private final Field field;
        private final String problem;

        Invalid(Field field, String problem) {
            super(field.option + ": " + problem);
            this.field = field;
            this.problem = problem;
        }

        /** What is wrong, with the value named by its scenario file key: "maxCut: -1 is negative". */
        public String byKey() {
            return field.key + ": " + problem;
        }
    }

    public Load {
        if (!(rate >= 1 && rate <= 1000)) {
            throw new Invalid(Invalid.Field.RATE, rate + " requests per second is not between 1 and 1000");
        }
        if (timeoutMs < 50 || timeoutMs > 60_000) {
            throw new Invalid(Invalid.Field.TIMEOUT, timeoutMs + " ms is not between 50 ms and 60 s");
        }
        if (rate * timeoutMs / 1000.0 > MAX_IN_FLIGHT) {
            throw new Invalid(Invalid.Field.RATE, String.format(java.util.Locale.ROOT, "%s with a timeout of %d ms may keep %.0f requests in "
                    + "flight; the client keeps at most %d connections: lower the rate or the timeout", describe(rate), timeoutMs,
                    rate * timeoutMs / 1000.0, MAX_IN_FLIGHT));
        }
        if (downloads < 0 || downloads > 8) {
            throw new Invalid(Invalid.Field.DOWNLOADS, downloads + " is not between 0 and 8");
        }
        if (maxFailed != null && maxFailed < 0) {
            throw new Invalid(Invalid.Field.MAX_FAILED, maxFailed + " is negative");
        }
        if (maxCut != null && maxCut < 0) {
            throw new Invalid(Invalid.Field.MAX_CUT, maxCut + " is negative");
        }
    }

    /** {@code rate} requests per second with the default timeout, two downloads and derived bounds. */
    public static Load of(double rate) {
        return new Load(rate, DEFAULT_TIMEOUT_MS, 2, null, null);
    }

    public Load withMaxFailed(Integer n) {
        return new Load(rate, timeoutMs, downloads, n, maxCut);
    }

    public Load withMaxCut(Integer n) {
        return new Load(rate, timeoutMs, downloads, maxFailed, n);
    }

    public Load withDownloads(int n) {
        return new Load(rate, timeoutMs, n, maxFailed, maxCut);
    }

    public Load withTimeoutMs(int ms) {
        return new Load(rate, ms, downloads, maxFailed, maxCut);
    }

    /** How reports name it: "200 req/s". */
    public String describe() {
        return describe(rate);
    }

    private static String describe(double rate) {
        return (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " req/s";
    }
}
