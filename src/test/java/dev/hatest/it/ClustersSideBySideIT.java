package dev.hatest.it;

import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Kinds;
import dev.hatest.harness.junit.Fault;
import dev.hatest.harness.junit.HaCluster;
import dev.hatest.harness.junit.Takeover;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.hatest.harness.junit.HaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 36: two copies of the same pair (same VRID 51, same PASS password, same addresses asked for) start at
 * once on one engine with no subnet given. Each gets a network of its own: the second finds the first's subnet
 * taken and moves onto a free one, every address with it. A fault in one is not seen by the other: each test
 * LAN is an isolated bridge, so identical VRRP routers never meet. A chosen subnet that is taken is an error
 * that says so, and nothing is left of the cluster that could not start.
 */
class ClustersSideBySideIT {

    @Test
    void twoIdenticalPairsRunSideBySideOnSubnetsOfTheirOwnAndAFaultInOneLeavesTheOtherAlone() throws Exception {
        try (HaCluster a = HaCluster.seedPair(); HaCluster b = HaCluster.seedPair()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> fa = pool.submit(a::start);
                Future<?> fb = pool.submit(b::start);
                fa.get();
                fb.get();
            } finally {
                pool.shutdownNow();
            }
            Topology ta = a.topology();
            Topology tb = b.topology();
            org.assertj.core.api.Assertions.assertThat(ta.subnet()).isNotEqualTo(tb.subnet());
            org.assertj.core.api.Assertions.assertThat(a.vip()).isNotEqualTo(b.vip());
            // each moved as a whole: its nodes, VIP and client on its own subnet, its configs naming its own VIP
            for (Topology t : List.of(ta, tb)) {
                String prefix = t.subnet().substring(0, t.subnet().lastIndexOf('.') + 1);
                org.assertj.core.api.Assertions.assertThat(t.nodes()).allSatisfy(n -> {
                    org.assertj.core.api.Assertions.assertThat(n.address()).startsWith(prefix);
                    org.assertj.core.api.Assertions.assertThat(n.files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG)).contains(t.vip());
                });
                org.assertj.core.api.Assertions.assertThat(t.vip()).startsWith(prefix);
                org.assertj.core.api.Assertions.assertThat(t.clientAddress()).startsWith(prefix);
            }
            org.assertj.core.api.Assertions.assertThat(a.master()).isEqualTo("lb01");
            org.assertj.core.api.Assertions.assertThat(b.master()).isEqualTo("lb01");
            long steady = History.nowMicros();

            Takeover t = a.inject(Fault.kill(Fault.Process.NGINX).onMaster());

            assertThat(t).passed().tookOverTo("lb02").withoutSplitBrain();
            // b saw none of it: no state change, no advert but its own master's, every request served by its lb01
            List<Event> events = b.history().events().stream().filter(e -> e.timeMicros() > steady).toList();
            org.assertj.core.api.Assertions.assertThat(events).noneMatch(e -> e.kind().equals(Kinds.STATE));
            org.assertj.core.api.Assertions.assertThat(events).filteredOn(e -> e.kind().equals(Kinds.ADVERT)).isNotEmpty()
                    .allMatch(e -> e.source().equals("lb01"));
            org.assertj.core.api.Assertions.assertThat(b.master()).isEqualTo("lb01");
            org.assertj.core.api.Assertions.assertThat(a.master()).isEqualTo("lb02");

            // a subnet chosen (pinned) that another cluster holds is refused, in one line that says which and why
            try (HaCluster c = HaCluster.seedPair().withSubnet(ta.subnet())) {
                assertThatThrownBy(c::start).hasMessageContaining("the test subnet " + ta.subnet() + " is taken by another network on this engine")
                        .hasMessageContaining("leave the subnet out");
            }
        }
    }

    /**
     * `hatest up` with no subnet while another cluster holds the default one: the kept cluster moves, converges on
     * its own VIP (it once waited on the VIP it had asked for, and never converged), and says where it runs.
     */
    @Test
    @org.junit.jupiter.api.parallel.ResourceLock(Scenario.KEPT_CLUSTERS)
    void upBesideAnotherClusterMovesAndConvergesOnItsOwnVip() throws Exception {
        try (HaCluster a = HaCluster.seedPair()) {
            a.start();
            InProcessCli cli = new InProcessCli();
            try {
                int exit = cli.run("up", "-q");
                org.assertj.core.api.Assertions.assertThat(exit).as(cli.both()).isZero();
                org.assertj.core.api.Assertions.assertThat(cli.out()).contains("Converged").doesNotContain("VIP " + a.vip() + ":");
                dev.hatest.harness.cluster.Cluster.Kept kept = dev.hatest.harness.cluster.Cluster.keptClusters().stream()
                        .filter(k -> !k.topology().subnet().equals(a.topology().subnet())).findFirst().orElseThrow();
                org.assertj.core.api.Assertions.assertThat(cli.out()).contains("VIP " + kept.topology().vip() + ": held by lb01");
            } finally {
                org.assertj.core.api.Assertions.assertThat(cli.run("down")).isZero();
            }
        }
    }
}
