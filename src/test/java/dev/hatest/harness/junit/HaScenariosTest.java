package dev.hatest.harness.junit;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scenario files' mistakes, found before any cluster starts; running them is HaClusterIT's. */
class HaScenariosTest {

    @Test
    void aWrongScenarioFileIsOneFailingTestAtItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a-bad.yaml"), "name: bad\nfault:\n  kill: nginx\n  healAfter: soon\n");

        List<DynamicNode> nodes = HaScenarios.from(dir).toList();

        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0)).isInstanceOf(DynamicTest.class);
        assertThat(nodes.get(0).getDisplayName()).isEqualTo("a-bad: scenario file");
        assertThatThrownBy(() -> ((DynamicTest) nodes.get(0)).getExecutable().execute()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(dir.resolve("a-bad.yaml") + ":4: ");
    }

    /** A good file is a container whose steps start no cluster until JUnit runs them. */
    @Test
    void aGoodScenarioIsAContainerThatStartsNothingYet(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kill.yaml"), "fault:\n  kill: nginx\n");

        List<DynamicNode> nodes = HaScenarios.from(dir, HaCluster.Daemon.KEEPALIVED).toList();

        assertThat(nodes).singleElement().extracting(DynamicNode::getDisplayName).isEqualTo("kill (the seed pair (keepalived))");
    }

    @Test
    void aFolderWithoutScenariosFailsTheFactory(@TempDir Path dir) {
        assertThatThrownBy(() -> HaScenarios.from(dir)).hasMessageContaining("no *.yaml scenarios in it");
    }
}
