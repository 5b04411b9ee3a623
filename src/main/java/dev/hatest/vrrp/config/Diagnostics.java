package dev.hatest.vrrp.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What the parser found, each {@code file:line: message}: errors (the config must not run), warnings (keepalived
 * reports them too and carries on, but its -t fails) and notes (vrrpd's own remarks; -t passes). {@link #findings}
 * keeps errors and warnings in the order they were found, which is keepalived's order of complaints, so that
 * {@code vrrpd -t}'s first line is the line keepalived's -t complains of first. The interfaces the config names
 * are kept for a check against the host ({@code vrrpd -t} runs one; the harness, which renames them, does not).
 */
final class Diagnostics {

    static final String WARNING = " (warning)";

    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Errors as they are, warnings marked {@link #WARNING}, in the order found. */
    final List<String> findings = new ArrayList<>();
    /** Every error, warning and note, typed, in the order found. */
    final List<Finding> all = new ArrayList<>();
    final List<InterfaceUse> interfaces = new ArrayList<>();
    /** How many findings came as the statements were read; the rest came from the checks of the whole file. */
    int inline = -1;

    void error(Location at, String message) {
        errors.add(at + ": " + message);
        findings.add(at + ": " + message);
        all.add(new Finding(at, Finding.Severity.ERROR, message));
    }

    void warn(Location at, String message) {
        warnings.add(at + ": " + message);
        findings.add(at + ": " + message + WARNING);
        all.add(new Finding(at, Finding.Severity.WARNING, message));
    }

    void note(Location at, String message) {
        notes.add(at + ": " + message);
        all.add(new Finding(at, Finding.Severity.NOTE, message));
    }

    HostChecks hostChecks() {
        return new HostChecks(interfaces, inline < 0 ? findings.size() : inline);
    }

    /** {@code name} is an interface the config uses at {@code at}; {@code missing} is keepalived's word when it is absent. */
    void uses(String name, Location at, String missing) {
        interfaces.add(new InterfaceUse(name, at, missing));
    }
}
