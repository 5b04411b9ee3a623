package dev.hatest.vrrp;

import dev.hatest.vrrp.config.UnicastChecksum;
import dev.hatest.vrrp.config.VirtualAddress;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.fsm.Action;
import dev.hatest.vrrp.fsm.Event;
import dev.hatest.vrrp.fsm.RouterParams;
import dev.hatest.vrrp.fsm.State;
import dev.hatest.vrrp.fsm.VirtualRouter;
import dev.hatest.vrrp.io.GratuitousArp;
import dev.hatest.vrrp.io.NeighbourAdvert;
import dev.hatest.vrrp.io.NetInterface;
import dev.hatest.vrrp.io.NftFirewall;
import dev.hatest.vrrp.io.VipAddresses;
import dev.hatest.vrrp.io.VrrpSocket;
import dev.hatest.vrrp.packet.AuthType;
import dev.hatest.vrrp.packet.ReceivedAdvert;
import dev.hatest.vrrp.packet.VrrpCodec;
import dev.hatest.vrrp.packet.VrrpDecodeException;
import dev.hatest.vrrp.packet.VrrpPacket;
import dev.hatest.vrrp.packet.VrrpVersion;
import dev.hatest.vrrp.track.Notifier;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One running vrrp_instance: its state machine wired to its sockets, its VIPs and its log. Every method runs
 * on the daemon's loop thread, so nothing here is shared.
 */
final class Instance {

    /** The instance's config: replaced in place by a reload that keeps the instance ({@link #reload}). */
    private VrrpInstanceConfig config;
    private final VirtualRouter router;
    private final NetInterface iface;
    private final InetAddress source;
    private final VrrpSocket socket;
    private List<InetAddress> vipAddresses;
    /** The VIPs and the excluded ones: what the master holds, announces and (no_accept) filters. */
    private List<InetAddress> allAddresses;
    /** Where each address's GARPs go: its own {@code dev}, else the instance's interface (as keepalived). */
    private final Map<InetAddress, NetInterface> garpInterface = new LinkedHashMap<>();
    private final EventLog log;
    private Notifier notifier;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    private final List<Map<String, Object>> transitions = new ArrayList<>();
    private long advertsSent;
    private boolean fault;
    /** Told of each transition, after it is carried out (the daemon's sync groups listen). */
    private java.util.function.BiConsumer<Instance, Action.Transition> onTransition = (i, t) -> { };
    private long advertsReceived;
    private volatile boolean closed;
    private long firewallErrors;
    /** Whether this instance sends and expects keepalived's old unicast VRRPv3 checksum (see {@link UnicastChecksum}). */
    private boolean oldChecksum;

    /** no_accept's drop rules, shared by the daemon's instances; used only when this instance does not accept. */
    private final NftFirewall firewall;

    Instance(VrrpInstanceConfig config, EventLog log, NftFirewall firewall, Notifier notifier) throws IOException {
        this(config, List.of(), log, firewall, notifier);
    }

    /**
     * @param otherVips the other instances' addresses: never this one's primary address either (a reload starts
     *                  an instance while others hold their VIPs on the same interface)
     */
    Instance(VrrpInstanceConfig config, List<InetAddress> otherVips, EventLog log, NftFirewall firewall, Notifier notifier)
            throws IOException {
        this.config = config;
        this.firewall = firewall;
        this.log = log;
        this.vipAddresses = config.vips().stream().map(VirtualAddress::address).toList();
        this.allAddresses = config.allVips().stream().map(VirtualAddress::address).toList();
        List<InetAddress> notPrimary = new ArrayList<>(allAddresses);
        notPrimary.addAll(otherVips);
        this.iface = NetInterface.lookup(config.iface(), notPrimary, config.ipv6());
        garpInterfaces();
        this.source = source(config, iface);
        this.router = new VirtualRouter(params(config, source));
        this.socket = VrrpSocket.open(iface, source, 10_000, () -> log.info("(" + config.name() + ") waiting for "
                + VrrpCodec.text(source) + " on " + config.iface() + " to pass duplicate address detection"));
        this.notifier = notifier;
        this.oldChecksum = config.unicastChecksum() == UnicastChecksum.OLD && unicastV3();
        if (config.ipv6() && config.unicastPeers().isEmpty() && !config.vips().isEmpty()
                && !config.vips().get(0).address().isLinkLocalAddress()) {
            // keepalived's line (RFC 5798 5.2.9: the first address SHOULD be the link-local one)
            log.info("(" + config.name() + ") the first IPv6 VIP address should be link local");
        }
    }

