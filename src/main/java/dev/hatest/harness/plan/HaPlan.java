package dev.hatest.harness.plan;

import dev.hatest.harness.cluster.NodeSpec;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.scenario.Election;
import dev.hatest.harness.scenario.FaultPlan;
import dev.hatest.harness.scenario.OutageBound;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.Location;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.packet.VrrpCodec;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each failure would do to a pair (or group), from its configs alone: no container, no engine. One model
 * of the VRRP group that carries the probed VIP: each member's instance, priority, tracked checks with their
 * weights, preemption and timers, as vrrpd's parser reads them ({@code -t}'s reading). From it, a what-if row
 * per node and failure (who holds the VIP afterwards, whether a healthy node serves it, and the outage bound
 * {@code chaos} would judge the run by, from the same {@link OutageBound} arithmetic), and findings at
 * {@code file:line}: a failure that leaves the VIP on a node that can't serve while another could, members that
 * disagree, VRID collisions, unicast peers that are not symmetric, ties settled by address.
 * <p>
 * A node's files are named {@code NODE/keepalived.conf}, as a {@code --config-dir} holds them.
 */
public final class HaPlan {

    /** How bad a finding is: an error fails {@code hatest plan} (exit 1). */
    public enum Severity { ERROR, WARNING, NOTE }

