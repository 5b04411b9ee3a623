package dev.hatest.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The jar that the client container runs the HTTP probe from: hatest.jar itself. */
final class ProbeJar {

    private ProbeJar() {
    }

    static Path locate() {
        try {
            Path self = Path.of(ProbeJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                return self;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the build output
        }
        Path built = Path.of(System.getProperty("hatest.projectDir", "."), "target", "hatest.jar");
        if (Files.isRegularFile(built)) {
            return built;
        }
        throw new dev.hatest.harness.cluster.EnvironmentException("target/hatest.jar is missing: run mvn package");
    }
}