    private void garpInterfaces() {
        garpInterface.clear();
        for (VirtualAddress v : config.allVips()) {
            garpInterface.put(v.address(), v.device() == null || v.device().equals(config.iface()) ? iface : NetInterface.link(v.device()));
        }
    }

    private static InetAddress source(VrrpInstanceConfig config, NetInterface iface) {
        return config.mcastSrcIp() != null ? config.mcastSrcIp() : iface.primaryAddress();
    }

    private static RouterParams params(VrrpInstanceConfig config, InetAddress source) {
        return new RouterParams(config.version() == 3 ? VrrpVersion.V3 : VrrpVersion.V2, config.priority(), config.advertIntervalMicros(),
                !config.nopreempt(), source, config.garp().delayMillis() * 1000L, config.garp().refreshMillis() * 1000L,
                config.preemptDelayMillis() * 1000L);
    }

    /**
     * Whether a reload keeps this instance for {@code next}, as keepalived 2.2.7's {@code vrrp_exist} matches
     * them: the same VRID on the same interface, both multicast or both unicast (from the same address). Its
     * name, version and all the rest may change. vrrpd's sockets are bound to the advert source, so an
     * instance whose {@code mcast_src_ip} changed is stopped and started anew here (keepalived keeps it).
     */
    boolean keeps(VrrpInstanceConfig next) {
        return next.vrid() == config.vrid() && next.iface().equals(config.iface()) && next.ipv6() == config.ipv6()
                && next.unicastPeers().isEmpty() == config.unicastPeers().isEmpty() && source(next, iface).equals(source);
    }

    /** Stops receiving: the instance is gone (a reload removed it, or the daemon stops). */
    void close() {
        closed = true;
        socket.close();
    }

    boolean closed() {
        return closed;
    }

    /**
     * A master's advert at the start of a reload, with the priority in force, as keepalived sends one before it
     * reads the config again (its {@code send_reload_advert_thread}): a reload that takes a while must not
     * let a backup's Master_Down_Timer run out.
     */
    void advertiseBeforeReload() {
        if (router.state() == State.MASTER) {
            executeActions(List.of(new Action.SendAdvert(router.effectivePriority())));
        }
    }

