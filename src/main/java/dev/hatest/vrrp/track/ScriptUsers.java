package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.Location;
import dev.hatest.vrrp.config.NotifyScript;
import dev.hatest.vrrp.config.ScriptUser;
import dev.hatest.vrrp.config.SyncGroup;
import dev.hatest.vrrp.config.TrackedScript;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Who each script runs as, by keepalived 2.2.7's rules (measured with keepalived 2.2.7 in network namespaces):
 * <ul>
 *   <li>a vrrp_script's {@code user USER [GROUP]}, or a notify line's {@code SCRIPT USER [GROUP]}: that user, with
 *       GROUP or else the user's own group;</li>
 *   <li>otherwise the default: global_defs' {@code script_user USER [GROUP]}; without it {@code keepalived_script}
 *       when that user exists, else the daemon's own account (root); under enable_script_security a missing
 *       {@code keepalived_script} is an error ("Unable to set default user keepalived_script for script");</li>
 *   <li>a vrrp_script whose user can't be found is removed (keepalived's config error "Unable to set uid/gid for
 *       script", then "track script NAME not found, ignoring..." for each instance tracking it), and so is one
 *       that needs a default that failed ("Unable to set default user for vrrp script NAME - removing");</li>
 *   <li>a notify script whose user can't be found is dropped too, but keepalived only logs it ("Invalid
 *       user/group for notify script", "Failed to set default user for notify script"): its -t still passes.</li>
 * </ul>
 * Names are looked up on the host the daemon runs on, when it starts (or checks a config with -t), as keepalived
 * does. Warnings fail a config test, notes don't, as the parser's.
 */
public final class ScriptUsers {

    private final KeepalivedConfig config;
    private final Accounts accounts;
    private final RunAs self;
    private final Map<String, RunAs> scripts = new HashMap<>();
    private final Map<NotifyScript, RunAs> notify = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** The default account once looked up; empty when it could not be set. */
    private Optional<RunAs> defaultUser;

    private ScriptUsers(KeepalivedConfig config, Accounts accounts, RunAs self) {
        this.config = config;
        this.accounts = accounts;
        this.self = self;
    }

    public static ScriptUsers resolve(KeepalivedConfig config, Accounts accounts, RunAs self) {
        ScriptUsers u = new ScriptUsers(config, accounts, self);
        u.resolveAll();
        return u;
    }

    /** Who the vrrp_script {@code name} runs as; empty when it was removed. */
    public Optional<RunAs> script(String name) {
        return Optional.ofNullable(scripts.get(name));
    }

    /** Who a notify script runs as; empty when it was dropped. */
    public Optional<RunAs> notify(NotifyScript n) {
        return Optional.ofNullable(notify.get(n));
    }

    /** The account the daemon itself runs as, which the default falls back to and scripts are started from. */
    public RunAs self() {
        return self;
    }

    /** {@code file:line: message} for each problem keepalived's -t also fails on. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** {@code file:line: message} for each problem keepalived only logs. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void resolveAll() {
        ScriptUser global = config.globalDefs().scriptUser();
        if (global != null) {
            defaultUser = lookup(global, why -> warn(global.at(), "Error setting global script uid/gid: " + why));
        }
        for (VrrpScript s : config.scripts()) {
            Optional<RunAs> as = s.user() != null
                    ? lookup(s.user(), why -> warn(s.user().at(), "Unable to set uid/gid for script '" + s.script() + "': " + why))
                    : defaultFor(s.at(), () -> warn(s.at(), "Unable to set default user for vrrp script " + s.name() + " - removing"));
            if (as.isPresent()) {
                scripts.put(s.name(), as.get());
                continue;
            }
            for (VrrpInstanceConfig i : config.instances()) {
                for (TrackedScript t : i.trackScripts()) {
                    if (t.name().equals(s.name())) {
                        warn(t.at(), "(" + i.name() + ") track script " + s.name() + " not found, ignoring...");
                    }
                }
            }
        }
        Stream<NotifyScript> all = Stream.concat(config.instances().stream().flatMap(i -> i.notifyScripts().values().stream()),
                config.syncGroups().stream().map(SyncGroup::notifyScripts).flatMap(m -> m.values().stream()));
        for (NotifyScript n : all.toList()) {
            Optional<RunAs> as = n.user() != null
                    ? lookup(n.user(), why -> note(n.at(), "Invalid user/group for notify script " + n.command() + " - ignoring (" + why + ")"))
                    : defaultFor(n.at(), () -> note(n.at(), "Failed to set default user for notify script " + n.command() + " - ignoring"));
            as.ifPresent(a -> notify.put(n, a));
        }
    }

    /** The default account, looked up on first need as keepalived does; {@code failed} reports a script without one. */
    private Optional<RunAs> defaultFor(Location at, Runnable failed) {
        if (defaultUser == null) {
            Optional<Accounts.User> ks = accounts.user("keepalived_script");
            if (ks.isPresent()) {
                defaultUser = Optional.of(new RunAs(ks.get().name(), ks.get().uid(), ks.get().gid()));
            } else if (config.globalDefs().enableScriptSecurity()) {
                warn(at, "Unable to set default user keepalived_script for script: there is no such user, and"
                        + " enable_script_security will not run scripts as root unless script_user says so");
                defaultUser = Optional.empty();
            } else {
                defaultUser = Optional.of(self);
            }
        }
        if (defaultUser.isEmpty()) {
            failed.run();
        }
        return defaultUser;
    }

    private Optional<RunAs> lookup(ScriptUser u, java.util.function.Consumer<String> failed) {
        Optional<Accounts.User> user = accounts.user(u.user());
        if (user.isEmpty()) {
            failed.accept("user '" + u.user() + "' does not exist");
            return Optional.empty();
        }
        if (u.group() == null) {
            return Optional.of(new RunAs(u.user(), user.get().uid(), user.get().gid()));
        }
        OptionalInt gid = accounts.group(u.group());
        if (gid.isEmpty()) {
            failed.accept("group '" + u.group() + "' does not exist");
            return Optional.empty();
        }
        return Optional.of(new RunAs(u.user() + ":" + u.group(), user.get().uid(), gid.getAsInt()));
    }

    private void warn(Location at, String message) {
        warnings.add(at + ": " + message);
    }

    private void note(Location at, String message) {
        notes.add(at + ": " + message);
    }
}
