package dev.hatest.harness.cluster;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The jar that the client container runs the HTTP probe from: hatest.jar itself. */
public final class ProbeJar {

    private ProbeJar() {
    }

    public static Path locate() {
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
        throw new EnvironmentException("target/hatest.jar is missing: run mvn package");
    }
}
