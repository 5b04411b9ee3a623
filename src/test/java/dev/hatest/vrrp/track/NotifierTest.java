package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.NotifyScript;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NotifierTest {

    private static final String CONF = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.168.0.200
                }
                notify_master "/etc/keepalived/alert.sh master now"
                notify_fault /etc/keepalived/fault.sh
                notify /etc/keepalived/any.sh
            }
            """;

    /** The notify lines' commands split as keepalived splits them, to run as this process's own user. */
    private static Map<String, List<String>> asWritten(Map<String, NotifyScript> scripts) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        scripts.forEach((k, v) -> out.put(k, List.of(v.command().split(" "))));
        return out;
    }

    @Test
    void theSpecificScriptRunsAsWrittenThenTheGenericOneWithKeepalivedsFourArguments() throws Exception {
        VrrpInstanceConfig c = ConfigParser.parse("keepalived.conf", CONF).instances().get(0);
        Notifier n = new Notifier(c.name(), asWritten(c.notifyScripts()), m -> { });

        assertThat(n.commands("MASTER", 101)).containsExactly(
                List.of("/etc/keepalived/alert.sh", "master", "now"),
                List.of("/etc/keepalived/any.sh", "INSTANCE", "VI_1", "MASTER", "101"));
        assertThat(n.commands("FAULT", 100)).containsExactly(
                List.of("/etc/keepalived/fault.sh"),
                List.of("/etc/keepalived/any.sh", "INSTANCE", "VI_1", "FAULT", "100"));
        assertThat(n.commands("STOP", 100)).containsExactly(List.of("/etc/keepalived/any.sh", "INSTANCE", "VI_1", "STOP", "100"));
    }

    @Test
    void aSyncGroupsScriptsGetGroupAndPriorityZeroAsFromKeepalived() throws Exception {
        String conf = CONF + CONF.replace("VI_1", "VI_2").replace("51", "52").replace(".200", ".199")
                + "vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n notify_backup /etc/keepalived/g.sh\n notify /etc/keepalived/any.sh\n}\n";
        var g = ConfigParser.parse("keepalived.conf", conf).syncGroups().get(0);
        Notifier n = Notifier.group(g.name(), asWritten(g.notifyScripts()), m -> { });

        assertThat(n.commands("BACKUP", 0)).containsExactly(
                List.of("/etc/keepalived/g.sh"),
                List.of("/etc/keepalived/any.sh", "GROUP", "G1", "BACKUP", "0"));
        assertThat(n.commands("MASTER", 0)).containsExactly(List.of("/etc/keepalived/any.sh", "GROUP", "G1", "MASTER", "0"));
    }

    @Test
    void scriptsRunInTheBackground(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path script = dir.resolve("record.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > " + out + ".tmp && mv " + out + ".tmp " + out + "\n");
        script.toFile().setExecutable(true);
        List<String> logged = new ArrayList<>();
        Notifier n = new Notifier("VI_1", Map.of("notify", List.of(script.toString()), "notify_backup", List.of(dir.resolve("missing.sh").toString())),
                logged::add);

        n.fire("BACKUP", 100);

        // The script runs on its own; wait for its output file to appear (written atomically by mv).
        Awaitility.await("the notify script ran").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out));
        assertThat(Files.readString(out).strip()).isEqualTo("INSTANCE VI_1 BACKUP 100");
        // and a script that can't run is logged, not thrown
        assertThat(logged).singleElement().asString().contains("cannot run notify script").contains("missing.sh");
    }
}
