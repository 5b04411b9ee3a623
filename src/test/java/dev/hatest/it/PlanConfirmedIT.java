package dev.hatest.it;

import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.junit.Fault;
import dev.hatest.harness.junit.HaCluster;
import dev.hatest.harness.junit.Takeover;
import dev.hatest.harness.plan.HaPlan;
import dev.hatest.harness.scenario.FaultPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hatest.harness.junit.HaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 34: hatest plan's predictions, proved in containers. On three configs (the seed pair, three seed
 * nodes, and the seed pair with a check weight too small to move the VIP) the plan says who holds the VIP
 * after nginx dies on the master, and with what bound; {@code chaos}'s step on the running cluster finds the
 * same master, within that bound, or (the broken weight) finds that nothing moved and nothing served the VIP,
 * as the plan warned.
 */
class PlanConfirmedIT {

    @Test
    void theSeedPairTakesOverToThePlannedMasterWithinThePlannedBound() {
        try (HaCluster ha = HaCluster.seedPair()) {
            ha.start();
            confirm(ha, HaPlan.of(ha.topology()));
        }
    }

    @Test
    void threeSeedNodesTakeOverToThePlannedMaster() {
        try (HaCluster ha = HaCluster.seedPair().withNodes(3)) {
            ha.start();
            HaPlan plan = HaPlan.of(ha.topology());
            assertThat(plan.whatIf().get(0).master()).isEqualTo("lb02");  // 100 beats lb03's 99 and lb01's 96
            confirm(ha, plan);
        }
    }

    @Test
    void aWeightTooSmallLeavesTheVipWhereThePlanSaidAndThePlanCalledItAnError(@TempDir Path dir) throws Exception {
        for (String[] n : new String[][]{{"lb01", "keepalived-master.conf"}, {"lb02", "keepalived-backup.conf"}}) {
            Path d = Files.createDirectories(dir.resolve(n[0]));
            // lb01 at 101 loses 1 with nginx dead: 100, a tie with lb02, which keeps the master where it is
            Files.writeString(d.resolve("keepalived.conf"), SeedTopology.resource(n[1]).replace("weight -5", "weight -1"));
            Files.writeString(d.resolve("check_ng.sh"), SeedTopology.resource("check_ng.sh"));
        }
        try (HaCluster ha = new HaCluster().withConfigDir(dir)) {
            ha.start();
            HaPlan plan = HaPlan.of(ha.topology());
            assertThat(plan.hasErrors()).isTrue();
            HaPlan.Row row = plan.whatIf().get(0);
            assertThat(row.outcome()).isEqualTo(FaultPlan.Outcome.NO_TAKEOVER);
            assertThat(row.master()).isEqualTo("lb01");

            Takeover t = ha.inject(Fault.kill(Fault.Process.NGINX).onMaster().expect(Fault.Outcome.NO_TAKEOVER));

            // nothing moved: the VIP stays on lb01, whose daemon is alive and whose nginx is dead...
            assertThat(t.to()).isNull();
            assertThat(ha.master()).isEqualTo("lb01");
            // ...so nothing served it, as the plan's "(dead)" said: the no-takeover verdict, which wants it served, fails
            assertThat(t.verdict("no takeover")).hasValueSatisfying(v -> assertThat(v.passed()).as("%s", v).isFalse());
        }
    }

    /** nginx killed on the master: the node the plan named takes over, within the plan's bound (chaos's own). */
    private static void confirm(HaCluster ha, HaPlan plan) {
        HaPlan.Row row = plan.whatIf().get(0);
        assertThat(row.failure()).isEqualTo(dev.hatest.harness.plan.HaPlan.Failure.NGINX_DEAD);
        assertThat(row.node()).isEqualTo(ha.master());

        Takeover t = ha.inject(Fault.kill(Fault.Process.NGINX).onMaster());

        assertThat(t).passed().tookOverTo(row.master());
        assertThat(t.boundMs()).as("chaos judged it by the plan's bound").isEqualTo(row.boundMs());
        System.out.printf("FIGURE plan %s: %s predicted, %s took over in %.0f ms (bound %.0f ms)%n", ha.topology().nodes().size() + " nodes",
                row.master(), t.to(), t.outageMs(), row.boundMs());
    }
}
