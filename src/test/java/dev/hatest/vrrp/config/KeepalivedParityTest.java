package dev.hatest.vrrp.config;

import dev.hatest.vrrp.track.Accounts;
import dev.hatest.vrrp.track.RunAs;
import dev.hatest.vrrp.track.ScriptUsers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vrrpd -t} against keepalived 2.2.7's own {@code -t} on configs written for keepalived, not for vrrpd.
 * parity/keepalived-2.2.7.tsv records what keepalived said about each file on a real host; vrrpd must reach the
 * same verdict, and every problem behind a reject must read {@code FILE:LINE: message} with a real line.
 */
class KeepalivedParityTest {

    /**
     * Where vrrpd deliberately differs from keepalived, and why. keepalived's -t also checks the host it runs on;
     * vrrpd's checks the file, so that a config can be checked before it reaches its node.
     */
    private static final Map<String, String> DIFFERENCES = Map.of(
            "auth-ah.conf", "reject: vrrpd does not implement IPsec AH authentication and says so",
            "script-missing-file.conf", "accept: keepalived looks for the script on this host",
            "nonexistent-interface.conf", "accept: keepalived looks for the interface on this host",
            "script-user-nobody.conf", "accept: keepalived 2.2.7's -t kills itself (exit 143) after checking a script as another"
                    + " user; its daemon runs this config, the script as nobody");

    private static final Pattern AT = Pattern.compile("(.+):(\\d+): .+", Pattern.DOTALL);

    static Stream<Arguments> manifest() throws IOException, URISyntaxException {
        return Files.readAllLines(dir().resolve("keepalived-2.2.7.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", -1))
                .map(c -> Arguments.of(c[0], c[2], c[3]));
    }

    @ParameterizedTest(name = "{0}: keepalived {1}")
    @MethodSource("manifest")
    void vrrpdReachesKeepalivedsVerdict(String file, String keepalived, String keepalivedSays) throws Exception {
        Path conf = dir().resolve(file);
        List<String> problems;
        try {
            KeepalivedConfig config = ConfigParser.parse(conf);
            problems = new ArrayList<>(config.warnings());
            // who scripts run as is looked up on the host, by the -t run as by the daemon: here, the measured host's accounts
            problems.addAll(ScriptUsers.resolve(config, Accounts.read(dir().resolve("accounts/passwd"), dir().resolve("accounts/group")),
                    new RunAs("root", 0, 0)).warnings());
        } catch (ConfigException e) {
            problems = e.errors();
        }
        String vrrpd = problems.isEmpty() ? "accept" : "reject";

        String expected = DIFFERENCES.getOrDefault(file, keepalived).split(":")[0];
        assertThat(vrrpd).as("%s (keepalived: %s) vrrpd said %s", file, keepalivedSays, problems).isEqualTo(expected);
        for (String p : problems) {
            Matcher m = AT.matcher(p);
            assertThat(m.matches()).as("%s is not FILE:LINE: message", p).isTrue();
            Path at = Path.of(m.group(1));
            assertThat(at).as(p).isRegularFile();
            assertThat(Integer.parseInt(m.group(2))).as(p).isBetween(1, Files.readAllLines(at).size());
        }
    }

    private static Path dir() throws URISyntaxException {
        return Path.of(KeepalivedParityTest.class.getResource("/dev/hatest/vrrp/config/parity").toURI());
    }
}
