package dev.hatest.harness.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topology files: nodes from their own folders, each with its own daemon; mistakes at file:line. */
class TopologyFileTest {

    @Test
    void nodesComeFromTheirFoldersWithTheirOwnDaemons(@TempDir Path dir) throws Exception {
        ConfigDirTopologyTest.userConfigs(Files.createDirectories(dir.resolve("nodes")));
        Path file = Files.writeString(dir.resolve("ha.yaml"), """
                subnet: 198.18.9.0/24
                nodes:
                  - name: edge2
                    config: nodes/web-b
                    daemon: keepalived
                  - name: edge1
                    config: nodes/web-a
                """);

        Topology t = TopologyFile.read(file, null, null);

        assertThat(t.subnet()).isEqualTo("198.18.9.0/24");
        assertThat(t.nodes()).extracting(NodeSpec::name).containsExactly("edge2", "edge1");
        assertThat(t.nodes()).extracting(NodeSpec::address).containsExactly("198.18.9.12", "198.18.9.11");
        assertThat(t.node("edge2").env()).containsEntry("HATEST_DAEMON", "keepalived");
        assertThat(t.node("edge1").env()).doesNotContainKey("HATEST_DAEMON");
        assertThat(t.vips()).containsExactly("198.18.9.100");

        // The command line's --subnet and --daemon win over the file's.
        Topology all = TopologyFile.read(file, "198.18.4.0/24", "vrrpd");
        assertThat(all.vips()).containsExactly("198.18.4.100");
        assertThat(all.nodes()).allSatisfy(n -> assertThat(n.env()).doesNotContainKey("HATEST_DAEMON"));
    }

    @Test
    void aCountIsThatManySeedNodes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("three.yaml"), "daemon: keepalived\nnodes: 3\n");
        Topology t = TopologyFile.read(file, null, null);
        assertThat(t.nodes()).extracting(NodeSpec::name).containsExactly("lb01", "lb02", "lb03");
        assertThat(t.nodes()).allSatisfy(n -> assertThat(n.env()).containsEntry("HATEST_DAEMON", "keepalived"));
    }

    @Test
    void mistakesAreReportedAtTheirLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Path unknown = Files.writeString(dir.resolve("u.yaml"), "nodes: 2\ncolour: red\n");
        Path daemon = Files.writeString(dir.resolve("d.yaml"), "nodes:\n  - name: a\n    config: a\n    daemon: bird\n");
        Path folder = Files.writeString(dir.resolve("f.yaml"), "nodes:\n  - name: a\n    config: missing\n");
        Path count = Files.writeString(dir.resolve("c.yaml"), "subnet: 198.18.0.0/24\nnodes: 12\n");
        Path conf = Files.writeString(dir.resolve("k.yaml"), "nodes:\n  - name: a\n    config: a\n");

        assertThatThrownBy(() -> TopologyFile.read(unknown, null, null)).hasMessage(unknown + ":2: unknown field 'colour' (known: subnet, daemon, nodes)");
        assertThatThrownBy(() -> TopologyFile.read(daemon, null, null)).hasMessage(daemon + ":4: unknown daemon 'bird' (vrrpd or keepalived)");
        assertThatThrownBy(() -> TopologyFile.read(folder, null, null)).hasMessageStartingWith(folder + ":3: config: ");
        assertThatThrownBy(() -> TopologyFile.read(count, null, null)).hasMessage(count + ":2: nodes: 12 is not between 2 and 9");
        assertThatThrownBy(() -> TopologyFile.read(conf, null, null)).hasMessageContaining("no keepalived.conf in node a's folder");
    }
}
