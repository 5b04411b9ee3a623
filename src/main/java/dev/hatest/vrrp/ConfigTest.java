package dev.hatest.vrrp;

import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.HostChecks;
import dev.hatest.vrrp.config.InterfaceUse;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.Location;
import dev.hatest.vrrp.config.NotifyScript;
import dev.hatest.vrrp.config.SyncGroup;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;
import dev.hatest.vrrp.track.Accounts;
import dev.hatest.vrrp.track.RunAs;
import dev.hatest.vrrp.track.ScriptCheck;
import dev.hatest.vrrp.track.ScriptUsers;
import dev.hatest.vrrp.track.Scripts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code vrrpd -t}: the config file, and the host it is to run on, checked as keepalived 2.2.7's {@code -t}
 * checks them (measured on Debian's samples and on configs of our own, {@code KeepalivedSamplesParityIT}):
 * <ol>
 *   <li>the file: what {@link ConfigParser} finds, in the order keepalived complains;</li>
 *   <li>the interfaces it names ({@code interface}, {@code track_interface}, an address's or a route's
 *       {@code dev}): each one absent from the host gets keepalived's warning at its line, and then "Non-existent
 *       interface specified in configuration" ends the test, before any script is looked at, as keepalived's does;</li>
 *   <li>the scripts: who each runs as ({@link ScriptUsers}), and whether it is there to run ({@link ScriptCheck}).
 *       A vrrp_script that is not is disabled, and fails the test; a notify script that is not is dropped without
 *       a word from keepalived, and passes. The SECURITY VIOLATION of scripts without enable_script_security
 *       counts only the scripts found.</li>
 * </ol>
 * The harness parses configs without this host check: it renames interfaces, and its scripts live in the nodes.
 */
final class ConfigTest {

    /** What {@code -t} printed, in order ({@code file:line: message}, warnings marked), and whether the config passed. */
    record Result(List<String> findings, List<String> notes, boolean valid) {
    }

    private static final Pattern AT = Pattern.compile("^(.+?):(\\d+): ");

    private ConfigTest() {
    }

    /** This host: its interfaces from /sys/class/net, its accounts, this process's ids and PATH. */
    static Result onThisHost(Path file, String configId) {
        return run(file, configId, name -> Files.exists(Path.of("/sys/class/net", name)), Accounts.system(), RunAs.self(),
                System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    }

    static Result run(Path file, String configId, Predicate<String> interfaceExists, Accounts accounts, RunAs self, String path) {
        List<String> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        HostChecks host;
        KeepalivedConfig config = null;
        try {
            config = ConfigParser.parse(file, configId);
            config.warnings().forEach(w -> findings.add(w + " (warning)"));
            notes.addAll(config.notes());
            host = config.hostChecks();
        } catch (ConfigException e) {
            findings.addAll(e.findings());
            host = e.hostChecks();
        }
        // the parser puts it at the first script; here it is kept for the first script that is there, below.
        // It comes from a check of the whole file, after the inline findings, so their count still holds.
        findings.removeIf(f -> f.contains(ConfigParser.SECURITY_VIOLATION));
        Findings out = new Findings(findings, host.inlineFindings());
        List<InterfaceUse> missing = host.interfaces().stream().filter(i -> !interfaceExists.test(i.name())).toList();
        if (!missing.isEmpty()) {
            for (InterfaceUse i : missing) {
                out.inline(i.at() + ": " + i.missing() + " (warning)");
            }
            findings.add(file + ": Non-existent interface specified in configuration");
            return new Result(findings, notes, false);
        }
        if (config == null) {
            return new Result(findings, notes, false);
        }
        ScriptUsers users = ScriptUsers.resolve(config, accounts, self);
        users.warnings().forEach(w -> out.inline(w + " (warning)"));
        notes.addAll(users.notes());
        boolean security = config.globalDefs().enableScriptSecurity();
        Optional<Location> firstFound = Optional.empty();
        for (VrrpScript s : config.scripts()) {
            Optional<RunAs> as = users.script(s.name());
            if (as.isEmpty()) {
                continue;  // its user could not be set: said above
            }
            ScriptCheck.Result r = ScriptCheck.check(s.script(), as.get(), self, security, path);
            if (r.disabled().isPresent()) {
                notes.add(s.at() + ": " + r.disabled().get());
                findings.add(s.at() + ": " + Scripts.disabling("track script " + s.name(), r) + " (warning)");
            } else if (firstFound.isEmpty()) {
                firstFound = Optional.of(s.at());
            }
        }
        Stream<NotifyScript> notify = Stream.concat(config.instances().stream().map(VrrpInstanceConfig::notifyScripts),
                config.syncGroups().stream().map(SyncGroup::notifyScripts)).flatMap(m -> m.values().stream());
        for (NotifyScript n : notify.toList()) {
            Optional<RunAs> as = users.notify(n);
            if (as.isEmpty()) {
                continue;
            }
            ScriptCheck.Result r = ScriptCheck.check(n.command(), as.get(), self, security, path);
            if (r.disabled().isPresent()) {
                notes.add(n.at() + ": notify script " + n.command() + " is not there to run (" + r.disabled().get()
                        + "): keepalived drops it without failing its test, and so does vrrpd");
            } else if (firstFound.isEmpty()) {
                firstFound = Optional.of(n.at());
            }
        }
        if (!security && firstFound.isPresent()) {
            findings.add(firstFound.get() + ": " + ConfigParser.SECURITY_VIOLATION + " (warning)");
        }
        return new Result(findings, notes, findings.isEmpty());
    }

    /**
     * The findings so far, the first {@code inline} of them found as the statements were read. keepalived reports
     * what it finds on the host as it reads too, so {@link #inline} puts such a finding before the first of those
     * at a later line of the same file, or after them all; the checks of the whole file come after, as in keepalived.
     */
    private static final class Findings {
        private final List<String> all;
        private int inline;

        Findings(List<String> all, int inline) {
            this.all = all;
            this.inline = Math.min(inline, all.size());
        }

        void inline(String finding) {
            int at = inline;
            Matcher m = AT.matcher(finding);
            if (m.find()) {
                for (int i = 0; i < inline; i++) {
                    Matcher o = AT.matcher(all.get(i));
                    if (o.find() && o.group(1).equals(m.group(1)) && Integer.parseInt(o.group(2)) > Integer.parseInt(m.group(2))) {
                        at = i;
                        break;
                    }
                }
            }
            all.add(at, finding);
            inline++;
        }
    }
}
