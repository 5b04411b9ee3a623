package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.TrackedInterface;
import dev.hatest.vrrp.config.TrackedProcess;
import dev.hatest.vrrp.config.TrackedScript;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;
import dev.hatest.vrrp.config.VrrpTrackProcess;

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
 *   <li>a sync group member's tracking is settled by the parser (its group's entries added, its weighted
 *       scripts dropped): here every member is an instance like any other.</li>
 * </ul>
 */
public final class Tracking {

    private Tracking() {
    }

    /** The weight a tracked script carries for this instance: its track_script override, else its own. */
    public static int weight(TrackedScript t, Function<String, VrrpScript> scripts) {
        return t.weightOf(scripts.apply(t.name()));
    }

    /** The weight a tracked process carries for this instance: its track_process override, else its own. */
    public static int weight(TrackedProcess t, Function<String, VrrpTrackProcess> processes) {
        return t.weight() != null ? t.weight() : processes.apply(t.name()).weight();
    }

    private static boolean reverse(TrackedProcess t, Function<String, VrrpTrackProcess> processes) {
        return t.reverse() != null ? t.reverse() : processes.apply(t.name()).reverse();
    }

    /** {@link #fault(VrrpInstanceConfig, Map, Function, Function, Function, Function)} for an instance tracking no process. */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp, Function<String, VrrpScript> scripts,
                                Function<String, ScriptState> states) {
        return fault(c, linkUp, scripts, states, n -> null, n -> null);
    }

    /**
     * Whether the instance is in FAULT: its own interface, or unweighted tracking, says so. A tracked process of
     * weight 0 does while its quorum is not met ({@code processUp} false; null: not known yet), or, reversed,
     * while it is.
     */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp, Function<String, VrrpScript> scripts,
                                Function<String, ScriptState> states, Function<String, VrrpTrackProcess> processes,
                                Function<String, Boolean> processUp) {
        for (TrackedProcess t : c.trackProcesses()) {
            Boolean up = processUp.apply(t.name());
            if (weight(t, processes) == 0 && up != null && up == reverse(t, processes)) {
                return true;
            }
        }
        if (!linkUp.getOrDefault(c.iface(), true)) {
            return true;
        }
        if (c.trackInterfaces().stream().anyMatch(t -> t.weight() == null && !linkUp.getOrDefault(t.name(), true))) {
            return true;
        }
        return c.trackScripts().stream().filter(t -> weight(t, scripts) == 0).map(t -> states.apply(t.name()))
                .anyMatch(st -> st != null && st.known() && !st.good());
    }

    /** {@link #effectivePriority(VrrpInstanceConfig, Function, Function, Map, Function, Function)} without processes. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp) {
        return effectivePriority(c, scripts, states, linkUp, n -> null, n -> null);
    }

    /** The base priority moved by weighted tracking. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp,
                                        Function<String, VrrpTrackProcess> processes, Function<String, Boolean> processUp) {
        List<EffectivePriority.Contribution> parts = new ArrayList<>();
        for (TrackedScript t : c.trackScripts()) {
            ScriptState st = states.apply(t.name());
            parts.add(new EffectivePriority.Contribution(weight(t, scripts), st.known(), st.good()));
        }
        for (TrackedProcess t : c.trackProcesses()) {
            Boolean up = processUp.apply(t.name());
            parts.add(new EffectivePriority.Contribution(weight(t, processes), up != null, up != null && up, reverse(t, processes)));
        }
        for (TrackedInterface t : c.trackInterfaces()) {
            if (t.weight() != null) {
                parts.add(new EffectivePriority.Contribution(t.weight(), true, linkUp.getOrDefault(t.name(), true)));
            }
        }
        return EffectivePriority.of(c.priority(), parts);
    }
}
