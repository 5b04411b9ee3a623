package dev.hatest.vrrp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A flood of dropped packets is a few log lines per reason, each saying how many it stands for. */
class DropLogTest {

    @Test
    void aFloodIsOneLinePerReasonPerIntervalWithTheCountOfTheRest() {
        DropLog log = new DropLog();
        List<String> lines = new ArrayList<>();
        // 100,000 bad checksums and 10 auth mismatches over 25 s (4 packets a millisecond), on a virtual clock
        for (int i = 0; i < 100_000; i++) {
            long now = 1_000_000L + i * 250L;
            String l = log.drop(DropReason.BAD_CHECKSUM, "bad checksum #" + i, now);
            if (l != null) {
                lines.add(l);
            }
            if (i % 10_000 == 0) {
                String a = log.drop(DropReason.AUTH_MISMATCH, "auth #" + i, now);
                if (a != null) {
                    lines.add(a);
                }
            }
        }
        // each reason: its first drop at once, then one line per 10 s counting what it stood for
        assertThat(lines).containsExactly(
                "bad checksum #0", "auth #0",
                "bad checksum #40000 (and 39999 more BAD_CHECKSUM drops unlogged in the last 10 s)",
                "auth #40000 (and 3 more AUTH_MISMATCH drops unlogged in the last 10 s)",
                "bad checksum #80000 (and 39999 more BAD_CHECKSUM drops unlogged in the last 10 s)",
                "auth #80000 (and 3 more AUTH_MISMATCH drops unlogged in the last 10 s)");
    }

    @Test
    void aLoneDropAfterAQuietSpellIsLoggedAsItIs() {
        DropLog log = new DropLog();
        assertThat(log.drop(DropReason.BAD_TTL, "ttl 64", 0)).isEqualTo("ttl 64");
        assertThat(log.drop(DropReason.BAD_TTL, "ttl 63", DropLog.INTERVAL_MICROS)).isEqualTo("ttl 63");
    }
}
