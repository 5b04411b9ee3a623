package dev.hatest.harness.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node's config model: parsed once, kept with its spec, and refused in the words of the parser. */
class NodeConfigTest {

    private final Topology seed = SeedTopology.pair();

    @Test
    void aSpecParsesItsConfigOnceAndKeepsIt() {
        NodeConfig c = seed.node("lb01").config();
        assertThat(c.get()).isSameAs(c.get());
        assertThat(c.instance(seed.vip()).priority()).isEqualTo(101);
        assertThat(seed.node("lb02").config().instance(seed.vip()).priority()).isEqualTo(100);
        // a topology moved to another subnet is other files, so another model, with the moved addresses
        Topology moved = seed.movedTo("198.19.7.0/24");
        assertThat(moved.node("lb01").config()).isNotEqualTo(c);
        assertThat(moved.node("lb01").config().instanceFor("198.19.7.200")).isPresent();
        assertThat(moved.node("lb01").config().instanceFor(seed.vip())).isEmpty();
    }

    @Test
    void anEditedFileIsAnotherModel() {
        NodeSpec lb02 = seed.node("lb02");
        String text = lb02.files().get(SeedTopology.CONFIG).replace("priority 100", "priority 99");
        NodeSpec edited = SeedVariants.withFile(lb02, SeedTopology.CONFIG, text);
        assertThat(edited.config().instance(seed.vip()).priority()).isEqualTo(99);
        assertThat(lb02.config().instance(seed.vip()).priority()).isEqualTo(100);
    }

    @Test
    void aConfigThatDoesNotParseIsRefusedAtItsLine() {
        NodeSpec bad = new NodeSpec("lb03", "198.18.0.203", Map.of(SeedTopology.CONFIG, "vrrp_instance VI_1 {\n    priority 300\n"));
        assertThat(bad.config().present()).isTrue();
        assertThat(bad.config().ifValid()).isEmpty();
        assertThat(bad.config().instanceFor("198.18.0.200")).isEmpty();
        assertThatThrownBy(() -> bad.config().get()).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lb03/keepalived.conf:");
    }

    @Test
    void aNodeWithoutAConfigSaysSo() {
        NodeSpec none = new NodeSpec("web", "198.18.0.9", Map.of());
        assertThat(none.config().present()).isFalse();
        assertThatThrownBy(() -> none.config().get()).hasMessage("web has no " + SeedTopology.CONFIG);
    }

    @Test
    void aVipNoInstanceHoldsIsNamedWithTheInstancesThereAre() {
        assertThatThrownBy(() -> seed.node("lb01").config().instance("198.18.0.99"))
                .hasMessage("lb01: no vrrp_instance holds 198.18.0.99 (instances: [VI_1])");
    }
}