    /**
     * A reload kept this instance ({@link #keeps}): {@code next} applies in place, as keepalived applies it
     * (measured on 2.2.7, and read in its {@code clear_diff_vrrp} and {@code restore_vrrp_state}): no
     * transition; a master advertises at once with its new priority and timers, drops the VIPs that were
     * removed and takes those that were added, and when one was added sends GARPs for every VIP. A backup
     * takes the new timers and priority, its Master_Down_Timer restarted.
     *
     * @param effective the effective priority under the new config's tracking
     * @return what changed, in the config's words, for the reload's log and event (empty: nothing)
     */
    List<String> reload(VrrpInstanceConfig next, Notifier notifier, int effective, long now) throws IOException {
        VrrpInstanceConfig before = config;
        if (next.ipv6() != before.ipv6()) {
            throw new IllegalArgumentException("(" + name() + ") an instance can't change address family");
        }
        List<String> changed = changes(before, next);
        List<VirtualAddress> dropped = before.allVips().stream().filter(v -> !next.allVips().contains(v)).toList();
        List<VirtualAddress> added = next.allVips().stream().filter(v -> !before.allVips().contains(v)).toList();
        List<InetAddress> oldAddresses = allAddresses;
        this.config = next;
        this.notifier = notifier;
        this.vipAddresses = next.vips().stream().map(VirtualAddress::address).toList();
        this.allAddresses = next.allVips().stream().map(VirtualAddress::address).toList();
        garpInterfaces();
        if (next.unicastChecksum() == UnicastChecksum.OLD && unicastV3()) {
            oldChecksum = true;
        } else if (next.unicastChecksum() == UnicastChecksum.NEVER || !unicastV3()) {
            oldChecksum = false;
        }
        if (router.state() == State.MASTER && (!dropped.isEmpty() || !added.isEmpty())) {
            for (VirtualAddress v : dropped) {
                VipAddresses.remove(v.cidr(), v.device() != null ? v.device() : before.iface());
            }
            if (!before.accept()) {
                firewall(() -> firewall.allow(oldAddresses));
            }
            if (!next.accept()) {
                firewall(() -> firewall.drop(allAddresses));
            }
            for (VirtualAddress v : added) {
                VipAddresses.add(v.cidr(), device(v), v.label());
            }
            log.event("vips", Map.of("instance", name(), "op", "reload", "vips", vipStrings()));
        } else if (router.state() == State.MASTER && before.accept() != next.accept()) {
            firewall(() -> {
                if (next.accept()) {
                    firewall.allow(allAddresses);
                } else {
                    firewall.drop(allAddresses);
                }
            });
        }
        List<Action> actions = new ArrayList<>(router.reload(params(next, source), effective, now));
        if (router.state() == State.MASTER && !added.isEmpty()) {
            actions.add(new Action.SendGratuitousArp());  // keepalived: GARPs for every VIP, only when one was added
        }
        execute(actions);
        return changed;
    }

    /** What an instance tracks, and how, without where the config says so. */
    private static List<String> tracking(VrrpInstanceConfig c) {
        List<String> out = new ArrayList<>();
        c.trackScripts().forEach(t -> out.add("script " + t.name() + " " + t.weight()));
        c.trackInterfaces().forEach(t -> out.add("interface " + t.name() + " " + t.weight()));
        c.trackProcesses().forEach(t -> out.add("process " + t.name() + " " + t.weight() + " " + t.reverse()));
        c.trackFiles().forEach(t -> out.add("file " + t.name() + " " + t.weight() + " " + t.reverse()));
        return out;
    }

    private static Map<String, String> notify(VrrpInstanceConfig c) {
        Map<String, String> out = new java.util.TreeMap<>();
        c.notifyScripts().forEach((k, v) -> out.put(k, v.command() + " " + v.user()));
        return out;
    }

    /** What a reload changes of an instance, by keyword. */
    static List<String> changes(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        List<String> out = new ArrayList<>();
        if (a.priority() != b.priority()) out.add("priority " + a.priority() + " -> " + b.priority());
        if (a.advertIntervalMicros() != b.advertIntervalMicros()) {
            out.add("advert_int " + a.advertIntervalMicros() / 1e6 + " -> " + b.advertIntervalMicros() / 1e6);
        }
        if (!a.allVips().equals(b.allVips())) out.add("virtual_ipaddress");
        if (a.nopreempt() != b.nopreempt()) out.add(b.nopreempt() ? "nopreempt" : "preempt");
        if (a.preemptDelayMillis() != b.preemptDelayMillis()) out.add("preempt_delay");
        if (!java.util.Objects.equals(a.authPass(), b.authPass())) out.add("authentication");
        if (!tracking(a).equals(tracking(b))) out.add("tracking");
        if (!notify(a).equals(notify(b))) out.add("notify");
        if (!a.garp().equals(b.garp())) out.add("garp");
        if (!a.unicastPeers().equals(b.unicastPeers())) out.add("unicast_peer");
        if (a.accept() != b.accept()) out.add(b.accept() ? "accept" : "no_accept");
        return out;
    }

