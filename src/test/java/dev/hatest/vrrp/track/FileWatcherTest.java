package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.Location;
import dev.hatest.vrrp.config.VrrpTrackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** track_file's reading and watching, against what keepalived 2.2.7 made of the same file contents (measured). */
class FileWatcherTest {

    @TempDir
    Path dir;

    @Test
    void aFileIsReadAsStrtolReadsIt() throws Exception {
        // keepalived moved the priority by these values (weight 1, priority 100): 5 -> 105, "2.7" -> 102,
        // "abc", an empty file and a deleted one -> 100
        Map<String, Long> cases = Map.of("5\n", 5L, "-2\n", -2L, "2.7\n", 2L, "abc\n", 0L, "", 0L, "  +7 apples", 7L,
                "99999999999999999999", (long) Integer.MAX_VALUE, "-99999999999999999999", (long) Integer.MIN_VALUE);
        for (Map.Entry<String, Long> c : cases.entrySet()) {
            Path f = Files.writeString(dir.resolve("tf"), c.getKey());
            assertThat(FileWatcher.read(f)).as("'%s'", c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(FileWatcher.read(dir.resolve("missing"))).isZero();
    }

    @Test
    void initFileWritesItsValueWhenTheFileIsMissingOrWithOverwrite() throws Exception {
        Path missing = dir.resolve("a");
        Path existing = Files.writeString(dir.resolve("b"), "9\n");
        Path overwritten = Files.writeString(dir.resolve("c"), "9\n");
        Location at = new Location(Path.of("k.conf"), 1);
        try (FileWatcher w = FileWatcher.start(List.of(
                new VrrpTrackFile("a", missing, 1, false, 7L, false, at),
                new VrrpTrackFile("b", existing, 1, false, 3L, false, at),
                new VrrpTrackFile("c", overwritten, 1, false, 3L, true, at)), (n, v) -> { }, m -> { })) {
            // keepalived wrote "7\n" and "3\n" and left "9\n" alone
            assertThat(Files.readString(missing)).isEqualTo("7\n");
            assertThat(Files.readString(existing)).isEqualTo("9\n");
            assertThat(Files.readString(overwritten)).isEqualTo("3\n");
            assertThat(w.initial()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 7L, "b", 9L, "c", 3L));
        }
    }

    @Test
    void aChangedReplacedOrDeletedFileIsReadAgainAtOnce() throws Exception {
        Path f = Files.writeString(dir.resolve("tf"), "1\n");
        Map<String, Long> seen = new ConcurrentHashMap<>();
        try (FileWatcher w = FileWatcher.start(List.of(new VrrpTrackFile("tf", f, 1, false, null, false,
                new Location(Path.of("k.conf"), 1))), seen::put, m -> { })) {
            assertThat(w.initial()).containsEntry("tf", 1L);
            Files.writeString(f, "4\n");
            // the watcher reports from its own thread: wait for the report, not for a time
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(4).equals(seen.get("tf")));
            Path next = Files.writeString(dir.resolve("tf.new"), "-3\n");
            Files.move(next, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(-3).equals(seen.get("tf")));
            Files.delete(f);
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(0).equals(seen.get("tf")));
        }
    }
}
