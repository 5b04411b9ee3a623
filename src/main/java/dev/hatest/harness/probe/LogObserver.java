package dev.hatest.harness.probe;

import dev.hatest.harness.history.Event;
import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation;
import dev.hatest.harness.history.Observation.AddressChange;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.Reload;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.VrrpState;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the log lines of a node or of the client into History events. Each container writes its
 * observations to stdout with their own timestamps, taken on the shared kernel clock:
 * <ul>
 *   <li>{@code PROBE vip start end ok|fail value}: the HTTP probe ({@link HttpProbe});</li>
 *   <li>{@code LOAD vip due sent end outcome node connection new|reused path}: the load ({@link LoadClient});</li>
 *   <li>{@code IPMON [timestamp] ...}: {@code ip -o -ts monitor address|neigh}, the VIP and ARP observers;</li>
 *   <li>{@code EVENT {"ts":...}}: vrrpd's event log (transitions, priority, GARP);</li>
 *   <li>{@code WIRE ...}: {@code tcpdump -l -n -e -tt} in the client, which sees every VRRP advert and
 *       gratuitous ARP on the test network, whichever daemon sent it;</li>
 *   <li>{@code KLOG epoch.micros line}: keepalived's console log, stamped by the node's {@code klog-stamp}
 *       (transitions, priority changes, GARPs, stop), so keepalived nodes are observed as vrrpd's are.</li>
 * </ul>
 * Anything else is the daemon's or nginx's own log and is ignored here.
 */
public final class LogObserver implements Consumer<String> {

