package dev.hatest.harness.junit;

import dev.hatest.harness.scenario.ChaosPlan;
import dev.hatest.harness.scenario.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Java fault becomes the step {@code hatest chaos} would run for the same options. */
class FaultTest {

    @Test
    void aFaultCarriesEveryOptionIntoItsStep() {
        Fault f = Fault.blockVrrp(Fault.Direction.IN).onBackup().healAfter(Duration.ofSeconds(5)).after(Duration.ofSeconds(1))
                .expect(Fault.Outcome.SPLIT_BRAIN);

        assertThat(f.step()).isEqualTo(new ChaosPlan.Step(FaultPlan.Kind.BLOCK_VRRP, "in", "backup", Duration.ofSeconds(5),
                Duration.ofSeconds(1), FaultPlan.Outcome.SPLIT_BRAIN, null));
        assertThat(f).hasToString("block-vrrp in on backup, healed after PT5S");
    }

    @Test
    void withMethodsLeaveTheOriginalAlone() {
        Fault kill = Fault.kill(Fault.Process.NGINX);
        Fault onLb02 = kill.on("lb02").to("lb01");

        assertThat(kill.step().node()).isNull();
        assertThat(onLb02.step().node()).isEqualTo("lb02");
        assertThat(onLb02.step().to()).isEqualTo("lb01");
    }

    @Test
    void everyOutcomeIsOneTheHarnessKnows() {
        for (Fault.Outcome o : Fault.Outcome.values()) {
            assertThat(Fault.pause().expect(o).step().outcome().name()).isEqualTo(o.name());
        }
        assertThat(Fault.Outcome.values()).hasSameSizeAs(FaultPlan.Outcome.values());
    }

    @Test
    void aClusterThatIsNotRunningSaysSo() {
        HaCluster ha = HaCluster.seedPair();

        assertThatThrownBy(() -> ha.inject(Fault.kill(Fault.Process.NGINX))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running: start() it first");
        ha.stop();  // stopping a cluster that never started is harmless, as in Testcontainers
    }

    /** A mistake in the configuration fails the start before any container is made. */
    @Test
    void aWrongClusterFailsTheStartBeforeAnyContainer() {
        assertThatThrownBy(() -> new HaCluster().withNodes(12).start()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 is not between 2 and 9");
        assertThatThrownBy(() -> new HaCluster().withConfigDir(java.nio.file.Path.of("no/such/dir")).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no/such/dir");
    }
}
