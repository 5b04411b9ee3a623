package dev.hatest.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** target/vrrpd.jar (built in the package phase) holds only the vrrp packages and JNA. */
class VrrpdJarIT {

    @Test
    void theDaemonJarCarriesNothingOfTheHarness() throws Exception {
        Path jar = Path.of(System.getProperty("hatest.projectDir", "."), "target", "vrrpd.jar");
        try (JarFile f = new JarFile(jar.toFile())) {
            assertThat(f.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.hatest.vrrp.VrrpDaemon");
            assertThat(f.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
                    .isNotEmpty()
                    .allMatch(n -> n.startsWith("dev/hatest/vrrp/") || n.startsWith("com/sun/jna/"));
        }
    }
}
