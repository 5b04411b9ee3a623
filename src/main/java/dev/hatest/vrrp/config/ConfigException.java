package dev.hatest.vrrp.config;

import java.util.List;

/** A configuration that must not be run. Each error reads {@code file:line: what is wrong}. */
public final class ConfigException extends Exception {

    private final List<String> errors;
    private final List<String> findings;
    private final HostChecks hostChecks;

    public ConfigException(List<String> errors) {
        this(errors, errors, new HostChecks(List.of(), errors.size()));
    }

    ConfigException(List<String> errors, List<String> findings, HostChecks hostChecks) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
        this.findings = List.copyOf(findings);
        this.hostChecks = hostChecks;
    }

    public List<String> errors() {
        return errors;
    }

    /**
     * The errors and, before and between them, the warnings, in the order found (keepalived's order); warnings
     * end in " (warning)". This is what {@code vrrpd -t} prints.
     */
    public List<String> findings() {
        return findings;
    }

    /** What {@code vrrpd -t} checks on its host. */
    public HostChecks hostChecks() {
        return hostChecks;
    }
}