    String name() {
        return config.name();
    }

    VrrpSocket socket() {
        return socket;
    }

    VirtualRouter router() {
        return router;
    }

    VrrpInstanceConfig config() {
        return config;
    }

    private VrrpVersion version() {
        return config.version() == 3 ? VrrpVersion.V3 : VrrpVersion.V2;
    }

    /** Whether this instance is a master (a stop says goodbye with a priority-0 advert). */
    boolean master() {
        return router.state() == State.MASTER;
    }

    /** Clears VIPs a previous run may have left behind, then starts the election. */
    void start(long now) {
        for (VirtualAddress v : config.allVips()) {
            try {
                VipAddresses.remove(v.cidr(), device(v));
            } catch (IOException e) {
                log.info("(" + name() + ") could not clear " + v.cidr() + ": " + e.getMessage());
            }
        }
        warmUp();
        execute(router.handle(new Event.Startup(), now));
    }

    void stop(long now) {
        execute(router.handle(new Event.Shutdown(), now));
    }

    void tick(long now) {
        execute(router.tick(now));
    }

    private final byte[] pending = new byte[2048];

    /**
     * Takes the adverts already in the socket's buffer, without waiting, before a timer fires. On a starved
     * machine the receiving thread may not have run yet; an advert that arrived before a backup's
     * Master_Down_Timer ran out must still hold it back (it did not, once, in 5 minutes of a CPU hog).
     */
    void readPending(long now) {
        try {
            int n;
            while ((n = socket.receiveNow(pending)) > 0) {
                received(java.util.Arrays.copyOf(pending, n), n, now);
            }
        } catch (IOException e) {
            log.info("(" + name() + ") receive failed: " + e.getMessage());
        }
    }

    void onTransition(java.util.function.BiConsumer<Instance, Action.Transition> listener) {
        this.onTransition = listener;
    }

    /** Follows its sync group to {@code target} (see {@link Event.SyncTo}). */
    void applySync(State target, long now) {
        execute(router.handle(new Event.SyncTo(target), now));
    }

    /** Tracking says whether this instance is in FAULT (a link it depends on is down); acts on a change. */
    void faultChanged(boolean fault, String reason, long now) {
        if (fault != this.fault) {
            this.fault = fault;
            execute(router.handle(fault ? new Event.InterfaceDown(reason) : new Event.InterfaceUp(), now));
        }
    }

    void priorityChanged(int effective, long now) {
        if (effective != router.effectivePriority()) {
            log.info("(" + name() + ") Changing effective priority from " + router.effectivePriority() + " to " + effective);
            log.event("priority", Map.of("instance", name(), "from", router.effectivePriority(), "to", effective));
            execute(router.handle(new Event.PriorityChanged(effective), now));
        }
    }

    /** RFC 3768 7.1: checks a received datagram and hands a valid advert of ours to the state machine. */
    void received(byte[] datagram, int length, long now) {
        ReceivedAdvert r;
        try {
            r = decode(datagram, length);
        } catch (VrrpDecodeException e) {
            drop(DropReason.valueOf(e.reason().name()), e.getMessage());
            if (ours(datagram, length)) {
                invalid(now);
            }
            return;
        }
        VrrpPacket p = r.packet();
        if (p.vrid() != config.vrid() || r.source().equals(source)) {
            return; // another virtual router's advert, or our own
        }
        if (!checked(r, p)) {
            invalid(now);
            return;
        }
        advertsReceived++;
        execute(router.handle(new Event.AdvertReceived(r.source(), p.priority(), p.advertIntervalMillis() * 1000), now));
    }

    /** Unicast VRRPv3 over IPv4: keepalived's old unicast checksum exists only there (IPv6's is the kernel's). */
    private boolean unicastV3() {
        return version() == VrrpVersion.V3 && !config.unicastPeers().isEmpty() && !config.ipv6();
    }

