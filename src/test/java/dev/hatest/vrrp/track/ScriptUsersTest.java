package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.NotifyScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who scripts run as, against keepalived 2.2.7's behaviour measured on this host: its scripts wrote {@code id}
 * to a file (e.g. "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)" for {@code user nobody}), and its
 * -t gave the messages quoted below.
 */
class ScriptUsersTest {

    private static final RunAs ROOT = new RunAs("root", 0, 0);

    @TempDir
    Path dir;

    private Accounts accounts(boolean keepalivedScript) throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                ksuser:x:999:995::/home/ksuser:/usr/sbin/nologin
                """ + (keepalivedScript ? "keepalived_script:x:995:994::/home/ks:/usr/sbin/nologin\n" : ""));
        Path group = Files.writeString(dir.resolve("group"), """
                root:x:0:
                nogroup:x:65534:
                ksuser:x:995:
                ksg2:x:1001:ksuser
                """);
        return Accounts.read(passwd, group);
    }

    private static KeepalivedConfig conf(String global, String scriptExtra, String notify) throws Exception {
        return ConfigParser.parse("k.conf", """
                global_defs {
                %s
                }
                vrrp_script chk {
                    script /bin/true
                %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.168.0.200
                    }
                    track_script {
                        chk
                    }
                %s
                }
                """.formatted(global, scriptExtra, notify));
    }

    private static NotifyScript notify(KeepalivedConfig c, String keyword) {
        return c.instances().get(0).notifyScripts().get(keyword);
    }

    @Test
    void withoutScriptUserScriptsRunAsKeepalivedScriptWhenItExistsElseAsTheDaemon() throws Exception {
        KeepalivedConfig c = conf("", "", "notify_master /bin/true");
        ScriptUsers without = ScriptUsers.resolve(c, accounts(false), ROOT);
        assertThat(without.script("chk")).contains(ROOT);
        assertThat(without.notify(notify(c, "notify_master"))).contains(ROOT);
        assertThat(without.warnings()).isEmpty();

        ScriptUsers with = ScriptUsers.resolve(c, accounts(true), ROOT);
        assertThat(with.script("chk")).contains(new RunAs("keepalived_script", 995, 994));
        assertThat(with.notify(notify(c, "notify_master"))).contains(new RunAs("keepalived_script", 995, 994));
    }

    @Test
    void scriptUserSetsTheDefaultAndAScriptsOwnUserOrANotifyLinesOverridesIt() throws Exception {
        // keepalived: chk and notify_master ran as "uid=999(ksuser) gid=1001(ksg2) groups=1001(ksg2)",
        // notify_backup as root, notify as nobody:nogroup
        KeepalivedConfig c = conf("script_user ksuser ksg2", "", "notify_master /bin/true\nnotify_backup /bin/true root\nnotify /bin/true nobody nogroup");
        ScriptUsers u = ScriptUsers.resolve(c, accounts(true), ROOT);
        assertThat(u.script("chk")).contains(new RunAs("ksuser:ksg2", 999, 1001));
        assertThat(u.notify(notify(c, "notify_master"))).contains(new RunAs("ksuser:ksg2", 999, 1001));
        assertThat(u.notify(notify(c, "notify_backup"))).contains(new RunAs("root", 0, 0));
        assertThat(u.notify(notify(c, "notify"))).contains(new RunAs("nobody:nogroup", 65534, 65534));

        KeepalivedConfig own = conf("script_user ksuser", "user nobody", "");
        assertThat(ScriptUsers.resolve(own, accounts(false), ROOT).script("chk")).as("the user's own group")
                .contains(new RunAs("nobody", 65534, 65534));
        assertThat(ScriptUsers.resolve(conf("script_user ksuser", "", ""), accounts(false), ROOT).script("chk"))
                .contains(new RunAs("ksuser", 999, 995));
    }

    @Test
    void aVrrpScriptWhoseUserOrGroupDoesNotExistIsRemovedAsKeepalivedsConfigErrorSays() throws Exception {
        // keepalived -t: "(k.conf: Line 7) Unable to set uid/gid for script '/bin/true'", then
        // "(k.conf: Line 16) (VI_1) track script chk not found, ignoring...", exit 5
        ScriptUsers u = ScriptUsers.resolve(conf("", "    user nosuch", ""), accounts(false), ROOT);
        assertThat(u.script("chk")).isEmpty();
        assertThat(u.warnings()).containsExactly(
                "k.conf:6: Unable to set uid/gid for script '/bin/true': user 'nosuch' does not exist",
                "k.conf:15: (VI_1) track script chk not found, ignoring...");

        ScriptUsers group = ScriptUsers.resolve(conf("", "    user nobody nosuchgroup", ""), accounts(false), ROOT);
        assertThat(group.script("chk")).isEmpty();
        assertThat(group.warnings()).first().asString().endsWith("group 'nosuchgroup' does not exist");
    }

    @Test
    void anUnknownScriptUserRemovesEveryScriptThatNeedsTheDefault() throws Exception {
        // keepalived -t: "(Line 3) Error setting global script uid/gid", "(k.conf: Line 10) Unable to set default
        // user for vrrp script chk - removing", then the track script is not found; the notify script is dropped
        // with a log line only ("Failed to set default user for notify script /bin/true - ignoring")
        KeepalivedConfig c = conf("script_user nosuch", "", "notify_master /bin/true\nnotify_backup /bin/true root");
        ScriptUsers u = ScriptUsers.resolve(c, accounts(true), ROOT);
        assertThat(u.script("chk")).isEmpty();
        assertThat(u.notify(notify(c, "notify_master"))).isEmpty();
        assertThat(u.notify(notify(c, "notify_backup"))).as("its own user").contains(ROOT);
        assertThat(u.warnings()).containsExactly(
                "k.conf:2: Error setting global script uid/gid: user 'nosuch' does not exist",
                "k.conf:4: Unable to set default user for vrrp script chk - removing",
                "k.conf:15: (VI_1) track script chk not found, ignoring...");
        assertThat(u.notes()).containsExactly("k.conf:17: Failed to set default user for notify script /bin/true - ignoring");
    }

    @Test
    void underScriptSecurityTheDefaultMustBeKeepalivedScriptNotRoot() throws Exception {
        // keepalived -t with enable_script_security, no script_user and no keepalived_script user:
        // "Unable to set default user keepalived_script for script", chk removed, notify dropped
        KeepalivedConfig c = conf("enable_script_security", "", "notify_master /bin/true");
        ScriptUsers u = ScriptUsers.resolve(c, accounts(false), ROOT);
        assertThat(u.script("chk")).isEmpty();
        assertThat(u.notify(notify(c, "notify_master"))).isEmpty();
        assertThat(u.warnings()).hasSize(3).first().asString().startsWith("k.conf:4: Unable to set default user keepalived_script for script");

        assertThat(ScriptUsers.resolve(c, accounts(true), ROOT).script("chk")).contains(new RunAs("keepalived_script", 995, 994));
        assertThat(ScriptUsers.resolve(conf("enable_script_security\nscript_user root", "", ""), accounts(false), ROOT).script("chk"))
                .contains(ROOT);
    }

    @Test
    void aNotifyScriptWhoseUserDoesNotExistIsDroppedWithANoteAsKeepalivedOnlyLogsIt() throws Exception {
        // keepalived -t exits 0 for this one (with enable_script_security and script_user root); it logs
        // "Script user 'nosuch' does not exist" and "Invalid user/group for notify script /bin/true - ignoring"
        KeepalivedConfig c = conf("enable_script_security\nscript_user root", "", "notify_master /bin/true nosuch");
        ScriptUsers u = ScriptUsers.resolve(c, accounts(false), ROOT);
        assertThat(u.notify(notify(c, "notify_master"))).isEqualTo(Optional.empty());
        assertThat(u.warnings()).isEmpty();
        assertThat(u.notes()).containsExactly("k.conf:18: Invalid user/group for notify script /bin/true - ignoring (user 'nosuch' does not exist)");
    }
}
