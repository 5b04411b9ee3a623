package dev.hatest.vrrp.config;

import java.util.List;
import java.util.Map;

/**
 * A vrrp_sync_group: instances that move together (keepalived's group { ... }).
 *
 * @param notifyScripts   the group's own notify_master, notify_backup, notify_fault, notify_stop and notify, run
 *                        when the group changes state (notify gets {@code GROUP NAME STATE 0})
 * @param trackScripts    the group's track_script entries; the parser has added them to every member
 * @param trackInterfaces the group's track_interface entries, likewise
 * @param trackProcesses  the group's track_process entries, likewise
 * @param trackFiles      the group's track_file entries, likewise
 * @param trackingWeight  sync_group_tracking_weight: the members keep their weighted tracking
 */
public record SyncGroup(String name, List<String> members, Map<String, NotifyScript> notifyScripts, List<TrackedScript> trackScripts,
                        List<TrackedInterface> trackInterfaces, List<TrackedProcess> trackProcesses, List<TrackedFile> trackFiles,
                        boolean trackingWeight,
                        Location at) {

    public SyncGroup {
        members = List.copyOf(members);
        notifyScripts = Map.copyOf(notifyScripts);
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackProcesses = List.copyOf(trackProcesses);
        trackFiles = List.copyOf(trackFiles);
    }
}
