package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.TrackedFile;
import dev.hatest.vrrp.config.TrackedInterface;
import dev.hatest.vrrp.config.TrackedProcess;
import dev.hatest.vrrp.config.TrackedScript;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;
import dev.hatest.vrrp.config.VrrpTrackFile;
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

    /** The files an instance tracks: each track_file's config, and the number its file holds now. */
    public interface FileValues {
        FileValues NONE = new FileValues() {
            @Override
            public VrrpTrackFile file(String name) {
                throw new IllegalArgumentException("no track_file " + name);
            }

            @Override
            public long value(String name) {
                throw new IllegalArgumentException("no track_file " + name);
            }
        };

        VrrpTrackFile file(String name);

        long value(String name);
    }

    /**
     * A weighted tracked file's status, as keepalived 2.2.7 logs it ("tracked file tf has status -254"): the value
     * times the weight, negated by reverse, held to [-254, 254].
     */
    public static long status(TrackedFile t, FileValues files) {
        VrrpTrackFile f = files.file(t.name());
        long r = files.value(t.name()) * t.weightOf(f) * (t.reverseOf(f) ? -1 : 1);
        return Math.max(-254, Math.min(254, r));
    }

    /** {@link #fault(VrrpInstanceConfig, Map, Function, Function, Function, Function, FileValues)} without files. */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp, Function<String, VrrpScript> scripts,
                                Function<String, ScriptState> states, Function<String, VrrpTrackProcess> processes,
                                Function<String, Boolean> processUp) {
        return fault(c, linkUp, scripts, states, processes, processUp, FileValues.NONE);
    }

    /**
     * Whether the instance is in FAULT: its own interface, or unweighted tracking, says so. A tracked process of
     * weight 0 does while its quorum is not met ({@code processUp} false; null: not known yet), or, reversed,
     * while it is. A tracked file of weight 0 does while its value is not 0; a weighted one while its status is
     * below -253.
     */
    public static boolean fault(VrrpInstanceConfig c, Map<String, Boolean> linkUp, Function<String, VrrpScript> scripts,
                                Function<String, ScriptState> states, Function<String, VrrpTrackProcess> processes,
                                Function<String, Boolean> processUp, FileValues files) {
        for (TrackedFile t : c.trackFiles()) {
            if (t.weightOf(files.file(t.name())) == 0 ? files.value(t.name()) != 0 : status(t, files) < -253) {
                return true;
            }
        }
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

    /** {@link #effectivePriority(VrrpInstanceConfig, Function, Function, Map, Function, Function, FileValues)} without files. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp,
                                        Function<String, VrrpTrackProcess> processes, Function<String, Boolean> processUp) {
        return effectivePriority(c, scripts, states, linkUp, processes, processUp, FileValues.NONE);
    }

    /** The base priority moved by weighted tracking; a weighted file adds its status. */
    public static int effectivePriority(VrrpInstanceConfig c, Function<String, VrrpScript> scripts,
                                        Function<String, ScriptState> states, Map<String, Boolean> linkUp,
                                        Function<String, VrrpTrackProcess> processes, Function<String, Boolean> processUp,
                                        FileValues files) {
        List<EffectivePriority.Contribution> parts = new ArrayList<>();
        for (TrackedFile t : c.trackFiles()) {
            if (t.weightOf(files.file(t.name())) != 0) {
                long status = status(t, files);
                parts.add(new EffectivePriority.Contribution((int) status, true, status > 0));
            }
        }
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