    /** Something the configs get wrong or leave to chance, at the line it comes from. */
    public record Finding(String where, Severity severity, String text) {
        @Override
        public String toString() {
            return where + ": " + text + " (" + severity.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /**
     * One failure on one node and what it leads to.
     *
     * @param outcome   what {@code chaos} would expect of it
     * @param master    who holds the VIP afterwards (two names for a split brain)
     * @param served    whether the node holding it can serve (its nginx alive)
     * @param boundMs   the outage bound {@code chaos} would judge a takeover by; NaN when nothing moves
     * @param formula   the bound's arithmetic, or why nothing moves
     */
    public record Row(String node, Failure failure, FaultPlan.Outcome outcome, String master, boolean served, double boundMs, String formula) {
    }

    /**
     * A failure the plan predicts for, with the {@code chaos} fault that brings it about (what {@code explore}
     * runs to confirm a prediction).
     */
    public enum Failure {
        NGINX_DEAD("nginx dead", FaultPlan.Kind.KILL, "nginx"),
        DAEMON_CRASHED("VRRP daemon crashed (kill -9)", FaultPlan.Kind.KILL, "vrrpd"),
        DAEMON_STOPPED("VRRP daemon stopped (SIGTERM)", FaultPlan.Kind.STOP, "vrrpd"),
        NODE_DOWN("node down (power, reboot, link)", FaultPlan.Kind.LINK_DOWN, null),
        CUT_OFF("cut off (partition, VRRP out blocked)", FaultPlan.Kind.PARTITION, null);

        private final String text;
        private final FaultPlan.Kind kind;
        private final String arg;

        Failure(String text, FaultPlan.Kind kind, String arg) {
            this.text = text;
            this.kind = kind;
            this.arg = arg;
        }

        /** How the plan's table and JSON name it, e.g. "nginx dead". */
        public String text() {
            return text;
        }

        /** The chaos fault that brings it about. */
        public FaultPlan.Kind kind() {
            return kind;
        }

        /** Its argument (the process), or null. */
        public String arg() {
            return arg;
        }

        @Override
        public String toString() {
            return text;
        }

        /**
         * The failure chaos's fault {@code kind} of {@code arg} brings about, if the plan has one: nginx killed, stopped
         * or hung is nginx dead (its checks fail); the daemon killed or stopped; the node paused or its link down is
         * the node down; a partition or its VRRP out blocked cuts it off.
         */
        public static java.util.Optional<Failure> of(FaultPlan.Kind kind, String arg) {
            Failure f = switch (kind) {
                case KILL, STOP, HANG -> "nginx".equals(arg) ? NGINX_DEAD
                        : "vrrpd".equals(arg) || "keepalived".equals(arg) ? (kind == FaultPlan.Kind.STOP ? DAEMON_STOPPED
                        : kind == FaultPlan.Kind.KILL ? DAEMON_CRASHED : null) : null;
                case PAUSE, LINK_DOWN -> NODE_DOWN;
                case PARTITION -> CUT_OFF;
                case BLOCK_VRRP -> "out".equals(arg) ? CUT_OFF : null;
                default -> null;
            };
            return java.util.Optional.ofNullable(f);
        }
    }

    /** One member of the group: a node's instance for the VIP, its effective weight when nginx dies, its address. */
    record Member(String node, String file, String conf, KeepalivedConfig config, VrrpInstanceConfig instance, long address) {

        int priority() {
            return Math.min(instance.priority(), 255);
        }

        /**
         * Its priority with nginx dead, as keepalived computes it: each tracked script and process fails and adds
         * its weight, the sum clamped to 1..254; a weight of 0 puts the instance in FAULT (-1 here).
         */
        int priorityWithNginxDead() {
            int p = priority();
            boolean any = false;
            for (var t : instance.trackScripts()) {
                int w = t.weight() != null ? t.weight() : config.script(t.name()).map(s -> s.weight()).orElse(0);
                if (w == 0) {
                    return -1;
                }
                p += Math.min(w, 0);
                any = true;
            }
            for (var t : instance.trackProcesses()) {
                int w = t.weight() != null ? t.weight() : config.trackProcess(t.name()).map(s -> s.weight()).orElse(0);
                if (w == 0) {
                    return -1;
                }
                p += Math.min(w, 0);
                any = true;
            }
            return any ? Math.max(1, Math.min(254, p)) : p;
        }

        boolean tracksNginx() {
            return !instance.trackScripts().isEmpty() || !instance.trackProcesses().isEmpty();
        }
    }

    private final Topology topology;
    private final String vip;
    private final List<Member> members = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final String master;
    private final List<Row> rows;

    private HaPlan(Topology topology) {
        this.topology = topology;
        this.vip = topology.vip();
        InetAddress v = VrrpCodec.ip(vip);
        Map<String, KeepalivedConfig> configs = new LinkedHashMap<>();
        for (NodeSpec n : topology.nodes()) {
            if (!n.config().present()) {
                throw new IllegalArgumentException(n.name() + "/keepalived.conf: missing");
            }
            String file = n.name() + "/keepalived.conf";
            KeepalivedConfig c = n.config().get();  // its errors, one per line, each file:line: what
            configs.put(n.name(), c);
            c.found().stream().filter(f -> f.severity() == dev.hatest.vrrp.config.Finding.Severity.WARNING)
                    .forEach(f -> findings.add(new Finding(f.at().toString(), Severity.WARNING, f.message())));
            VrrpInstanceConfig i = c.instanceHolding(v).orElse(null);
            if (i == null) {
                findings.add(new Finding(file + ":1", Severity.ERROR, n.name() + " has no vrrp_instance holding the VIP " + vip
                        + ": it can never take it over"));
                continue;
            }
            members.add(new Member(n.name(), file, n.files().get(dev.hatest.harness.cluster.SeedTopology.CONFIG), c, i, address(n.address())));
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no node has an instance holding the VIP " + vip);
        }
        String elected = Election.winner(topology, vip);
        if (elected == null) {
            Member best = best(members);
            findings.add(new Finding(at(best, best.instance().at().line(), "nopreempt"), Severity.NOTE, "nopreempt: the first daemon up keeps "
                    + vip + "; the plan assumes " + best.node() + ", the highest priority, as when all start together"));
            elected = best.node();
        }
        this.master = elected;
        this.rows = rows();
        agreement();
        vridCollisions(configs);
        unicastSymmetry();
        ownerPriority();
        ties();
    }

    /** What the plan says of chaos's fault {@code kind} of {@code arg} on {@code node}, if it has a row for it. */
    public java.util.Optional<Row> predict(FaultPlan.Kind kind, String arg, String node) {
        return Failure.of(kind, arg).flatMap(f -> rows.stream().filter(r -> r.failure() == f && r.node().equals(node)).findFirst());
    }

    /** The plan of {@code t}'s probed VIP ({@link Topology#vip()}). */
    public static HaPlan of(Topology t) {
        return new HaPlan(t);
    }

    public String vip() {
        return vip;
    }

    /** Who the configs elect first (or, undecided under nopreempt, the highest priority). */
    public String master() {
        return master;
    }

    public List<Finding> findings() {
        return findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The group's members and their priorities: base, and with nginx dead on them. */
    public Map<String, int[]> priorities() {
        Map<String, int[]> out = new LinkedHashMap<>();
        members.forEach(m -> out.put(m.node(), new int[]{m.priority(), m.priorityWithNginxDead()}));
        return out;
    }

    /**
     * A row for each node and each failure it can have: nginx dead (its tracked checks failing), its VRRP daemon
     * crashed or stopped, the node down (a power cut, a reboot, its link down), and the node cut off from the
     * others; nginx dead on every backup too (it must move nothing).
     */
    public List<Row> whatIf() {
        return rows;
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Member m = member(master);
        rows.add(nginxDead(m));
        Member next = successor(m);
        rows.add(takeover(m, Failure.DAEMON_CRASHED, next, OutageBound.daemonCrash(model(next), vip)));
        rows.add(takeover(m, Failure.DAEMON_STOPPED, next, OutageBound.daemonStop(model(next), vip)));
        rows.add(takeover(m, Failure.NODE_DOWN, next, OutageBound.daemonCrash(model(next), vip)));
        OutageBound cut = OutageBound.daemonCrash(model(next), vip);
        rows.add(new Row(m.node(), Failure.CUT_OFF, FaultPlan.Outcome.SPLIT_BRAIN, m.node() + " + " + next.node(), true,
                cut.millis(), next.node() + " stops hearing " + m.node() + " and claims the VIP too, after " + cut.formula()));
        for (Member b : members) {
            if (!b.node().equals(master)) {
                rows.add(new Row(b.node(), Failure.NGINX_DEAD, FaultPlan.Outcome.NO_TAKEOVER, master, true, Double.NaN,
                        "a backup's checks failing moves nothing: " + master + " keeps " + vip));
            }
        }
        return rows;
    }

    private Row takeover(Member m, Failure failure, Member next, OutageBound bound) {
        return new Row(m.node(), failure, FaultPlan.Outcome.TAKEOVER, next.node(), true, bound.millis(), bound.formula());
    }

    /**
     * nginx dead on the master: its checks fail and its priority drops by their weights. A backup whose priority
     * is then higher and that preempts takes the VIP (an equal one does not: a backup resets its timer on an
     * advert of equal priority, RFC 3768 6.4.2, as keepalived does); in FAULT (a weight of 0) every backup does.
     * Else the VIP stays where nothing can serve it, an error when another node could.
     */
    private Row nginxDead(Member m) {
        int dead = m.priorityWithNginxDead();
        List<Member> candidates = members.stream().filter(b -> b != m)
                .filter(b -> dead < 0 || (!b.instance().nopreempt() && b.priority() > dead)).toList();
        if (!candidates.isEmpty()) {
            Member next = best(candidates);
            OutageBound bound = OutageBound.nginxKill(model(m), model(next), vip);
            String why = dead < 0 ? m.node() + " goes to FAULT (a weight of 0)"
                    : m.node() + " drops to " + dead + ", below " + next.node() + "'s " + next.priority();
            return new Row(m.node(), Failure.NGINX_DEAD, FaultPlan.Outcome.TAKEOVER, next.node(), true, bound.millis(), why + "; " + bound.formula());
        }
        Member best = best(members.stream().filter(b -> b != m).toList());
        String why;
        if (!m.tracksNginx()) {
            why = m.node() + " tracks no check, so nothing tells it nginx is dead";
            findings.add(new Finding(at(m, m.instance().at().line(), "vrrp_instance"), Severity.ERROR, "nginx dead on " + m.node()
                    + " leaves the VIP " + vip + " on it: its vrrp_instance " + m.instance().name() + " tracks no check (track_script or"
                    + " track_process), while " + best.node() + " could serve"));
        } else if (best.instance().nopreempt()) {
            why = m.node() + " drops to " + dead + " but " + best.node() + " has nopreempt and won't take the VIP from a live master";
            findings.add(new Finding(at(best, best.instance().at().line(), "nopreempt"), Severity.ERROR, "nginx dead on " + m.node()
                    + " leaves the VIP " + vip + " on it: " + best.node() + " (" + best.priority() + ") has nopreempt, so it never takes over from"
                    + " a master whose check failed (" + m.node() + " at " + dead + "); use a weight of 0 (FAULT) or a script that stops the daemon"));
        } else {
            var t = m.instance().trackScripts().isEmpty() ? null : m.instance().trackScripts().get(0);
            String check = t != null ? t.name() : m.instance().trackProcesses().get(0).name();
            // the weight's own line: the track_script entry's when it sets one, else the vrrp_script's weight line
            Location where = t != null ? (t.weight() != null ? t.at() : m.config().script(t.name())
                    .map(sc -> new Location(sc.at().file(), lineOf(m.conf(), sc.at().line(), "weight"))).orElse(t.at()))
                    : m.instance().trackProcesses().get(0).at();
            why = m.node() + " drops to " + dead + ", not below " + best.node() + "'s " + best.priority()
                    + (dead == best.priority() ? " (a tie keeps the master: a backup takes over only from a lower priority)" : "");
            findings.add(new Finding(where(where, m), Severity.ERROR, "nginx dead on " + m.node() + " leaves the VIP " + vip + " on it: "
                    + check + "'s weight takes " + m.node() + " from " + m.priority() + " to " + dead + ", not below " + best.node() + "'s "
                    + best.priority() + "; the weight must exceed " + (m.priority() - best.priority()) + " in size"));
        }
        return new Row(m.node(), Failure.NGINX_DEAD, FaultPlan.Outcome.NO_TAKEOVER, m.node(), false, Double.NaN, why + ": the VIP stays where"
                + " nothing serves it");
    }

    private static Member best(List<Member> ms) {
        return ms.stream().max(Comparator.comparingInt(Member::priority).thenComparingLong(Member::address)).orElseThrow();
    }

    /** Who takes over when {@code m} is gone: the highest of the others (a backup takes a dead master's VIP whatever its nopreempt). */
    private Member successor(Member m) {
        List<Member> others = members.stream().filter(b -> b != m).toList();
        if (others.isEmpty()) {
            throw new IllegalArgumentException("a plan needs two members for the VIP " + vip + ", found " + members.size());
        }
        return best(others);
    }

    private Member member(String node) {
        return members.stream().filter(m -> m.node().equals(node)).findFirst().orElseThrow();
    }

    /** Members must agree on what is on the wire: advert_int, version, password and the VIP list. */
    private void agreement() {
        Member first = members.get(0);
        for (Member m : members.subList(1, members.size())) {
            VrrpInstanceConfig a = first.instance();
            VrrpInstanceConfig b = m.instance();
            if (a.advertIntervalMicros() != b.advertIntervalMicros()) {
                findings.add(new Finding(at(m, b.at().line(), "advert_int"), Severity.ERROR, "advert_int " + b.advertIntervalMicros() / 1e6 + " s on "
                        + m.node() + " but " + a.advertIntervalMicros() / 1e6 + " s on " + first.node() + ": each drops the other's adverts"
                        + " (RFC 3768 7.1) and both become master"));
            }
            if (a.version() != b.version()) {
                findings.add(new Finding(at(m, b.at().line(), "version"), Severity.ERROR, "VRRP version " + b.version() + " on " + m.node()
                        + " but " + a.version() + " on " + first.node() + ": neither takes the other's adverts"));
            }
            if (!Objects.equals(a.authPass(), b.authPass())) {
                findings.add(new Finding(at(m, b.at().line(), "auth_pass"), Severity.ERROR, "authentication differs between " + first.node()
                        + " and " + m.node() + ": each drops the other's adverts and both become master"));
            }
            Set<String> va = vipSet(a);
            Set<String> vb = vipSet(b);
            if (!va.equals(vb)) {
                findings.add(new Finding(at(m, b.at().line(), "virtual_ipaddress"), Severity.ERROR, "the VIPs differ: " + first.node() + " "
                        + va + ", " + m.node() + " " + vb + ": adverts whose address lists differ are dropped (RFC 3768 7.1)"));
            }
            if (a.vrid() != b.vrid()) {
                findings.add(new Finding(at(m, b.at().line(), "virtual_router_id"), Severity.ERROR, "the VIP " + vip + " is in VRID " + b.vrid()
                        + " on " + m.node() + " but " + a.vrid() + " on " + first.node() + ": two groups, two masters"));
            }
        }
    }

    /** A VRID used, on one node, by instances with other VIPs than another node's instance of that VRID. */
    private void vridCollisions(Map<String, KeepalivedConfig> configs) {
        Map<String, List<String[]>> byVrid = new LinkedHashMap<>();  // "iface/vrid/family" -> [node, instance, vips, line]
        configs.forEach((node, c) -> c.instances().forEach(i -> byVrid.computeIfAbsent(i.vrid() + "/" + (i.ipv6() ? 6 : 4), k -> new ArrayList<>())
                .add(new String[]{node, i.name(), vipSet(i).toString(), Integer.toString(i.at().line())})));
        byVrid.forEach((k, list) -> {
            Set<String> sets = new TreeSet<>();
            list.forEach(e -> sets.add(e[2]));
            if (sets.size() > 1) {
                for (String[] e : list) {
                    Member m = members.stream().filter(x -> x.node().equals(e[0])).findFirst().orElse(null);
                    String file = e[0] + "/keepalived.conf";
                    int line = m != null ? lineOf(m.conf(), Integer.parseInt(e[3]), "virtual_router_id") : Integer.parseInt(e[3]);
                    findings.add(new Finding(file + ":" + line, Severity.ERROR, "VRID " + k.split("/")[0] + " carries " + e[2] + " in " + e[1]
                            + " on " + e[0] + ", and other VIPs elsewhere (" + sets + "): one VRID on one network is one group"));
                }
            }
        });
    }

    /** Unicast: each member must list every other member's address as a peer, and nothing else from the group. */
    private void unicastSymmetry() {
        if (members.stream().noneMatch(m -> !m.instance().unicastPeers().isEmpty())) {
            return;
        }
        for (Member m : members) {
            Set<String> peers = new TreeSet<>();
            m.instance().unicastPeers().forEach(p -> peers.add(VrrpCodec.text(p)));
            for (Member o : members) {
                String addr = topology.node(o.node()).address();
                if (o != m && !peers.contains(addr) && !peers.contains(Objects.toString(topology.ipv6Of(addr)))) {
                    findings.add(new Finding(at(m, m.instance().at().line(), "unicast_peer"), Severity.ERROR, m.node() + " does not list "
                            + o.node() + " (" + addr + ") as a unicast_peer: it never sends it an advert"));
                }
            }
        }
    }

    /** Priority 255 belongs to the address owner: a node whose own address is not the VIP should not claim it. */
    private void ownerPriority() {
        for (Member m : members) {
            if (m.priority() == 255 && !topology.node(m.node()).address().equals(vip)) {
                findings.add(new Finding(at(m, m.instance().at().line(), "priority"), Severity.WARNING, m.node() + " has priority 255, the"
                        + " address owner's, but does not own " + vip + ": it preempts at once and ignores nopreempt"));
            }
        }
    }

    /** Equal priorities: the election falls to the higher primary address, which may not be the intent. */
    private void ties() {
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                Member a = members.get(i);
                Member b = members.get(j);
                if (a.priority() == b.priority()) {
                    Member w = a.address() > b.address() ? a : b;
                    findings.add(new Finding(at(b, b.instance().at().line(), "priority"), Severity.NOTE, a.node() + " and " + b.node()
                            + " have the same priority (" + a.priority() + "): the higher address, " + w.node() + "'s, wins the election"));
                }
            }
        }
    }

