package dev.hatest.vrrp.io;

import dev.hatest.HostTools;
import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.VrrpTrackProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The watcher on this machine's real processes: copies of {@code sleep} under a name nothing else has, started
 * and killed by the test. Both of its sources are exercised: the kernel's process events (on a host, as here)
 * and the /proc fallback that containers get.
 */
class ProcessWatcherTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final Map<String, Integer> reported = new ConcurrentHashMap<>();
    private ProcessWatcher watcher;

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void followsStartsAndDeathsThroughTheKernelsProcessEventsOnAHost() throws Exception {
        // The kernel answers PROC_EVENTS subscriptions from the initial namespaces only; a test run in a
        // container would rightly get the fallback, so say which this is rather than pass either way.
        boolean initialNamespaces = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().equals("pid:[4026531836]")
                && Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString().equals("user:[4026531837]")
                && "root".equals(System.getProperty("user.name"));
        if (!initialNamespaces) {
            assertThatThrownBy(() -> ProcConnector.open(500)).isInstanceOf(IOException.class).hasMessageContaining("kernel");
            return;
        }
        followsStartsAndDeaths(true, ProcessWatcher.Source.PROC_EVENTS);
    }

    @Test
    void fallsBackToProcWithPidfdsWhereEventsAreNotUsed() throws Exception {
        followsStartsAndDeaths(false, ProcessWatcher.Source.PIDFD);
    }

    private void followsStartsAndDeaths(boolean events, ProcessWatcher.Source expected) throws Exception {
        String name = "htk" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        Path binary = dir.resolve(name);
        Files.copy(Path.of("/bin/sleep"), binary);
        binary.toFile().setExecutable(true);
        start(binary);
        VrrpTrackProcess tracked = ConfigParser.parse("k.conf", "vrrp_track_process t {\n process " + name + "\n}\n")
                .trackProcess("t").orElseThrow();

        watcher = ProcessWatcher.start(List.of(tracked), events, 200, reported::put);

        assertThat(watcher.source()).isEqualTo(expected);
        assertThat(watcher.counts()).containsEntry("t", 1);
        Process second = start(binary);
        // A start shows within one scan (200 ms) at worst; the bound only keeps a broken watcher from hanging.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reported).containsEntry("t", 2));
        second.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reported).containsEntry("t", 1));
        started.get(0).destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reported).containsEntry("t", 0));
    }

    private Process start(Path binary) throws IOException {
        Process p = HostTools.command(binary.toString(), "600").start();
        started.add(p);
        return p;
    }
}
