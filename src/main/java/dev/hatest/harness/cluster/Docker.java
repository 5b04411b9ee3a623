package dev.hatest.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;

/** The one way to the engine: Testcontainers' client, with a one-line diagnosis when there is none. */
public final class Docker {

    private Docker() {
    }

    public static DockerClient client() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new EnvironmentException("no Docker engine answers: start one (as root on Debian: "
                    + "docker/engine.sh installs docker.io and starts dockerd)");
        }
        return DockerClientFactory.instance().client();
    }
}
