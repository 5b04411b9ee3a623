package dev.hatest.vrrp.config;

/**
 * One thing the parser found in a config, typed: where, how grave, and what. Its text, {@code file:line: message},
 * is what {@code vrrpd -t} prints and the lists of strings ({@link KeepalivedConfig#warnings()}, {@link
 * ConfigException#errors()}) hold; readers that need its parts take them from here, not from that text.
 */
public record Finding(Location at, Severity severity, String message) {

    /** An error stops the config; a warning is keepalived's too (its -t fails, the daemon runs); a note is vrrpd's own remark. */
    public enum Severity { ERROR, WARNING, NOTE }

    @Override
    public String toString() {
        return at + ": " + message;
    }
}