    /**
     * Decodes with the checksum this instance expects. Unicast VRRPv3 without old_unicast_checksum: a checksum
     * that is only right over 224.0.0.18 is keepalived &le; 1.3.6's, accepted, and answered in kind from then on.
     */
    private ReceivedAdvert decode(byte[] datagram, int length) throws VrrpDecodeException {
        if (oldChecksum) {
            return VrrpCodec.decode(datagram, length, VrrpCodec.group(source));
        }
        try {
            return VrrpCodec.decode(datagram, length);
        } catch (VrrpDecodeException e) {
            if (e.reason() != VrrpDecodeException.Reason.BAD_CHECKSUM || !unicastV3()
                    || config.unicastChecksum() != UnicastChecksum.DETECT) {
                throw e;
            }
            ReceivedAdvert r = VrrpCodec.decode(datagram, length, VrrpCodec.group(source));
            oldChecksum = true;
            log.info("(" + name() + ") Setting unicast VRRPv3 checksum to old version");
            return r;
        }
    }

    /** Whether a datagram the decoder refused still names this router's VRID (keepalived looks it up by VRID). */
    private boolean ours(byte[] datagram, int length) {
        boolean six = length > 0 && (datagram[0] & 0xf0) == 0x60;
        int ihl = six ? 40 : length > 0 ? (datagram[0] & 0x0f) * 4 : 0;
        if (ihl < 20 || length < ihl + 2 || (datagram[ihl + 1] & 0xff) != config.vrid()) {
            return false;
        }
        return six ? !Arrays.equals(Arrays.copyOfRange(datagram, 8, 24), source.getAddress())
                : !Arrays.equals(Arrays.copyOfRange(datagram, 12, 16), source.getAddress());
    }

    private void invalid(long now) {
        execute(router.handle(new Event.InvalidPacket(), now));
    }

    /** RFC 3768 7.1's checks that need the configuration; a failure is dropped, counted and logged. */
    private boolean checked(ReceivedAdvert r, VrrpPacket p) {
        if (!config.unicastPeers().isEmpty() && !config.unicastPeers().contains(r.source())) {
            drop(DropReason.NOT_A_PEER, "advert from " + VrrpCodec.text(r.source()) + ", not a unicast_peer");
            return false;
        }
        if (p.version() != version()) {
            drop(DropReason.BAD_VERSION, "version " + p.version().number() + " advert from " + VrrpCodec.text(r.source()));
            return false;
        }
        if (version() == VrrpVersion.V2) {
            // RFC 3768 7.1: "MUST verify that the Auth Type matches the locally configured authentication
            // method for the virtual router" and, for simple text, that the password matches.
            AuthType want = config.authPass() == null ? AuthType.NONE : AuthType.PASS;
            if (p.authType() != want || (want == AuthType.PASS && !Arrays.equals(p.authData(), passBytes()))) {
                drop(DropReason.AUTH_MISMATCH, "authentication mismatch from " + VrrpCodec.text(r.source()));
                return false;
            }
            // RFC 3768 7.1: "MUST verify that the Adver Interval in the packet is the same as the locally
            // configured for this virtual router".
            if (p.advertIntervalMillis() * 1000 != config.advertIntervalMicros()) {
                drop(DropReason.INTERVAL_MISMATCH, "advert interval " + p.advertInterval() + "s from "
                        + VrrpCodec.text(r.source()) + ", ours " + config.advertIntervalMicros() / 1_000_000 + "s");
                return false;
            }
        }
        // RFC 3768 7.1: if the addresses do not match and the sender is not the owner, "the receiver MUST
        // drop the packet".
        if (p.priority() != RouterParams.PRIORITY_OWNER && !p.addresses().equals(vipAddresses)) {
            drop(DropReason.ADDRESS_MISMATCH, "address list " + p.addresses() + " from " + VrrpCodec.text(r.source()));
            return false;
        }
        return true;
    }

