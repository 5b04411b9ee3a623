package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.TrackedInterface;
import dev.hatest.vrrp.config.TrackedScript;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an instance's tracking says, from the current link and script states (never accumulated): whether it
 * is in FAULT, and its effective priority. As in keepalived 2.2.7 (measured):
 * <ul>
 *   <li>a tracked script or interface without a weight (or weight 0) puts the instance in FAULT while it
 *       fails or is down; one with a weight moves the priority instead;</li>
 *   <li>in a sync group (without sync_group_tracking_weight) weighted tracking is ignored altogether:
 *       keepalived logs "ignoring tracked script ... with weights due to SYNC group".</li>
 * </ul>
 */
public final class Tracking {

    private Tracking() {
    }

    /** The weight a tracked script carries for this instance: its track_script override, else its own. */
    public static int weight(TrackedScript t, Function<String, VrrpScript> scripts) {
        return t.weight() != null ? t.weight() : scripts.apply(t.name()).weight();
    }

    /** Whether the instance is in FAULT: its own interface, or unweighted tracking, says so. */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp, Function<String, VrrpScript> scripts,
                                Function<String, ScriptState> states) {
        if (!linkUp.getOrDefault(c.iface(), true)) {
            return true;
        }
        if (c.trackInterfaces().stream().anyMatch(t -> t.weight() == null && !linkUp.getOrDefault(t.name(), true))) {
            return true;
        }
        return c.trackScripts().stream().filter(t -> weight(t, scripts) == 0).map(t -> states.apply(t.name()))
                .anyMatch(st -> st != null && st.known() && !st.good());
    }

    /** The base priority moved by weighted tracking; a sync group's member ignores weights. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp, boolean syncMember) {
        if (syncMember) {
            return c.priority();
        }
        List<EffectivePriority.Contribution> parts = new ArrayList<>();
        for (TrackedScript t : c.trackScripts()) {
            ScriptState st = states.apply(t.name());
            parts.add(new EffectivePriority.Contribution(weight(t, scripts), st.known(), st.good()));
        }
        for (TrackedInterface t : c.trackInterfaces()) {
            if (t.weight() != null) {
                parts.add(new EffectivePriority.Contribution(t.weight(), true, linkUp.getOrDefault(t.name(), true)));
            }
        }
        return EffectivePriority.of(c.priority(), parts);
    }
}
