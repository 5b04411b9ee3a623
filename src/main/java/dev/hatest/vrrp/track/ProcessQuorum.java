package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.VrrpTrackProcess;

/**
 * One vrrp_track_process's status from the count of its matching processes, on the daemon's clock
 * (microseconds): up while the count is within [quorum, quorum_max]. A change waits out
 * {@code fork_delay} (going up) or {@code terminate_delay} (going down) and is dropped if the count comes back
 * meanwhile, so that a reload (stop, then start) need not move the VIP. The first count decides at once.
 */
public final class ProcessQuorum {

    private static final long NONE = Long.MAX_VALUE;

    private final VrrpTrackProcess process;
    private int count = -1;
    private boolean up;
    private long changeAt = NONE;

    public ProcessQuorum(VrrpTrackProcess process) {
        this.process = process;
    }

    /**
     * Records the current count at {@code now}.
     *
     * @return whether the status changed now
     */
    public boolean count(int n, long now) {
        boolean first = count < 0;
        count = n;
        boolean wanted = process.up(n);
        if (first) {
            up = wanted;
            return true;
        }
        if (wanted == up) {
            changeAt = NONE;
            return false;
        }
        long delay = wanted ? process.forkDelayMicros() : process.terminateDelayMicros();
        if (delay == 0) {
            up = wanted;
            changeAt = NONE;
            return true;
        }
        if (changeAt == NONE) {
            changeAt = now + delay;
        }
        return false;
    }

    /**
     * Lets a pending change take effect once its delay has passed.
     *
     * @return whether the status changed now
     */
    public boolean tick(long now) {
        if (changeAt != NONE && now >= changeAt) {
            changeAt = NONE;
            up = process.up(count);
            return true;
        }
        return false;
    }

    /** When a pending change is due, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return changeAt;
    }

    /** Whether the quorum is met; null before the first count. */
    public Boolean up() {
        return count < 0 ? null : up;
    }

    public int count() {
        return count;
    }

    public VrrpTrackProcess process() {
        return process;
    }
}
