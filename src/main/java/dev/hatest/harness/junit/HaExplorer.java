package dev.hatest.harness.junit;

import dev.hatest.harness.cluster.ClusterSpec;
import dev.hatest.harness.cluster.Load;
import dev.hatest.harness.cluster.NodeImage;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.explore.Explorer;
import dev.hatest.harness.explore.Schedules;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code hatest explore} from a test: searches fault schedules on fresh clusters of your configs until one fails
 * a verdict or the budget runs out, the configs' predicted failures first, and shrinks what it finds.
 *
 * <pre>{@code
 * Explorer.Result r = HaExplorer.forConfigs(Path.of("src/test/resources/ha")).withBudget(Duration.ofMinutes(5)).withSeed(1).explore();
 * assertThat(r.finding()).as(HaExplorer.describe(r)).isNull();
 * }</pre>
 *
 * Each schedule is judged as {@code hatest chaos} judges it; a finding is one that failed the same verdicts again
 * ({@link Explorer.Finding#reproduced()}), a schedule that never did is {@linkplain Explorer.Result#flaky() flaky}.
 */
public final class HaExplorer {

    private ClusterSpec spec;
    private Duration budget = Duration.ofMinutes(10);
    private Long seed;
    private int maxFaults = 2;
    private int reruns = 1;
    private List<Schedules.Fault> catalogue = Schedules.CATALOGUE;
    private Load load;
    private Consumer<String> progress = s -> { };

    private HaExplorer(ClusterSpec spec) {
        this.spec = spec;
    }

    /** The seed pair. */
    public static HaExplorer seedPair() {
        return new HaExplorer(ClusterSpec.SEED);
    }

    /** Your configs: one folder per node, as {@code --config-dir} and {@link HaCluster#withConfigDir} take them. */
    public static HaExplorer forConfigs(Path dir) {
        return new HaExplorer(ClusterSpec.SEED.withConfigDir(Objects.requireNonNull(dir, "dir")));
    }

    /** The daemon on every node (vrrpd when not told). */
    public HaExplorer withDaemon(HaCluster.Daemon d) {
        spec = spec.withDaemon(d.name().toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    /** How long the search may take in all (default 10 minutes); a run under way is finished. */
    public HaExplorer withBudget(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("budget: " + d + " is not positive");
        }
        budget = d;
        return this;
    }

    /** The seed of the search order, to replay a search (default: a new one, in the result). */
    public HaExplorer withSeed(long s) {
        seed = s;
        return this;
    }

    /** Schedules of one fault, or of one or two (the default). */
    public HaExplorer withMaxFaults(int k) {
        if (k < 1 || k > 2) {
            throw new IllegalArgumentException("maxFaults: " + k + " (1 or 2)");
        }
        maxFaults = k;
        return this;
    }

    /** How many times a finding is run again to count its reproductions (default 1). */
    public HaExplorer withReruns(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("reruns: " + n + " is negative");
        }
        reruns = n;
        return this;
    }

    /** The faults to combine, as {@code --faults} takes them: e.g. {@code "kill:nginx,pause,partition"}. */
    public HaExplorer withFaults(String list) {
        catalogue = Schedules.parse(list);
        return this;
    }

    /** Every schedule under the users' load ({@link HaCluster#withLoad}), judged by its verdicts too. */
    public HaExplorer withLoad(Load l) {
        load = Objects.requireNonNull(l, "load");
        return this;
    }

    /** Where to say what the search is doing; silent by default. */
    public HaExplorer withProgress(Consumer<String> p) {
        progress = Objects.requireNonNull(p, "progress");
        return this;
    }

    /**
     * Runs the search. Every fault and target is checked before any container (a mistake is an
     * {@link IllegalArgumentException}); the images are built first where they are missing.
     */
    public Explorer.Result explore() throws InterruptedException {
        Topology t = spec.topology().withLoad(load);
        String what = spec.describe(t);
        Explorer.check(t, what, catalogue);
        NodeImage.ensure(progress);
        long chosen = seed != null ? seed : new java.util.Random().nextLong();
        return Explorer.explore(new Explorer.Options(t, catalogue, maxFaults, chosen, budget, reruns, progress),
                Explorer.clusters(t, what, progress));
    }

    /** A search's result in a line, for an assertion's message: what it found, or how much it tried. */
    public static String describe(Explorer.Result r) {
        if (r.finding() != null) {
            Explorer.Finding f = r.finding();
            return "found (seed " + r.seed() + "): " + f.minimal().describe() + " fails " + String.join(", ", f.invariant())
                    + " (reproduced " + f.reproduced() + " of " + f.reruns() + ")";
        }
        return (r.nothingJudged() ? "nothing judged" : "nothing found") + " in " + r.tried().size() + " runs (seed " + r.seed() + ")"
                + (r.flaky().isEmpty() ? "" : "; flaky: " + r.flaky().stream().map(f -> f.minimal().describe()).toList());
    }
}
