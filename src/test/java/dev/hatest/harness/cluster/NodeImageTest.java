package dev.hatest.harness.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The recipe a library user's images are built from is docker/ itself, and vrrpd.jar is the daemon alone. */
public class NodeImageTest {

    static final Path DOCKER = Path.of(System.getProperty("hatest.projectDir", "."), "docker");

    @Test
    void theRecipeOnTheClassPathIsDockerDirByteForByte(@TempDir Path dir) throws Exception {
        NodeImage.extractRecipe(dir);
        for (String name : NodeImage.FILES) {
            assertThat(dir.resolve(name)).as(name).hasSameBinaryContentAs(DOCKER.resolve(name));
            assertThat(Files.isExecutable(dir.resolve(name))).as(name + " runnable").isTrue();
        }
    }

    @Test
    void theRecipeHoldsEveryFileOfTheNodeDirectory() throws Exception {
        // build-node.sh hashes and copies the node directory's files: one left out of the jar would fail
        // a library user's build only.
        List<String> node = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCKER.resolve("node"))) {
            files.forEach(p -> node.add("node/" + p.getFileName()));
        }
        assertThat(NodeImage.FILES).containsAll(node);
    }

    @Test
    void theDaemonJarHoldsVrrpAndJnaOnlyAndRunsTheDaemon(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("vrrpd.jar");
        NodeImage.writeDaemonJar(jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(NodeImage.DAEMON_MAIN);
            List<String> names = j.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("dev/hatest/vrrp/VrrpDaemon.class", "com/sun/jna/Native.class");
            assertThat(names).allMatch(n -> n.startsWith("dev/hatest/vrrp/") || n.startsWith("com/sun/jna/")
                    || n.equals("META-INF/MANIFEST.MF"));
        }
    }

    @Test
    void theSameClassesGiveTheSameBytesSoTheImageHashStays(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jar");
        Path b = dir.resolve("b.jar");
        NodeImage.writeDaemonJar(a);
        NodeImage.writeDaemonJar(b);
        assertThat(a).hasSameBinaryContentAs(b);
        // Same bytes within one second prove little on their own: a jar dated "now" would differ later.
        try (JarFile j = new JarFile(a.toFile())) {
            long first = j.entries().nextElement().getTime();
            assertThat(j.stream().map(JarEntry::getTime)).containsOnly(first);
            assertThat(first).isLessThan(java.time.Instant.parse("1981-01-01T00:00:00Z").toEpochMilli());
        }
    }
}
