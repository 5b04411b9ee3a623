package dev.hatest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The packages are the architecture (../shared/ARCHITECTURE.md); these rules keep the boundaries. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hatest");

    @Test
    void theDaemonKnowsNothingOfTheHarnessOrTheCli() {
        noClasses().that().resideInAPackage("dev.hatest.vrrp..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hatest.harness..", "dev.hatest.cli..",
                        "org.testcontainers..", "picocli..", "com.fasterxml..", "org.slf4j..")
                .check(CLASSES);
    }

    @Test
    void theCodecDependsOnNothingElse() {
        noClasses().that().resideInAPackage("dev.hatest.vrrp.packet..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hatest.vrrp.fsm..", "dev.hatest.vrrp.config..",
                        "dev.hatest.vrrp.track..", "dev.hatest.vrrp.io..", "com.sun.jna..")
                .check(CLASSES);
    }

    @Test
    void theStateMachineDoesNoIo() {
        noClasses().that().resideInAPackage("dev.hatest.vrrp.fsm..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hatest.vrrp.io..", "dev.hatest.vrrp.config..",
                        "java.io..", "java.nio..", "java.net.http..", "com.sun.jna..")
                .check(CLASSES);
    }

    @Test
    void theConfigParserAndTrackingDoNoNetworkIo() {
        noClasses().that().resideInAnyPackage("dev.hatest.vrrp.config..", "dev.hatest.vrrp.track..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hatest.vrrp.io..", "dev.hatest.vrrp.fsm..")
                .check(CLASSES);
    }

    @Test
    void theHarnessDoesNotReachIntoTheCli() {
        noClasses().that().resideInAPackage("dev.hatest.harness..")
                .should().dependOnClassesThat().resideInAPackage("dev.hatest.cli..")
                .check(CLASSES);
    }

    @Test
    void checkersReportersAndHistoryTouchNoContainers() {
        noClasses().that().resideInAnyPackage("dev.hatest.harness.check..", "dev.hatest.harness.report..",
                        "dev.hatest.harness.history..")
                .should().dependOnClassesThat().resideInAnyPackage("org.testcontainers..", "com.github.dockerjava..",
                        "dev.hatest.harness.cluster..", "dev.hatest.harness.nemesis..")
                .check(CLASSES);
    }

    /** hatest plan answers from the configs alone: its model never talks to an engine. */
    @Test
    void thePlanTouchesNoEngine() {
        noClasses().that().resideInAPackage("dev.hatest.harness.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.testcontainers..", "com.github.dockerjava..",
                        "dev.hatest.harness.nemesis..", "dev.hatest.harness.probe..")
                .check(CLASSES);
    }

    /** JUnit and AssertJ are the library's (dev.hatest.harness.junit) alone: the daemon, the CLI and the rest of the harness run without them. */
    @Test
    void onlyTheLibraryPackageDependsOnJunit() {
        noClasses().that().resideOutsideOfPackage("dev.hatest.harness.junit..")
                .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.opentest4j..", "org.assertj..")
                .check(CLASSES);
    }

    /**
     * Record, then judge: the executor runs the faults and records the History; the analysis
     * ({@code StepAnalysis}, {@code RunAnalysis}) composes the checkers. The executor calls no checker itself.
     */
    @Test
    void theExecutorJudgesNothingItself() {
        noClasses().that().haveFullyQualifiedName("dev.hatest.harness.scenario.ChaosRun")
                .or().haveFullyQualifiedName("dev.hatest.harness.scenario.ChaosRun$Session")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Checker")
                .check(CLASSES);
    }

    /** Checkers and the analysis are pure functions of the History and the spec: they depend on nothing else. */
    @Test
    void checkersDependOnlyOnTheHistory() {
        classes().that().resideInAPackage("dev.hatest.harness.check..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.hatest.harness.check..", "dev.hatest.harness.history..", "java..")
                .check(CLASSES);
        classes().that().resideInAPackage("dev.hatest.harness.history..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.hatest.harness.history..", "java..")
                .check(CLASSES);
    }

    /**
     * Observations are typed at their edge: the log observer, the nemesis and the executor make them; nobody reads
     * an event's text back, except the saved run's reader ({@code JsonReport}, through {@code Event.saved}) and the
     * reports that show it. Checkers, the analysis, the executor, rollout and the bench switch over the types.
     */
    @Test
    void nothingJudgesAnEventByItsText() {
        noClasses().that().resideInAnyPackage("dev.hatest.harness.check..", "dev.hatest.harness.scenario..", "dev.hatest.harness.bench..",
                        "dev.hatest.harness.junit..", "dev.hatest.harness.nemesis..", "dev.hatest.harness.cluster..", "dev.hatest.harness.probe..")
                .should().callMethod(dev.hatest.harness.history.Event.class, "kind")
                .orShould().callMethod(dev.hatest.harness.history.Event.class, "value")
                .orShould().callMethod(dev.hatest.harness.history.Event.class, "saved", long.class, String.class, String.class, String.class)
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackage("dev.hatest.harness.history..")
                .and().doNotHaveFullyQualifiedName("dev.hatest.harness.report.JsonReport")
                .should().callMethod(dev.hatest.harness.history.Event.class, "saved", long.class, String.class, String.class, String.class)
                .check(CLASSES);
    }

    /**
     * One config model: a node's keepalived.conf is parsed by its {@code NodeConfig}, once, and the election, the
     * bounds, the plan and the analysis's facts read that. Two edges read a user's file under its own name, so
     * that their errors point into it: the config-dir loader, and rollout's config test of a staged file.
     */
    @Test
    void onlyTheModelParsesAConfig() {
        noClasses().that().resideInAnyPackage("dev.hatest.harness..", "dev.hatest.cli..")
                .and().doNotHaveFullyQualifiedName("dev.hatest.harness.cluster.NodeConfig")
                .and().doNotHaveFullyQualifiedName("dev.hatest.harness.cluster.ConfigDirTopology")
                .and().doNotHaveFullyQualifiedName("dev.hatest.harness.scenario.Rollout")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("ConfigParser.parse",
                        (com.tngtech.archunit.core.domain.JavaMethodCall c) -> c.getTargetOwner().getFullName()
                                .equals("dev.hatest.vrrp.config.ConfigParser") && c.getName().startsWith("parse")))
                .check(CLASSES);
    }
}
