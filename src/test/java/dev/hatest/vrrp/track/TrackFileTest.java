package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.TrackedFile;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpTrackFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * track_file, against keepalived 2.2.7 run in a network namespace with the same configs: it logged each
 * "Changing effective priority from A to B" and "tracked file tf now FAULT state" quoted below as the file's
 * content was rewritten.
 */
class TrackFileTest {

    private static KeepalivedConfig conf(String trackFile, String entry, int priority) throws Exception {
        return ConfigParser.parse("k.conf", """
                track_file tf {
                    file /run/tf
                %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    virtual_ipaddress {
                        192.168.0.200
                    }
                    track_file {
                        %s
                    }
                }
                """.formatted(trackFile, priority, entry));
    }

    private static Tracking.FileValues holding(KeepalivedConfig c, long value) {
        return new Tracking.FileValues() {
            @Override
            public VrrpTrackFile file(String name) {
                return c.trackFile(name).orElseThrow();
            }

            @Override
            public long value(String name) {
                return value;
            }
        };
    }

    /** "FAULT", or the effective priority, of VI_1 while the file holds {@code value}. */
    private static String outcome(KeepalivedConfig c, long value) {
        VrrpInstanceConfig i = c.instances().get(0);
        Tracking.FileValues f = holding(c, value);
        if (Tracking.fault(i, Map.of(), n -> null, n -> null, n -> null, n -> null, f)) {
            return "FAULT";
        }
        return String.valueOf(Tracking.effectivePriority(i, n -> null, n -> null, Map.of(), n -> null, n -> null, f));
    }

    @Test
    void theValueTimesTheWeightMovesThePriorityAndBelowMinus253IsAFault() throws Exception {
        // weight 1 (the default): 5 -> 105, 3 -> 103, -2 -> 98, 0 -> 100, 7 -> 107, -254 -> FAULT,
        // -253 -> "Setting effective priority to 1", 400 -> 254
        KeepalivedConfig c = conf("", "tf", 100);
        assertThat(c.trackFile("tf").orElseThrow().weight()).isEqualTo(1);
        Map<Long, String> seen = Map.of(5L, "105", 3L, "103", -2L, "98", 0L, "100", 7L, "107", -254L, "FAULT", -253L, "1", 400L, "254");
        seen.forEach((value, expected) -> assertThat(outcome(c, value)).as("file holds %d", value).isEqualTo(expected));
    }

    @Test
    void weightZeroMakesAnyValueButZeroAFault() throws Exception {
        KeepalivedConfig c = conf("    weight 0", "tf", 100);
        assertThat(outcome(c, 0)).isEqualTo("100");
        assertThat(outcome(c, 1)).isEqualTo("FAULT");
        assertThat(outcome(c, -1)).isEqualTo("FAULT");
    }

    @Test
    void reverseNegatesTheProductAndAnEntryMayOverrideWeightAndReverse() throws Exception {
        // weight -2 reverse: 5 -> 110, 3 -> 106, -1 -> 98
        KeepalivedConfig c = conf("    weight -2 reverse", "tf", 100);
        assertThat(outcome(c, 5)).isEqualTo("110");
        assertThat(outcome(c, 3)).isEqualTo("106");
        assertThat(outcome(c, -1)).isEqualTo("98");
        KeepalivedConfig overridden = conf("    weight -2 reverse", "tf weight -3 noreverse", 100);
        assertThat(overridden.instances().get(0).trackFiles()).containsExactly(new TrackedFile("tf", -3, false, at(13)));
        assertThat(outcome(overridden, 5)).isEqualTo("85");
    }

    @Test
    void theAddressOwnersPriorityNeverMovesButAFaultStillCounts() throws Exception {
        // keepalived warned "(VI_1) ignoring weight from tracked file tf due to address_owner. specify weight 0",
        // then went FAULT at -300 ("tracked file tf has status -254") and left it at 5
        KeepalivedConfig c = conf("", "tf", 255);
        assertThat(c.warnings()).containsExactly("k.conf:13: (VI_1) ignoring weight from tracked file tf due to address_owner. specify weight 0");
        assertThat(outcome(c, -300)).isEqualTo("FAULT");
        assertThat(outcome(c, 5)).isEqualTo("255");
        assertThat(conf("    weight 0", "tf", 255).warnings()).isEmpty();
    }

