package dev.hatest.vrrp.config;

import java.util.ArrayList;
import java.util.List;

/** Errors (the config must not run) and warnings (keepalived would carry on), each {@code file:line: message}. */
final class Diagnostics {

    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    void error(Location at, String message) {
        errors.add(at + ": " + message);
    }

    void warn(Location at, String message) {
        warnings.add(at + ": " + message);
    }
}
