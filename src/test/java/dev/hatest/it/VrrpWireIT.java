package dev.hatest.it;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.SeedTopology;
import dev.hatest.harness.cluster.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vrrpd's adverts as an independent decoder sees them: captured on the test network by tcpdump in the
 * client, decoded by Wireshark's VRRP dissector (the host's tshark).
 */
class VrrpWireIT {

    @RegisterExtension
    final Scenario scenario = new Scenario();

    @Test
    void tsharkDecodesTheMastersAdvertsAsValidVrrpv2(@TempDir Path dir) throws Exception {
        Topology seed = SeedTopology.pair();
        Cluster cluster = scenario.startConvergedOn(seed, "lb01");
        // When the client captures VRRP for 3.5 s (the master advertises every second)
        var capture = cluster.client().exec("timeout", "3.5", "tcpdump", "-i", "eth0", "-U", "-w", "/tmp/vrrp.pcap", "ip proto 112");
        assertThat(capture.getExitCode()).as(capture.getStderr()).isIn(0, 124);
        Path pcap = dir.resolve("vrrp.pcap");
        cluster.client().copyFileFromContainer("/tmp/vrrp.pcap", pcap.toString());

        // Then tshark reads every packet as VRRPv2 from lb01: checksum good, TTL 255, VRID 51, priority 101
        Process tshark = new ProcessBuilder("tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=,",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ip.ttl", "-e", "vrrp.version", "-e", "vrrp.type",
                "-e", "vrrp.virt_rtr_id", "-e", "vrrp.prio", "-e", "vrrp.auth_type", "-e", "vrrp.adver_int",
                "-e", "vrrp.checksum.status", "-e", "vrrp.ip_addr", "-e", "vrrp.auth_string", "-o", "vrrp.v3_checksum_as_in_v2:FALSE")
                .redirectErrorStream(false).start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tshark.exitValue()).as(new String(tshark.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        System.out.println("tshark:\n" + out);
        assertThat(lines).hasSizeBetween(3, 5);
        // ip.src, ip.dst, TTL, version, type (advertisement), VRID, priority, auth type (simple text),
        // advert interval, checksum status (1 = good in Wireshark's terms), the VIP, the password
        String expected = String.join(",", seed.node("lb01").address(), "224.0.0.18", "255", "2", "1", "51", "101",
                "1", "1", "1", seed.vip(), "1111");
        assertThat(lines).allSatisfy(l -> assertThat(l).isEqualTo(expected));
    }
}
