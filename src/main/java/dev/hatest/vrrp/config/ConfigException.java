package dev.hatest.vrrp.config;

import java.util.List;

/** A configuration that must not be run. Each error reads {@code file:line: what is wrong}. */
public final class ConfigException extends Exception {

    private final List<String> errors;
    private final List<String> findings;
    private final HostChecks hostChecks;
    private final List<Finding> found;

    public ConfigException(List<String> errors) {
        this(errors, errors, new HostChecks(List.of(), errors.size()), List.of());
    }

    ConfigException(List<String> errors, List<String> findings, HostChecks hostChecks, List<Finding> found) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
        this.findings = List.copyOf(findings);
        this.hostChecks = hostChecks;
        this.found = List.copyOf(found);
    }

    /** The errors and warnings typed, in the order found (empty for an exception not made by the parser). */
    public List<Finding> found() {
        return found;
    }

    /** The first error, typed, if the parser made this exception. */
    public java.util.Optional<Finding> firstError() {
        return found.stream().filter(f -> f.severity() == Finding.Severity.ERROR).findFirst();
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
