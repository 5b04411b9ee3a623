package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.VrrpScript;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs each vrrp_script every {@code interval}, as keepalived does: the command (split on white space, and
 * wrapped to run as the script's user: {@link RunAs#command}) is executed directly, with no shell, and a run
 * that exceeds {@code timeout} is killed and counts as a failure. Results go to a callback; the bookkeeping is
 * {@link ScriptState}'s.
 */
public final class ScriptRunner implements AutoCloseable {

    private final ScheduledExecutorService pool;

    /** Starts running each script's command. */
    public ScriptRunner(Map<VrrpScript, List<String>> scripts, BiConsumer<VrrpScript, Boolean> results) {
        this.pool = Executors.newScheduledThreadPool(Math.max(1, scripts.size()), r -> {
            Thread t = new Thread(r, "vrrp-script");
            t.setDaemon(true);
            return t;
        });
        scripts.forEach((s, command) -> pool.scheduleWithFixedDelay(() -> results.accept(s, runOnce(command, s.timeoutMillis())),
                0, s.intervalMillis(), TimeUnit.MILLISECONDS));
    }

    static boolean runOnce(List<String> command, long timeoutMillis) {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return false;
        }
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
