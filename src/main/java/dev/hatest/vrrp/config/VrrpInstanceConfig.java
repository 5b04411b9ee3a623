package dev.hatest.vrrp.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A vrrp_instance block, validated.
 *
 * @param initialState        MASTER or BACKUP as written; only a starting point, the election decides
 * @param advertIntervalMicros advert_int: v2 rounds to whole seconds, v3 to centiseconds
 * @param authPass            PASS password (v2), or null for no authentication
 * @param trackInterfaces     track_interface: other interfaces whose link decides FAULT, or moves the priority
 * @param trackProcesses      track_process: vrrp_track_process quorums that decide FAULT, or move the priority
 * @param preemptDelayMillis  preempt_delay: how long after startup, or after first hearing a lower-priority
 *                            master, this backup waits before preempting (0: at once)
 * @param mcastSrcIp          the advert source address (mcast_src_ip, or unicast_src_ip in unicast mode); null
 *                            means the interface's address
 * @param unicastPeers        unicast_peer: when not empty, adverts go to each peer rather than 224.0.0.18, and
 *                            only adverts from a peer are accepted
 * @param notifyScripts       the notify scripts by keyword (notify_master, notify_backup, notify_fault,
 *                            notify_stop, notify)
 * @param garp                this instance's GARP behaviour: its garp_master_* options, else global_defs'
 * @param accept              accept mode: while master, the VIPs take packets addressed to them. false
 *                            (no_accept, or vrrp_strict's default) means a firewall drops them, unless the
 *                            instance is the address owner (priority 255)
 * @param excludedVips        virtual_ipaddress_excluded: added, removed and announced by GARP with the VIPs, but
 *                            not carried in adverts
 * @param unicastChecksum     old_unicast_checksum: which VRRPv3 checksum unicast adverts carry (see
 *                            {@link UnicastChecksum})
 * @param trackFiles          track_file: files whose number moves the priority, or decides FAULT
 */
public record VrrpInstanceConfig(String name, String initialState, String iface, int vrid, int priority,
                                 long advertIntervalMicros, int version, String authPass,
                                 List<VirtualAddress> vips, List<TrackedScript> trackScripts,
                                 List<TrackedInterface> trackInterfaces, List<TrackedProcess> trackProcesses, boolean nopreempt,
                                 long preemptDelayMillis,
                                 InetAddress mcastSrcIp, List<InetAddress> unicastPeers, Location at, Map<String, NotifyScript> notifyScripts, Garp garp,
                                 boolean accept, UnicastChecksum unicastChecksum, List<VirtualAddress> excludedVips,
                                 List<TrackedFile> trackFiles) {

    public VrrpInstanceConfig {
        vips = List.copyOf(vips);
        excludedVips = List.copyOf(excludedVips);
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackProcesses = List.copyOf(trackProcesses);
        trackFiles = List.copyOf(trackFiles);
        unicastPeers = List.copyOf(unicastPeers);
        notifyScripts = Map.copyOf(notifyScripts);
    }

    /** This instance with other tracking (a sync group's, merged in). */
    public VrrpInstanceConfig withTracking(List<TrackedScript> scripts, List<TrackedInterface> interfaces, List<TrackedProcess> processes,
                                           List<TrackedFile> files) {
        return new VrrpInstanceConfig(name, initialState, iface, vrid, priority, advertIntervalMicros, version, authPass, vips,
                scripts, interfaces, processes, nopreempt, preemptDelayMillis, mcastSrcIp, unicastPeers, at, notifyScripts, garp,
                accept, unicastChecksum, excludedVips, files);
    }

    /**
     * Whether this is an IPv6 instance (VRRPv3 over IPv6, RFC 5798): the family of its first VIP, else of its
     * source or first unicast peer, as keepalived decides it.
     */
    public boolean ipv6() {
        InetAddress first = !vips.isEmpty() ? vips.get(0).address()
                : mcastSrcIp != null ? mcastSrcIp : !unicastPeers.isEmpty() ? unicastPeers.get(0) : null;
        return first instanceof java.net.Inet6Address;
    }

    /** Whether {@code address} is one of this instance's VIPs (virtual_ipaddress, not the excluded ones). */
    public boolean holds(InetAddress address) {
        return vips.stream().anyMatch(v -> v.address().equals(address));
    }

    /** The VIPs, then the excluded ones: every address the master holds. */
    public List<VirtualAddress> allVips() {
        List<VirtualAddress> all = new java.util.ArrayList<>(vips);
        all.addAll(excludedVips);
        return all;
    }
}