    private static Set<String> vipSet(VrrpInstanceConfig i) {
        Set<String> s = new TreeSet<>();
        i.vips().forEach(v -> s.add(VrrpCodec.text(v.address())));
        return s;
    }

    /** The member's config as the model parsed it: what the bounds are computed from. */
    private dev.hatest.harness.cluster.NodeConfig model(Member m) {
        return topology.node(m.node()).config();
    }

    /** file:line of the first line from {@code from} on that starts with {@code keyword} in {@code m}'s config, else of {@code from}. */
    private static String at(Member m, int from, String keyword) {
        return m.file() + ":" + lineOf(m.conf(), from, keyword);
    }

    private static String where(Location l, Member m) {
        return m.file() + ":" + l.line();
    }

    static int lineOf(String conf, int from, String keyword) {
        String[] lines = conf.split("\r\n|\r|\n", -1);
        for (int l = Math.max(from, 1); l <= lines.length; l++) {
            String t = lines[l - 1].strip();
            if (t.equals(keyword) || t.startsWith(keyword + " ") || t.startsWith(keyword + "\t") || t.startsWith(keyword + "{")) {
                return l;
            }
            if (l > from && t.startsWith("vrrp_instance")) {
                break;  // the next instance: the keyword is not in this one
            }
        }
        return from;
    }

    private static long address(String a) {
        if (a.contains(":")) {
            return 0;
        }
        long out = 0;
        for (String p : a.split("\\.")) {
            out = out * 256 + Long.parseLong(p);
        }
        return out;
    }
}
