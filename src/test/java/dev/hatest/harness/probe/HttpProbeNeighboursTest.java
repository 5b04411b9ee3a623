package dev.hatest.harness.probe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe's IPv6 neighbour table, from {@code ip -6 neigh} lines in the shapes iproute2 6.1 prints (seen
 * with {@code ip -6 monitor neigh} in a network namespace, an entry resolved, deleted and failed): the entry
 * follows the monitor, a deletion or an entry without a link-layer address forgets it, and the start's
 * seeding never overwrites the monitor.
 */
class HttpProbeNeighboursTest {

    private static final String VIP = "fd00:198:18::200";

    @AfterEach
    void clear() {
        HttpProbe.Neighbours.clear();
    }

    private static String mac() {
        return HttpProbe.Neighbours.macs().getOrDefault(VIP, "unknown");
    }

    @Test
    void followsTheMonitorAsAnNaMovesTheEntry() {
        HttpProbe.Neighbours.apply(VIP + " dev eth0 lladdr 02:42:c6:12:00:c9 REACHABLE", true);
        assertThat(mac()).isEqualTo("mac:02:42:c6:12:00:c9");
        HttpProbe.Neighbours.apply(VIP + " dev eth0 lladdr 02:42:c6:12:00:ca STALE", false);
        assertThat(mac()).isEqualTo("mac:02:42:c6:12:00:ca");
        HttpProbe.Neighbours.apply(VIP + " dev eth0 lladdr 02:42:c6:12:00:c9 REACHABLE", true);
        assertThat(mac()).as("a late seeding line is older than the monitor's").isEqualTo("mac:02:42:c6:12:00:ca");
    }

    @Test
    void forgetsADeletedOrUnresolvedEntry() {
        HttpProbe.Neighbours.apply(VIP + " dev eth0 lladdr 02:42:c6:12:00:c9 REACHABLE", false);
        HttpProbe.Neighbours.apply("Deleted " + VIP + " dev eth0 FAILED ", false);
        assertThat(mac()).isEqualTo("unknown");
        HttpProbe.Neighbours.apply(VIP + " dev eth0 lladdr 02:42:c6:12:00:c9 REACHABLE", false);
        HttpProbe.Neighbours.apply(VIP + " dev eth0  FAILED", false);
        assertThat(mac()).isEqualTo("unknown");
        HttpProbe.Neighbours.apply("198.18.0.200 dev eth0 lladdr 02:42:c6:12:00:c9 REACHABLE", false);
        assertThat(HttpProbe.Neighbours.macs()).as("IPv4 entries are /proc/net/arp's").isEqualTo(Map.of());
    }
}
