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
 * is in FAULT, and its effective priority.
 */
public final class Tracking {

    private Tracking() {
    }

    /**
     * FAULT when the instance's own interface is down, or a tracked interface without a weight is (keepalived
     * tracks the VRRP interface always). A link whose state is unknown counts as up.
     */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp) {
        if (!linkUp.getOrDefault(c.iface(), true)) {
            return true;
        }
        return c.trackInterfaces().stream().anyMatch(t -> t.weight() == null && !linkUp.getOrDefault(t.name(), true));
    }

    /** The base priority moved by the weights of tracked scripts and weighted tracked interfaces. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp) {
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
