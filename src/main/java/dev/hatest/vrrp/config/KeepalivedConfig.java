package dev.hatest.vrrp.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole keepalived.conf as vrrpd understands it.
 *
 * @param warnings what keepalived would also report: both daemons run the config, but a config test fails
 * @param notes    vrrpd's own remarks (e.g. keepalived keywords it does not act on); a config test still passes
 * @param hostChecks what {@code vrrpd -t} checks on its host: the interfaces the config names
 * @param found    the warnings and notes typed ({@link Finding}), in the order found: where each is and what it says
 */
public record KeepalivedConfig(GlobalDefs globalDefs, List<VrrpScript> scripts, List<VrrpTrackProcess> trackProcesses,
                               List<VrrpTrackFile> trackFiles, List<VrrpInstanceConfig> instances,
                               List<SyncGroup> syncGroups, List<String> warnings, List<String> notes,
                               HostChecks hostChecks, List<Finding> found) {

    public KeepalivedConfig {
        scripts = List.copyOf(scripts);
        trackProcesses = List.copyOf(trackProcesses);
        trackFiles = List.copyOf(trackFiles);
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        found = List.copyOf(found);
    }

    public Optional<VrrpTrackProcess> trackProcess(String name) {
        return trackProcesses.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<VrrpTrackFile> trackFile(String name) {
        return trackFiles.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The first instance that has {@code vip} among its VIPs. */
    public Optional<VrrpInstanceConfig> instanceHolding(java.net.InetAddress vip) {
        return instances.stream().filter(i -> i.holds(vip)).findFirst();
    }

    public Optional<VrrpScript> script(String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