    private byte[] passBytes() {
        return Arrays.copyOf(config.authPass().getBytes(StandardCharsets.US_ASCII), VrrpPacket.AUTH_DATA_LENGTH);
    }

    private void drop(DropReason reason, String detail) {
        drops.merge(reason, 1L, Long::sum);
        String line = dropLog.drop(reason, detail, VrrpDaemon.Clock.micros());
        if (line != null) {
            log.info("(" + name() + ") dropped packet: " + line);
        }
    }

    /** Rate-limits the drop lines: a flood is counted in full, logged in a few lines. */
    private final DropLog dropLog = new DropLog();

    /** Transitions carried out by the current {@link #execute}, told to the listener once its actions are done. */
    private final List<Action.Transition> pendingTransitions = new ArrayList<>();

    private void execute(List<Action> actions) {
        executeActions(actions);
        List<Action.Transition> done = List.copyOf(pendingTransitions);
        pendingTransitions.clear();
        done.forEach(t -> onTransition.accept(this, t));
    }

    private void executeActions(List<Action> actions) {
        // The transitions are logged first, when they were decided: the VIP changes below run `ip` (a few ms
        // each), and a log line stamped after them would put the transition late.
        actions.stream().filter(a -> a instanceof Action.Transition).forEach(a -> logTransition((Action.Transition) a));
        for (Action a : actions) {
            try {
                if (a instanceof Action.Transition t) {
                    notifier.fire(t.to() == State.INITIALIZE ? "STOP" : t.to().name(), router.effectivePriority());
                    pendingTransitions.add(t);
                } else if (a instanceof Action.SendAdvert s) {
                    sendAdvert(s.priority());
                } else if (a instanceof Action.AddVips) {
                    if (!config.accept()) {
                        // keepalived's order: the drop rule first, so that no packet reaches a VIP unfiltered.
                        // If nft fails the VIPs are still added: a master that routes for its clients matters more
                        // than the filter, and the failure is logged.
                        log.info("(" + name() + ") setting firewall drop rule");
                        firewall(() -> firewall.drop(allAddresses));
                    }
                    for (VirtualAddress v : config.allVips()) {
                        VipAddresses.add(v.cidr(), device(v), v.label());
                    }
                    log.event("vips", Map.of("instance", name(), "op", "add", "vips", vipStrings()));
                } else if (a instanceof Action.RemoveVips) {
                    for (VirtualAddress v : config.allVips()) {
                        VipAddresses.remove(v.cidr(), device(v));
                    }
                    log.event("vips", Map.of("instance", name(), "op", "remove", "vips", vipStrings()));
                    if (!config.accept()) {
                        log.info("(" + name() + ") removing firewall drop rule");
                        firewall(() -> firewall.allow(allAddresses));
                    }
                } else if (a instanceof Action.SendGratuitousArp) {
                    for (InetAddress vip : allAddresses) {
                        if (vip instanceof Inet6Address six) {
                            NeighbourAdvert.send(garpInterface.get(vip), six, config.garp().repeat());
                        } else {
                            GratuitousArp.send(garpInterface.get(vip), (Inet4Address) vip, config.garp().repeat());
                        }
                    }
                    log.event("garp", Map.of("instance", name(), "vips", vipStrings(), "count", config.garp().repeat()));
                }
            } catch (IOException e) {
                log.info("(" + name() + ") " + e.getMessage());
            }
        }
    }

    private interface FirewallChange {
        void run() throws IOException;
    }

    private void firewall(FirewallChange change) {
        try {
            change.run();
        } catch (IOException e) {
            firewallErrors++;
            log.info("(" + name() + ") firewall: " + e.getMessage());
        }
    }

