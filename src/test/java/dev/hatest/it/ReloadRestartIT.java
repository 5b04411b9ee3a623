package dev.hatest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reload and restart as faults, for both daemons: {@code chaos --reload} on the master must move nothing (no
 * takeover, no flap, the reload reported applied), and {@code --restart-daemon} on the master hands the VIP to
 * the backup and, with the seed's preempt, takes it back; so does {@code --restart-node}, a reboot. A scenario step
 * says the same with {@code reload: true}.
 */
class ReloadRestartIT {

    private final InProcessCli cli = new InProcessCli();

    private JsonNode chaos(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[]{"--subnet", "198.18.21.0/24", "--json", "-q"}, 0, all, args.length, 4);
        int exit = cli.run(all);
        assertThat(exit).as(cli.both()).isZero();
        return new ObjectMapper().readTree(cli.out());
    }

    private static String measured(JsonNode report, String verdict) {
        for (JsonNode v : report.get("verdicts")) {
            if (v.get("name").asText().equals(verdict)) {
                return v.get("measured").asText();
            }
        }
        throw new AssertionError("no verdict " + verdict + " in " + report.toPrettyString());
    }

    @Test
    void aReloadOfTheMasterMovesNothingOnEitherDaemon() throws Exception {
        for (String daemon : new String[]{"vrrpd", "keepalived"}) {
            JsonNode r = chaos("chaos", "--reload", "--daemon", daemon, "--heal-after", "5s");
            assertThat(measured(r, "reloaded lb01")).as(daemon).startsWith("applied");
            assertThat(measured(r, "flapping")).as(daemon).startsWith("0 transitions to MASTER");
            assertThat(r.get("title").asText()).contains("reload the VRRP daemon (SIGHUP) on the master");
        }
    }

    @Test
    void aRestartOfTheMastersDaemonHandsTheVipOverAndBack() throws Exception {
        JsonNode r = chaos("chaos", "--restart-daemon");
        assertThat(r.get("failovers").get(0).get("from").asText()).isEqualTo("lb01");
        assertThat(r.get("failovers").get(0).get("to").asText()).isEqualTo("lb02");
        assertThat(measured(r, "failback")).isEqualTo("served by lb01");
    }

    /** A reboot of the master: lb02 takes over after Master_Down_Interval (no goodbye), and lb01, booted, preempts it. */
    @Test
    void aRebootOfTheMasterHandsTheVipOverAndBack() throws Exception {
        JsonNode r = chaos("chaos", "--restart-node");
        assertThat(r.get("title").asText()).contains("restart the node (a reboot) on the master");
        assertThat(r.get("failovers").get(0).get("to").asText()).isEqualTo("lb02");
        assertThat(measured(r, "failback")).isEqualTo("served by lb01");
        assertThat(r.get("outcome").asText()).as(r.toPrettyString()).isEqualTo("PASS");
    }

    @Test
    void aScenarioStepReloadsTheBackup(@TempDir Path dir) throws Exception {
        Path sc = Files.writeString(dir.resolve("reload.yaml"), "name: the backup reloaded\ntopology:\n  subnet: 198.18.21.0/24\nfault:\n  reload: true\n  node: backup\n  healAfter: 3s\n");
        int exit = cli.run("run", sc.toString(), "-q");
        assertThat(exit).as(cli.both()).isZero();
        assertThat(cli.out()).contains("reload the VRRP daemon (SIGHUP) on the backup", "PASS no takeover", "PASS reloaded lb02");
    }
}
