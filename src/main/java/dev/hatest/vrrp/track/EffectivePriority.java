package dev.hatest.vrrp.track;

import java.util.List;

/**
 * keepalived's effective priority: the base priority plus each tracked script's weight where it applies,
 * clamped to [1, 254]. A positive weight is added while the script is good; a negative weight is added
 * while it is bad; otherwise the priority is unchanged. It is computed from the current statuses, never
 * accumulated, so it cannot drift however often scripts run.
 */
public final class EffectivePriority {

    /**
     * One tracked item's weight and status. {@code reverse} (keepalived's, for track_process and the like)
     * subtracts what would have been added: a positive weight while good, a negative one while bad.
     */
    public record Contribution(int weight, boolean known, boolean good, boolean reverse) {

        public Contribution(int weight, boolean known, boolean good) {
            this(weight, known, good, false);
        }
    }

    private EffectivePriority() {
    }

    public static int of(int basePriority, List<Contribution> contributions) {
        if (basePriority == 255) {
            // The address owner's priority is fixed (RFC 3768 5.3.4); keepalived does not track it either.
            return 255;
        }
        int p = basePriority;
        for (Contribution c : contributions) {
            if (!c.known()) {
                continue;
            }
            if ((c.weight() > 0 && c.good()) || (c.weight() < 0 && !c.good())) {
                p += c.reverse() ? -c.weight() : c.weight();
            }
        }
        return Math.max(1, Math.min(254, p));
    }
}
