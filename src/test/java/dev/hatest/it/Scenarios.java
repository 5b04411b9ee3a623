package dev.hatest.it;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.History;
import dev.hatest.harness.scenario.ChaosRun;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The "given" part shared by the scenario tests: a started cluster that has converged on a master. */
final class Scenarios {

    /**
     * Startup election: both nodes start as BACKUP, so the master is chosen within one Master_Down_Interval
     * (3.6 s for the seed) plus container and JVM start; 60 s is a generous bound for a loaded 2-core CI.
     */
    static final Duration CONVERGE = Duration.ofSeconds(60);

    private Scenarios() {
    }

    static Cluster startedAndConvergedOn(Topology topology, String master) throws InterruptedException {
        Cluster cluster = new Cluster(topology, new History());
        try {
            cluster.start(ProbeJar.locate());
            boolean converged = cluster.history().await(ChaosRun.servedSteadilyBy(topology.vip(), master), CONVERGE);
            assertThat(converged).as("converged on %s within %s", master, CONVERGE).isTrue();
            return cluster;
        } catch (RuntimeException | AssertionError | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }
}
