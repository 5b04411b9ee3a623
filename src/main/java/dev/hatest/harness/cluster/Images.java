package dev.hatest.harness.cluster;

import com.github.dockerjava.api.exception.NotFoundException;

/**
 * The node image, built by {@code docker/prepare.sh} (offline from Debian's packages). The harness never
 * pulls: a missing image is an environment problem with a one-line diagnosis.
 */
public final class Images {

    public static final String NODE = System.getProperty("hatest.image", "hatest/node:latest");
    public static final String BASE = "hatest/base:latest";

    private Images() {
    }

    public static void requirePresent(String image) {
        try {
            Docker.client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new EnvironmentException("image " + image + " is missing: run docker/prepare.sh target/vrrpd.jar "
                    + "(./hatest and mvn verify do this for you)");
        }
    }
}
