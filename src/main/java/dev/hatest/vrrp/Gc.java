package dev.hatest.vrrp;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's garbage collections, for /status: how many, and the longest pause. A pause longer than
 * 3 x advert_int would let a backup take over from a live master, so this is the figure that shows whether
 * the chosen GC and heap (see the node image's flags) are fit for short advert intervals.
 */
final class Gc {

    private static final AtomicLong MAX_PAUSE_MICROS = new AtomicLong();
    private static volatile boolean listening;

    private Gc() {
    }

    /** Starts following the collections (once). */
    static synchronized void listen() {
        if (listening) {
            return;
        }
        listening = true;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, h) -> {
                    if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        long micros = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration() * 1000;
                        MAX_PAUSE_MICROS.accumulateAndGet(micros, Math::max);
                    }
                }, null, null);
            }
        }
    }

    static Map<String, Object> status() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collections", count);
        m.put("totalMs", millis);
        m.put("maxPauseMs", MAX_PAUSE_MICROS.get() / 1000.0);
        m.put("collectors", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        return m;
    }
}
