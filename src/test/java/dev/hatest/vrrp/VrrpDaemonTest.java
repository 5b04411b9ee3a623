package dev.hatest.vrrp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's command-line contract: -t exits 0 or 1 with file:line errors; bad usage exits 2. */
class VrrpDaemonTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VrrpDaemon.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    /**
     * The article's config runs its check script without enable_script_security: keepalived 2.2.7's -t exits 6
     * with "SECURITY VIOLATION", and vrrpd's fails with the same finding. With script security on (and root named
     * as the script user, since the image has no keepalived_script user) both accept it.
     */
    @Test
    void configTestFindsWhatKeepalivedFindsInTheSeed(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        String original = dev.hatest.vrrp.config.ConfigParserTest.seed("keepalived-backup.conf");
        // -t looks for the script on this host, as keepalived's does: the seed's check_ng.sh is not here
        Files.writeString(conf, original);
        assertThat(run("-t", "-f", conf.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(conf + ":14: Disabling track script chk_nginx since not found/accessible")
                .doesNotContain("SECURITY VIOLATION");
        String seed = original.replace("/etc/keepalived/check_ng.sh", "/bin/true");
        assertThat(seed).isNotEqualTo(original);
        Files.writeString(conf, seed);
        out.reset();
        err.reset();
        assertThat(run("-t", "-f", conf.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(conf + ":14: SECURITY VIOLATION - scripts are being executed but script_security not enabled.");

        Files.writeString(conf, seed.replace("   router_id lb02\n", "   router_id lb02\n   enable_script_security\n   script_user root\n"));
        out.reset();
        err.reset();
        assertThat(run("-t", "-f", conf.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("is valid");
    }

    @Test
    void configTestRejectsABadValueWithFileAndLine(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, dev.hatest.vrrp.config.ConfigParserTest.seed("keepalived-backup.conf")
                .replace("priority 100", "priority 300"));
        assertThat(run("--config-test", "--use-file=" + conf)).isEqualTo(1);
        assertThat(err.toString()).contains(conf + ":27: priority must be 1..255, got 300");
    }

    @Test
    void aMissingFileIsAnError(@TempDir Path dir) {
        assertThat(run("-t", "-f", dir.resolve("nope.conf").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope.conf:0: cannot read");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option '--frobnicate'");
    }
}