    private void logTransition(Action.Transition t) {
        String verb = switch (t.to()) {
            case MASTER -> "Entering MASTER STATE";
            case BACKUP -> "Entering BACKUP STATE";
            case FAULT -> "Entering FAULT STATE";
            case INITIALIZE -> "Stopping";
        };
        log.info("(" + name() + ") " + verb + " (" + t.reason() + ")");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ts", Instant.now().toString());
        e.put("from", t.from().name());
        e.put("to", t.to().name());
        e.put("reason", t.reason());
        transitions.add(e);
        log.event("transition", Map.of("instance", name(), "from", t.from().name(), "to", t.to().name(),
                "reason", t.reason(), "priority", router.effectivePriority()));
    }

    private void sendAdvert(int priority) throws IOException {
        VrrpPacket p = advert(priority);
        if (config.unicastPeers().isEmpty()) {
            InetAddress group = VrrpCodec.group(source);
            socket.send(VrrpCodec.encode(p, source, group), group);
        } else {
            // Unicast mode: one copy to each peer (the v3 checksum covers the destination, or 224.0.0.18 in
            // keepalived's old unicast checksum).
            for (InetAddress peer : config.unicastPeers()) {
                socket.send(VrrpCodec.encode(p, source, oldChecksum ? VrrpCodec.group(source) : peer), peer);
            }
        }
        advertsSent++;
    }

    /**
     * Runs, once, what becoming master will run, without sending or changing anything: the advert's encoding,
     * the GARP frame, the native calls' binding. A backup's first takeover is then not slowed by class
     * loading (a few ms between the transition and the VIP otherwise).
     */
    private void warmUp() {
        VrrpCodec.encode(advert(config.priority()), source, VrrpCodec.group(source));
        for (InetAddress v : allAddresses) {
            if (v instanceof Inet6Address six) {
                NeighbourAdvert.prepare(garpInterface.get(v), six);
            } else {
                GratuitousArp.prepare(garpInterface.get(v), (Inet4Address) v);
            }
        }
        socket.warmUp();
    }

    private VrrpPacket advert(int priority) {
        return version() == VrrpVersion.V2
                ? new VrrpPacket(VrrpVersion.V2, config.vrid(), priority, (int) (config.advertIntervalMicros() / 1_000_000),
                config.authPass() == null ? AuthType.NONE : AuthType.PASS,
                config.authPass() == null ? null : passBytes(), vipAddresses)
                : new VrrpPacket(VrrpVersion.V3, config.vrid(), priority, (int) (config.advertIntervalMicros() / 10_000),
                AuthType.NONE, null, vipAddresses);
    }

    private String device(VirtualAddress v) {
        return v.device() != null ? v.device() : config.iface();
    }

    private List<String> vipStrings() {
        return config.allVips().stream().map(VirtualAddress::cidr).toList();
    }

    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name());
        s.put("state", router.state().name());
        s.put("vrid", config.vrid());
        s.put("basePriority", config.priority());
        s.put("effectivePriority", router.effectivePriority());
        s.put("interface", config.iface());
        s.put("source", VrrpCodec.text(source));
        s.put("vips", config.vips().stream().map(VirtualAddress::cidr).toList());
        if (!config.excludedVips().isEmpty()) {
            s.put("excludedVips", config.excludedVips().stream().map(VirtualAddress::cidr).toList());
        }
        s.put("accept", config.accept());
        if (unicastV3()) {
            s.put("unicastChecksum", oldChecksum ? "old" : "rfc");
        }
        if (!config.accept()) {
            s.put("firewallErrors", firewallErrors);
        }
        InetAddress master = router.masterAddress();
        s.put("masterAddress", master == null ? null : VrrpCodec.text(master));
        s.put("advertsSent", advertsSent);
        s.put("advertsReceived", advertsReceived);
        s.put("advertLateMaxMs", router.maxAdvertLateMicros() / 1000.0);
        Map<String, Object> d = new LinkedHashMap<>();
        drops.forEach((k, v) -> d.put(k.name(), v));
        s.put("drops", d);
        s.put("transitions", List.copyOf(transitions));
        return s;
    }
}
