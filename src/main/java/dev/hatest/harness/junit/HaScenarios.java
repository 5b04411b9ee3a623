package dev.hatest.harness.junit;

import dev.hatest.harness.check.Failover;
import dev.hatest.harness.check.RunAnalysis;
import dev.hatest.harness.check.Verdict;
import dev.hatest.harness.cluster.NodeImage;
import dev.hatest.harness.report.HtmlReport;
import dev.hatest.harness.report.JsonReport;
import dev.hatest.harness.report.RunReport;
import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.ChaosRun;
import dev.hatest.harness.scenario.ScenarioFile;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * hatest's YAML scenarios (as {@code hatest run} takes them) as JUnit 5 tests: one container per scenario
 * file, one per step within it, and one test per verdict, named with its figure and bound, so the JUnit
 * report (Surefire's or Failsafe's XML) carries them:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> scenarios() {
 *     return HaScenarios.from(Path.of("src/test/resources/ha/scenarios"));
 * }
 * }</pre>
 *
 * A scenario's cluster starts when JUnit reaches it and is removed after its last step (or the first step
 * that finds no single master to break). A scenario file that is wrong gives one failing test that says
 * {@code file:line: what is wrong}, and the other scenarios still run. Each scenario's report is written as
 * JSON and HTML (the timeline) to {@code target/hatest-reports/}.
 */
public final class HaScenarios {

    private final Path path;
    private final HaCluster.Daemon daemon;
    private final Path reports;

    private HaScenarios(Path path, HaCluster.Daemon daemon, Path reports) {
        this.path = path;
        this.daemon = daemon;
        this.reports = reports;
    }

    /** The scenarios in folder {@code path} (every *.yaml / *.yml, by name), or the one file {@code path}. */
    public static Stream<DynamicNode> from(Path path) {
        return new HaScenarios(path, null, Path.of("target", "hatest-reports")).nodes();
    }

    /** The same, with every scenario on {@code daemon} whatever its topology says. */
    public static Stream<DynamicNode> from(Path path, HaCluster.Daemon daemon) {
        return new HaScenarios(path, Objects.requireNonNull(daemon, "daemon"), Path.of("target", "hatest-reports")).nodes();
    }

    private Stream<DynamicNode> nodes() {
        List<Path> files = ScenarioFile.find(path);  // a missing folder fails the factory itself, at once
        return files.stream().map(this::scenario);
    }

    private DynamicNode scenario(Path file) {
        String title = file.getFileName().toString().replaceAll("\\.ya?ml$", "");
        ChaosPlan plan;
        try {
            ChaosPlan.Overrides o = daemon == null ? ChaosPlan.Overrides.NONE
                    : ChaosPlan.Overrides.NONE.withDaemon(daemon.name().toLowerCase(Locale.ROOT));
            plan = ChaosPlan.of(ScenarioFile.read(file), o);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            return DynamicTest.dynamicTest(title + ": scenario file", file.toUri(), () -> {
                throw new AssertionError(message);
            });
        }
        return DynamicContainer.dynamicContainer(title + " (" + plan.what() + ")", file.toUri(), lazy(new Run(title, plan)));
    }

    /** One scenario's run: its cluster opens when JUnit asks for the first step and closes after the last. */
    private final class Run {
        private final String title;
        private final ChaosPlan plan;
        private final List<Verdict> verdicts = new ArrayList<>();
        private final List<Failover> failovers = new ArrayList<>();
        private final List<String> formulas = new ArrayList<>();
        /** What each step was judged from, so the report written can be judged again ({@code hatest report}). */
        private final List<RunAnalysis.StepRecord> records = new ArrayList<>();
        private ChaosRun.Session session;
        private int next;
        private boolean done;

        Run(String title, ChaosPlan plan) {
            this.title = title;
            this.plan = plan;
        }

        boolean hasNext() {
            return !done && (plan.rollout() != null ? next == 0 : next < plan.steps().size());
        }