    @Test
    void aTrackFileBlockAsKeepalivedReadsIt() throws Exception {
        KeepalivedConfig c = ConfigParser.parse("k.conf", """
                vrrp_track_file old {
                    file /run/old
                    weight 3 reverse
                    init_file 7 overwrite
                }
                track_file nofile {
                    weight 2
                }
                track_file bad {
                    file /run/bad
                    weight 300
                    init_file
                }
                """);
        assertThat(c.trackFiles()).containsExactly(
                new VrrpTrackFile("old", Path.of("/run/old"), 3, true, 7L, true, at(1)),
                new VrrpTrackFile("bad", Path.of("/run/bad"), 1, false, 0L, false, at(9)));
        assertThat(c.warnings()).containsExactly(
                "k.conf:6: No file set for track_file nofile - ignoring",
                "k.conf:11: Weight (300) for track_file bad must be between [-254..254] inclusive. Ignoring...");
    }

    @Test
    void badEntriesAreIgnoredWithKeepalivedsWarnings() throws Exception {
        assertThat(conf("", "tf weight 300", 100).warnings())
                .containsExactly("k.conf:13: (VI_1) weight for track file tf must be in [-254..254] inclusive. Ignoring...");
        assertThat(conf("", "tf weight", 100).warnings())
                .containsExactly("k.conf:13: (VI_1) weight without value specified for track file tf - ignoring");
        // keepalived 2.2.7's -t crashes (SIGSEGV) on this one; vrrpd warns as it does for other tracking
        KeepalivedConfig unknown = conf("", "nosuch", 100);
        assertThat(unknown.warnings()).containsExactly("k.conf:13: track_file nosuch not found, ignoring");
        assertThat(unknown.instances().get(0).trackFiles()).isEmpty();
    }

    @Test
    void aSyncGroupMembersWeightedFileIsDroppedAndTheGroupsOwnJoinsEveryMember() throws Exception {
        // keepalived: "(VI_1) ignoring tracked file tf with weight 2 due to SYNC group", and writing 3 to the file
        // then moved no priority
        String instances = """
                track_file tf {
                    file /run/tf
                    weight 2
                }
                track_file gate {
                    file /run/gate
                    weight 0
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.168.0.200
                    }
                    track_file {
                        tf
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.168.0.199
                    }
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_file {
                        gate
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("k.conf", instances);
        assertThat(c.warnings()).containsExactly("k.conf:16: (VI_1) ignoring tracked file tf with weight 2 due to SYNC group");
        assertThat(c.instances()).allSatisfy(i -> assertThat(i.trackFiles()).extracting(TrackedFile::name).containsExactly("gate"));
        KeepalivedConfig weighted = ConfigParser.parse("k.conf", instances.replace("    group {\n", "    sync_group_tracking_weight\n    group {\n"));
        assertThat(weighted.instances().get(0).trackFiles()).extracting(TrackedFile::name).containsExactly("tf", "gate");
    }

    @Test
    void aSyncGroupsOwnWeightedFileMovesEveryMember() throws Exception {
        // keepalived: with the group tracking tf (weight 2), 3 in the file moved both VI_1 and VI_2 from 100 to 106,
        // and -1 to 98; its -t accepted the config
        KeepalivedConfig c = ConfigParser.parse("k.conf", """
                track_file tf {
                    file /run/tf
                    weight 2
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_file {
                        tf
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.168.0.200
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.168.0.199
                    }
                }
                """);
        assertThat(c.warnings()).isEmpty();
        for (VrrpInstanceConfig i : c.instances()) {
            assertThat(Tracking.effectivePriority(i, n -> null, n -> null, Map.of(), n -> null, n -> null, holding(c, 3))).isEqualTo(106);
            assertThat(Tracking.effectivePriority(i, n -> null, n -> null, Map.of(), n -> null, n -> null, holding(c, -1))).isEqualTo(98);
        }
    }

    private static dev.hatest.vrrp.config.Location at(int line) {
        return new dev.hatest.vrrp.config.Location(Path.of("k.conf"), line);
    }
}
