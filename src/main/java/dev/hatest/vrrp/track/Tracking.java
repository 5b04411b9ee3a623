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
 * is in FAULT, and its effective priority. A member of a sync group tracks as keepalived 2.2.7 does without
 * sync_group_tracking_weight: weights are ignored, and a failing tracked script or a tracked interface that
 * is down puts it (and so its group) in FAULT.
 */
public final class Tracking {

    private Tracking() {
    }

    /**
     * FAULT when the instance's own interface is down, or a tracked interface without a weight is (keepalived
     * tracks the VRRP interface always). A link whose state is unknown counts as up.
     */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp) {
        return fault(c, linkUp, name -> null, false);
    }

    /** As {@link #fault(VrrpInstanceConfig, Map)}, for a member of a sync group when {@code syncMember}. */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp, Function<String, ScriptState> states,
                                boolean syncMember) {
        if (!linkUp.getOrDefault(c.iface(), true)) {
            return true;
        }
        if (c.trackInterfaces().stream().anyMatch(t -> (t.weight() == null || syncMember) && !linkUp.getOrDefault(t.name(), true))) {
            return true;
        }
        return syncMember && c.trackScripts().stream().map(t -> states.apply(t.name()))
                .anyMatch(st -> st != null && st.known() && !st.good());
    }

    /** The base priority moved by the weights of tracked scripts and weighted tracked interfaces. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp) {
        return effectivePriority(c, scripts, states, linkUp, false);
    }

    /** As above; a sync group's member ignores weights, so its priority is the base priority. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp, boolean syncMember) {
        if (syncMember) {
            return c.priority();
        }
        List<EffectivePriority.Contribution> parts = new ArrayList<>();
        for (TrackedScript t : c.trackScripts()) {
            ScriptState st = states.apply(t.name());
            int weight = t.weight() != null ? t.weight() : scripts.apply(t.name()).weight();
            parts.add(new EffectivePriority.Contribution(weight, st.known(), st.good()));
        }
        for (TrackedInterface t : c.trackInterfaces()) {
            if (t.weight() != null) {
                parts.add(new EffectivePriority.Contribution(t.weight(), true, linkUp.getOrDefault(t.name(), true)));
            }
        }
        return EffectivePriority.of(c.priority(), parts);
    }
}