        DynamicNode next() {
            if (plan.rollout() != null) {
                next++;
                return DynamicContainer.dynamicContainer("rollout", lazy(this::rollout));
            }
            if (session == null) {
                try {
                    NodeImage.ensure(s -> { });
                    session = ChaosRun.Session.open(plan.options(s -> { }));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (RuntimeException e) {
                    done = true;
                    String message = e.getMessage();
                    return DynamicTest.dynamicTest("cluster: did not start", () -> {
                        throw new AssertionError(message, e);
                    });
                }
                verdicts.addAll(session.startVerdicts());
                if (!session.converged() || !session.startVerdicts().isEmpty()) {
                    List<Verdict> start = session.startVerdicts();
                    if (!session.converged()) {
                        finish();
                    }
                    return DynamicContainer.dynamicContainer("start", start.stream().map(HaScenarios::test));
                }
            }
            int i = next++;
            ChaosPlan.Step s = plan.steps().get(i);
            String name = "step " + (i + 1) + ": " + s.kind().option().substring(2) + (s.arg() == null ? "" : " " + s.arg())
                    + " on " + (s.node() == null ? "master" : s.node());
            return DynamicContainer.dynamicContainer(name, lazy(() -> step(i)));
        }

        /** A scenario with a rollout runs as one: the rollout, then its steps on the new configs (see {@link dev.hatest.harness.scenario.Rollout}). */
        private Stream<DynamicNode> rollout() {
            done = true;
            RunReport report;
            try {
                NodeImage.ensure(s -> { });
                report = plan.run(title, s -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            write(report);
            return report.verdicts().stream().map(HaScenarios::test);
        }

        private Stream<DynamicNode> step(int i) {
            ChaosRun.StepResult r;
            try {
                r = session.step(plan.runStep(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish();
                throw new IllegalStateException("interrupted", e);
            } catch (RuntimeException e) {
                finish();
                throw e;
            }
            String prefix = plan.steps().size() == 1 ? "" : "step " + (i + 1) + " ";
            records.add(r.record(prefix));
            r.verdicts().forEach(v -> verdicts.add(prefix.isEmpty() ? v : v.renamed(prefix + v.name(), v.detail())));
            failovers.addAll(r.failovers());
            if (r.plan() != null) {
                formulas.add(r.plan().bound().formula());
            }
            if (r.plan() == null || r.broken() != null || next >= plan.steps().size()) {
                finish();
            }
            return r.verdicts().stream().map(HaScenarios::test);
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            try {
                write(new RunReport(title + ": " + plan.what(), verdicts.stream().allMatch(Verdict::passed), List.copyOf(verdicts),
                        List.copyOf(failovers), session.history().events(), formulas.isEmpty() ? null
                        : String.join("; ", formulas.stream().distinct().toList()), session.broken().orElse(null),
                        session.broken().isPresent() ? null : new RunAnalysis.Spec(session.topology().vip(), plan.expected(), records)
                                .withLoad(dev.hatest.harness.scenario.ChaosRun.loadSpec(session.topology()))));
            } finally {
                session.close();
            }
        }

        private void write(RunReport report) {
            try {
                Files.createDirectories(reports);
                Files.writeString(reports.resolve(title + ".json"), JsonReport.render(report), StandardCharsets.UTF_8);
                Files.writeString(reports.resolve(title + ".html"), HtmlReport.render(report), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One verdict as a test: its name, figure and bound in the display name; it fails with them and the detail. */
    private static DynamicTest test(Verdict v) {
        String name = v.name() + ": " + v.measured() + (v.bound().text().isEmpty() ? "" : " (bound " + v.bound() + ")");
        return DynamicTest.dynamicTest(name, () -> {
            if (v.unknown()) {
                // not the pair's failure: the run broke, so JUnit reports an error, not a failed assertion
                throw new IllegalStateException(v.name() + ": " + v.detail());
            }
            if (!v.passed()) {
                throw new AssertionError(v.name() + " failed: measured " + v.measured() + ", bound " + v.bound()
                        + (v.detail() == null || v.detail().isEmpty() ? "" : " (" + v.detail() + ")"));
            }
        });
    }

    /** A stream whose elements are made as JUnit reaches them, so each step runs after the one before was reported. */
    private static Stream<DynamicNode> lazy(Supplier<Stream<DynamicNode>> nodes) {
        Iterator<DynamicNode> it = new Iterator<>() {
            private Iterator<DynamicNode> inner;

            @Override
            public boolean hasNext() {
                if (inner == null) {
                    inner = nodes.get().iterator();
                }
                return inner.hasNext();
            }

            @Override
            public DynamicNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return inner.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
    }

    private static Stream<DynamicNode> lazy(Run run) {
        Iterator<DynamicNode> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return run.hasNext();
            }

            @Override
            public DynamicNode next() {
                if (!run.hasNext()) {
                    throw new NoSuchElementException();
                }
                return run.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                .onClose(() -> {
                    if (!run.done && run.session != null) {
                        run.finish();  // JUnit stopped early (a failure or an abort): don't leave the cluster behind
                    }
                });
    }
}
