package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.NotifyScript;
import dev.hatest.vrrp.config.VrrpScript;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A config's scripts as the daemon runs them: each with the account {@link ScriptUsers} gave it, checked by
 * {@link ScriptCheck} for that account, and then either ready to start or disabled (logged, never run, and
 * counting for nothing), as keepalived prepares its scripts at start.
 */
public final class Scripts {

    private final ScriptUsers users;
    private final RunAs self;
    private final boolean scriptSecurity;
    private final String path;
    private final Consumer<String> log;
    private final Map<VrrpScript, List<String>> tracked = new LinkedHashMap<>();
    private final Map<String, String> disabled = new LinkedHashMap<>();

    private Scripts(ScriptUsers users, RunAs self, boolean scriptSecurity, String path, Consumer<String> log) {
        this.users = users;
        this.self = self;
        this.scriptSecurity = scriptSecurity;
        this.path = path;
        this.log = log;
    }

    /** Prepares the vrrp_scripts some instance tracks; notify scripts are prepared by {@link #notify}. */
    public static Scripts prepare(KeepalivedConfig config, ScriptUsers users, String path, Consumer<String> log) {
        Scripts s = new Scripts(users, users.self(), config.globalDefs().enableScriptSecurity(), path, log);
        for (VrrpScript script : config.scripts()) {
            boolean used = config.instances().stream().anyMatch(i -> i.trackScripts().stream().anyMatch(t -> t.name().equals(script.name())));
            if (used) {
                s.prepare(script);
            }
        }
        return s;
    }

    private void prepare(VrrpScript script) {
        Optional<RunAs> as = users.script(script.name());
        if (as.isEmpty()) {
            disabled.put(script.name(), "disabled");  // its user could not be set: the config check said so
            return;
        }
        ScriptCheck.Result r = check(script.script(), as.get(), "track script " + script.name());
        if (r.disabled().isEmpty()) {
            tracked.put(script, as.get().command(r.argv(), self));
            if (!as.get().sameIds(self)) {
                log.accept("VRRP_Script(" + script.name() + ") runs as " + as.get());
            }
        } else {
            disabled.put(script.name(), r.insecure() ? "insecure" : "disabled");
        }
    }

    /** The scripts to run, each with its command (wrapped to run as its user). */
    public Map<VrrpScript, List<String>> tracked() {
        return Map.copyOf(tracked);
    }

    /** "insecure" or "disabled" for a vrrp_script that never runs, else empty. */
    public Optional<String> disabled(String name) {
        return Optional.ofNullable(disabled.get(name));
    }

    /** Notify scripts by keyword, each ready to start, for a {@link Notifier}; the disabled ones left out. */
    public Map<String, List<String>> notify(Map<String, NotifyScript> scripts) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        scripts.forEach((keyword, n) -> users.notify(n).ifPresent(as -> {
            ScriptCheck.Result r = check(n.command(), as, "notify script " + n.command());
            if (r.disabled().isEmpty()) {
                out.put(keyword, as.command(r.argv(), self));
            }
        }));
        return out;
    }

    /** keepalived's line for a script it will not run: {@code what} is e.g. "track script chk". */
    public static String disabling(String what, ScriptCheck.Result r) {
        return "Disabling " + what + (r.insecure() ? " due to insecure" : " since not found/accessible");
    }

    /** {@link ScriptCheck#check}, with what it found logged as keepalived logs it. */
    private ScriptCheck.Result check(String commandLine, RunAs as, String what) {
        ScriptCheck.Result r = ScriptCheck.check(commandLine, as, self, scriptSecurity, path);
        r.log().forEach(log);
        r.disabled().ifPresent(why -> {
            log.accept(why);
            log.accept(disabling(what, r));
        });
        return r;
    }
}
