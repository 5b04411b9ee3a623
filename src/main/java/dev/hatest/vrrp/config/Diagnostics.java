package dev.hatest.vrrp.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What the parser found, each {@code file:line: message}: errors (the config must not run), warnings (keepalived
 * reports them too and carries on, but its -t fails) and notes (vrrpd's own remarks; -t passes).
 */
final class Diagnostics {

    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    void error(Location at, String message) {
        errors.add(at + ": " + message);
    }

    void warn(Location at, String message) {
        warnings.add(at + ": " + message);
    }

    void note(Location at, String message) {
        notes.add(at + ": " + message);
    }
}