    private static final Pattern IPMON_TS = Pattern.compile("^IPMON \\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.(\\d{1,9})\\]\\s*(.*)$");
    /** An IPv4 address, or an IPv6 one that is not link-local (a node's own fe80:: is no VIP). */
    private static final Pattern INET = Pattern.compile("\\binet6? (\\d+\\.\\d+\\.\\d+\\.\\d+|(?!fe80:)[0-9a-f]*:[0-9a-f:]+)/(\\d+)");
    private static final Pattern NEIGH = Pattern.compile(
            "^(Deleted )?(\\d+\\.\\d+\\.\\d+\\.\\d+|(?!fe80:)[0-9a-f]*:[0-9a-f:]+) dev \\S+(?: lladdr ([0-9a-f:]{17}))?.*?(\\S+)$");
    private static final Pattern EVENT_TS = Pattern.compile("\"ts\":(\\d+)(?:\\.(\\d+))?");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+|\\[[^\\]]*\\])");

    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern WIRE = Pattern.compile("^WIRE (\\d+)\\.(\\d{6}) ([0-9a-f:]{17}) > ([0-9a-f:]{17}), .*?length \\d+: (.*)$");
    private static final Pattern WIRE_VRRP = Pattern.compile("^(\\S+) > \\S+: VRRPv(\\d), Advertisement, vrid (\\d+), prio (\\d+)\\b.*");
    private static final Pattern WIRE_ARP_REQUEST = Pattern.compile("^Request who-has (\\S+)(?: \\([^)]*\\))? tell (\\S+),.*");
    private static final Pattern WIRE_ARP_REPLY = Pattern.compile("^Reply (\\S+) is-at [0-9a-f:]{17}.*");
    /** An unsolicited neighbour advertisement (to all nodes): IPv6's gratuitous ARP. */
    private static final Pattern WIRE_NA = Pattern.compile("^\\S+ > ff02::1: ICMP6, neighbor advertisement, tgt is (\\S+?),? .*");
    private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";
    private static final Pattern KLOG = Pattern.compile("^KLOG (\\d+)\\.(\\d{6}) (?:\\w{3} \\w{3} +\\d+ [\\d:]{8} \\d{4}: )?(.*)$");
    private static final Pattern K_STATE = Pattern.compile("^\\((\\S+)\\) Entering (MASTER|BACKUP|FAULT) STATE(?: \\((.*)\\))?");
    private static final Pattern K_PRIORITY = Pattern.compile("^\\((\\S+)\\) Changing effective priority from (\\d+) to (\\d+)");
    private static final Pattern K_GARP = Pattern.compile(
            "^\\((\\S+)\\) Sending/queueing (?:gratuitous ARPs|Unsolicited Neighbour Adverts) on \\S+ for (\\S+)");

    private final String source;
    private final History history;
    private final Function<String, String> names;
    /** Lines stamped before this (µs) are a replay of a restarted container's log, already observed. */
    private volatile long skipBefore = Long.MIN_VALUE;
    /** keepalived logs only the state it enters: the state each instance was last seen in. */
    private final java.util.Map<String, VrrpState> keepalivedStates = new java.util.LinkedHashMap<>();

    public LogObserver(String source, History history) {
        this(source, history, Function.identity());
    }

    /**
     * @param names maps a MAC or IPv4 address seen on the wire to the node's name (or returns it unchanged)
     */
    public LogObserver(String source, History history, Function<String, String> names) {
        this.source = source;
        this.history = history;
        this.names = names;
    }

    /**
     * What a node was found doing when hatest attached to it (rather than saw happen): instance {@code instance}
     * in {@code state} at {@code micros}. keepalived logs only the state it enters, so its next transition is
     * told from this one.
     */
    public void seedState(long micros, String instance, VrrpState state) {
        keepalivedStates.put(instance, state);
        add(micros, new StateChange(instance, VrrpState.INITIALIZE, state, "found so on attach"));
    }

    /** A VIP found on the node's interface when hatest attached to it. */
    public void seedVip(long micros, String vip) {
        add(micros, new AddressChange(vip, true));
    }

    /** From now on, ignores lines stamped before {@code micros}: the log is about to be replayed. */
    public void skipBefore(long micros) {
        skipBefore = micros;
    }

    @Override
    public void accept(String raw) {
        try {
            observe(raw.strip());
        } catch (RuntimeException e) {
            // A garbled or cut line: skip it rather than stop reading the container's log.
        }
    }

    private void add(long micros, Observation what) {
        add(micros, source, what);
    }

    private void add(long micros, String from, Observation what) {
        if (micros >= skipBefore) {
            history.add(new Event(micros, from, what));
        }
    }

    private void observe(String line) {
        if (line.startsWith("PROBE ")) {
            probe(line);
        } else if (line.startsWith("LOAD ")) {
            load(line);
        } else if (line.startsWith("IPMON ")) {
            ipmon(line);
        } else if (line.startsWith("EVENT ")) {
            event(line.substring(6));
        } else if (line.startsWith("WIRE ")) {
            wire(line);
        } else if (line.startsWith("KLOG ")) {
            keepalived(line);
        }
    }

    private void keepalived(String line) {
        Matcher m = KLOG.matcher(line);
        if (!m.matches()) {
            return;
        }
        long at = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
        String text = m.group(3);
        Matcher st = K_STATE.matcher(text);
        if (st.find()) {
            VrrpState from = keepalivedStates.getOrDefault(st.group(1), VrrpState.INITIALIZE);
            VrrpState to = VrrpState.valueOf(st.group(2));
            keepalivedStates.put(st.group(1), to);
            add(at, new StateChange(st.group(1), from, to, st.group(3) != null ? st.group(3) : "keepalived"));
            return;
        }
        Matcher pr = K_PRIORITY.matcher(text);
        if (pr.find()) {
            add(at, new Observation.PriorityChange(pr.group(1), Integer.parseInt(pr.group(2)), Integer.parseInt(pr.group(3))));
            return;
        }
        Matcher garp = K_GARP.matcher(text);
        if (garp.find()) {
            add(at, new Observation.GarpSent(garp.group(1), java.util.List.of(garp.group(2))));
            return;
        }
        if (text.equals("Reload complete")) {
            add(at, new Reload(Reload.Result.APPLIED, ""));
            return;
        }
        if (text.startsWith("New config failed validation")) {
            add(at, new Reload(Reload.Result.REJECTED, text));
            return;
        }
        if (text.contains("exited with permanent error CONFIG")) {
            // keepalived ends without a goodbye and leaves its VIPs: as after a crash, nobody claims them now
            add(at, new Reload(Reload.Result.EXITED, text));
            keepalivedStates.replaceAll((instance, state) -> VrrpState.INITIALIZE);
            add(at, new NodeCondition(NodeCondition.Condition.DEAD, "keepalived exited on a config error"));
            return;
        }
        if (text.equals("Stopping")) {
            // Both of keepalived's processes log it; each instance leaves its state once.
            keepalivedStates.replaceAll((instance, state) -> {
                if (state != VrrpState.INITIALIZE) {
                    add(at, new StateChange(instance, state, VrrpState.INITIALIZE, "shutdown"));
                }
                return VrrpState.INITIALIZE;
            });
        }
    }

    private void probe(String line) {
        String[] f = line.split(" ", 6);
        if (f.length < 6) {
            return;
        }
        long end = Long.parseLong(f[3]);
        // A node that doesn't name itself (the operator's own nginx.conf) is known by its MAC: where the request went.
        String detail = f[4].equals("ok") && f[5].startsWith("mac:") ? names.apply(f[5].substring(4)) : f[5];
        add(end, new Observation.Request(f[1], f[4].equals("ok"), detail));
    }

    /** {@code LOAD vip due sent end outcome node connection new|reused path}: a request of the load ({@link LoadClient}). */
    private void load(String line) {
        String[] f = line.split(" ");
        if (f.length != 10) {
            return;
        }
        String node = f[6].startsWith("mac:") ? names.apply(f[6].substring(4)) : f[6];
        add(Long.parseLong(f[4]), new Observation.LoadRequest(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]),
                Observation.LoadRequest.Outcome.parse(f[5]), node, Integer.parseInt(f[7]), f[8].equals("reused"), f[9]));
    }

    private void wire(String line) {
        Matcher m = WIRE.matcher(line);
        if (!m.matches()) {
            return;
        }
        long at = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
        String srcMac = m.group(3);
        String body = m.group(5);
        Matcher v = WIRE_VRRP.matcher(body);
        if (v.matches()) {
            add(at, names.apply(srcMac), new Observation.Advert(Integer.parseInt(v.group(3)), Integer.parseInt(v.group(4))));
            return;
        }
        Matcher req = WIRE_ARP_REQUEST.matcher(body);
        if (req.matches() && req.group(1).equals(req.group(2))) {
            add(at, names.apply(srcMac), new Observation.GarpSeen(req.group(1)));
            return;
        }
        Matcher rep = WIRE_ARP_REPLY.matcher(body);
        if (rep.matches() && m.group(4).equals(BROADCAST)) {
            add(at, names.apply(srcMac), new Observation.GarpSeen(rep.group(1)));
            return;
        }
        Matcher na = WIRE_NA.matcher(body);
        if (na.matches()) {
            add(at, names.apply(srcMac), new Observation.GarpSeen(na.group(1)));
        }
    }

    private void ipmon(String line) {
        Matcher m = IPMON_TS.matcher(line);
        long at;
        String body;
        if (m.matches()) {
            String frac = (m.group(2) + "000000").substring(0, 6);
            at = LocalDateTime.parse(m.group(1)).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + Long.parseLong(frac);
            body = m.group(3);
        } else {
            at = History.nowMicros();
            body = line.substring(6);
        }
        Matcher inet = INET.matcher(body);
        if (inet.find()) {
            boolean deleted = body.startsWith("Deleted");
            add(at, new AddressChange(inet.group(1), !deleted));
            return;
        }
        Matcher n = NEIGH.matcher(body);
        if (n.matches() && n.group(3) != null && n.group(1) == null) {
            add(at, new Observation.Neighbour(n.group(2), n.group(3), n.group(4)));
        }
    }

    private void event(String json) {
        Matcher ts = EVENT_TS.matcher(json);
        if (!ts.find()) {
            return;
        }
        String frac = ts.group(2) == null ? "000" : (ts.group(2) + "000").substring(0, 3);
        long at = Long.parseLong(ts.group(1)) * 1000 + Long.parseLong(frac);
        java.util.Map<String, String> f = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            f.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
        }
        switch (f.getOrDefault("kind", "")) {
            case "transition" -> add(at, new StateChange(f.get("instance"), VrrpState.valueOf(f.get("from")),
                    VrrpState.valueOf(f.get("to")), f.get("reason")));
            case "priority" -> add(at, new Observation.PriorityChange(f.get("instance"), Integer.parseInt(f.get("from")),
                    Integer.parseInt(f.get("to"))));
            case "garp" -> add(at, new Observation.GarpSent(f.get("instance"), jsonStrings(f.get("vips"))));
            case "reload" -> add(at, f.get("result").equals("applied")
                    ? new Reload(Reload.Result.APPLIED, f.getOrDefault("changed", ""))
                    : new Reload(Reload.Result.valueOf(f.get("result").toUpperCase(java.util.Locale.ROOT)), f.get("first")));
            default -> { }
        }
    }

    /** A JSON array of strings, as vrrpd's event log writes a GARP's addresses. */
    private static java.util.List<String> jsonStrings(String array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = JSON_STRING.matcher(array == null ? "" : array);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
