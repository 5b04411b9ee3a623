package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.VrrpTrackFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

/**
 * The files of the track_file blocks some instance tracks: written by init_file at start, read, then read again
 * whenever they change. keepalived watches them with inotify; so does this, through the JDK's WatchService on
 * each file's directory (inotify on Linux), so a file written, replaced by a rename, or deleted is read at once.
 */
public final class FileWatcher implements AutoCloseable {

    private final WatchService watch;
    private final Thread thread;
    private final Map<String, Long> initial;

    private FileWatcher(WatchService watch, Thread thread, Map<String, Long> initial) {
        this.watch = watch;
        this.thread = thread;
        this.initial = Map.copyOf(initial);
    }

    /**
     * Writes init_file values and reads every file ({@link #initial()}), then watches them and reports each new
     * value to {@code changed}, from a daemon thread.
     */
    public static FileWatcher start(List<VrrpTrackFile> files, BiConsumer<String, Long> changed, Consumer<String> log) throws IOException {
        WatchService watch = FileSystems.getDefault().newWatchService();
        Map<Path, Set<VrrpTrackFile>> byDir = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        for (VrrpTrackFile f : files) {
            init(f, log);
            Path file = f.file().toAbsolutePath();
            Path dir = file.getParent();
            try {
                if (!byDir.containsKey(dir)) {
                    dir.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
                }
                byDir.computeIfAbsent(dir, d -> new HashSet<>()).add(f);
            } catch (IOException e) {
                log.accept("track_file " + f.name() + ": cannot watch " + dir + " (" + e.getMessage() + "); its value stays as read at start");
            }
            last.put(f.name(), read(file));
        }
        Map<String, Long> initial = new HashMap<>(last);
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watch.take();
                    Path dir = (Path) key.watchable();
                    Set<String> touched = new HashSet<>();
                    for (WatchEvent<?> e : key.pollEvents()) {
                        Path name = e.kind() == OVERFLOW ? null : (Path) e.context();
                        for (VrrpTrackFile f : byDir.getOrDefault(dir, Set.of())) {
                            if (name == null || f.file().getFileName().equals(name)) {
                                touched.add(f.name());
                            }
                        }
                    }
                    key.reset();
                    for (VrrpTrackFile f : byDir.getOrDefault(dir, Set.of())) {
                        if (!touched.contains(f.name())) {
                            continue;
                        }
                        long v = read(f.file());
                        if (v != last.get(f.name())) {
                            last.put(f.name(), v);
                            changed.accept(f.name(), v);
                        }
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed: stop watching
            }
        }, "vrrp-track-file");
        t.setDaemon(true);
        t.start();
        return new FileWatcher(watch, t, initial);
    }

    /** Each file's value at start, by track_file name. */
    public Map<String, Long> initial() {
        return initial;
    }

    /** init_file: VALUE and a newline, when the file is missing or with overwrite. */
    static void init(VrrpTrackFile f, Consumer<String> log) {
        if (f.initValue() == null || (Files.exists(f.file()) && !f.initOverwrite())) {
            return;
        }
        try {
            Files.writeString(f.file(), f.initValue() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            log.accept("track_file " + f.name() + ": cannot write " + f.file() + " (" + e.getMessage() + ")");
        }
    }

    /**
     * The number a file holds, read as keepalived reads it (strtol): leading white space, an optional sign, then
     * digits up to the first other character ("2.7" is 2). No digits, an unreadable or a missing file: 0. Held to
     * the range of a C int.
     */
    public static long read(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return 0;
        }
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && v <= Integer.MAX_VALUE) {
            v = v * 10 + (text.charAt(i) - '0');
            i++;
        }
        v = negative ? -v : v;
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    @Override
    public void close() throws IOException {
        watch.close();
        thread.interrupt();
    }
}
