package dev.hatest.harness.nemesis;

import java.util.Locale;

/** The processes on a node that faults can target, with how to signal and start each. */
public enum NodeProcess {
    NGINX(new String[]{"-x", "nginx"}, "nginx"),
    /** The VRRP daemon, vrrpd or keepalived, whichever the node runs. */
    VRRPD(new String[]{"-f", "vrrpd\\.jar|^keepalived|/keepalived( |$)"}, "/usr/local/bin/start-daemon");

    private final String[] match;
    private final String startCommand;

    NodeProcess(String[] match, String startCommand) {
        this.match = match;
        this.startCommand = startCommand;
    }

    /**
     * The pkill command for this process. It is run directly, not through a shell, so that {@code -f} can't
     * match the shell's own command line.
     */
    public String[] signal(String signal) {
        return new String[]{"pkill", "-" + signal, match[0], match[1]};
    }

    /** The pgrep command that succeeds while any such process is alive. */
    public String[] find() {
        return new String[]{"pgrep", match[0], match[1]};
    }

    public String start() {
        return startCommand;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "nginx" or "vrrpd"; "keepalived" names the VRRP daemon too, whichever runs. */
    public static NodeProcess parse(String s) {
        if (s.equalsIgnoreCase("keepalived")) {
            return VRRPD;
        }
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown process '" + s + "' (nginx or vrrpd)");
        }
    }
}
