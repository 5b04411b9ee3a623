package dev.hatest.harness.cluster;

/** The machine can't run a cluster (no engine, no macvlan, no images). The message is a one-line diagnosis. */
public final class EnvironmentException extends IllegalStateException {

    public EnvironmentException(String diagnosis) {
        super(diagnosis);
    }

    public EnvironmentException(String diagnosis, Throwable cause) {
        super(diagnosis, cause);
    }
}
