package dev.hatest.vrrp.config;

import dev.hatest.vrrp.packet.VrrpCodec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Parses keepalived.conf into immutable config records. As in keepalived's own parser, each block has a
 * keyword table ({@code install_keyword(name, handler)}); the tree is built first, then each block's
 * statements are dispatched through its table.
 *
 * <p>Findings come in three kinds, so that {@code vrrpd -t} gives keepalived 2.2.7's {@code -t} verdict:
 * <ul>
 * <li>errors: vrrpd will not run the config (an invalid value keepalived would replace by a default counts);
 * <li>warnings: what keepalived reports too and fixes up at run time (an unknown keyword, nopreempt with state
 *     MASTER); both daemons run the config, but both config tests fail;
 * <li>notes: vrrpd's own remarks, such as a keepalived keyword that vrrpd does not act on; the test passes.
 * </ul>
 */
public final class ConfigParser {

    /**
     * keepalived's complaint when scripts may run without enable_script_security. Parsing alone puts it at the
     * first script; {@code vrrpd -t}, which looks for the scripts on its host, keeps it only when one is there.
     */
    public static final String SECURITY_VIOLATION = "SECURITY VIOLATION - scripts are being executed but script_security not enabled.";

    /** keepalived 2.2.7's keywords per block, as its {@code -t} answered for each word in its binary. */
    private static final Set<String> KEEPALIVED_TOP = words("""
            bfd_instance child_wait_time garp_group global_defs instance interface_up_down_delays linkbeat_interfaces
            linkbeat_use_polling namespace_with_ipsets net_namespace net_namespace_ipvs static_ipaddress static_routes
            static_rules track_file track_group use_pid_dir virtual_server virtual_server_group vrrp_instance
            vrrp_script vrrp_sync_group vrrp_track_file vrrp_track_process""");
    private static final Set<String> KEEPALIVED_GLOBAL = words("""
            bfd_cpu_affinity bfd_no_swap bfd_priority bfd_process_name bfd_rlimit_rtime bfd_rlimit_rttime bfd_rt_priority
            checker_cpu_affinity checker_log_all_failures checker_no_swap checker_priority checker_process_name
            checker_rlimit_rtime checker_rlimit_rttime checker_rt_priority config_save_dir data_use_instance
            dbus_service_name default_interface disable_local_igmp dynamic_interfaces enable_dbus enable_script_security
            enable_snmp_checker enable_snmp_keepalived enable_snmp_rfc enable_snmp_rfcv2 enable_snmp_rfcv3
            enable_snmp_vrrp enable_traps fifo_write_vrrp_states_on_reload include_check log_unknown_vrids
            lvs_flush lvs_flush_on_stop lvs_flush_onstop lvs_netlink_cmd_rcv_bufs lvs_netlink_cmd_rcv_bufs_force
            lvs_netlink_monitor_rcv_bufs lvs_netlink_monitor_rcv_bufs_force lvs_notify_fifo lvs_notify_fifo_script
            lvs_process_name lvs_sync_daemon lvs_timeouts max_auto_priority min_auto_priority_delay nftables
            nftables_counters nftables_ifindex nftables_ipvs nftables_ipvs_priority nftables_ipvs_start_fwmark
            nftables_priority no_checker_emails no_email_faults notification_email notification_email_from
            notify_fifo notify_fifo_script process_monitor_rcv_bufs process_monitor_rcv_bufs_force process_name
            process_names random_seed reload_check_config reload_file reload_repeat reload_time_file router_id
            rs_init_notifies script_user shutdown_script shutdown_script_timeout smtp_alert smtp_alert_checker
            smtp_alert_vrrp smtp_connect_timeout smtp_helo_name smtp_server snmp_socket startup_script
            startup_script_timeout tmp_config_directory umask vmac_addr_prefix vmac_prefix vrrp_check_unicast_src
            vrrp_cpu_affinity vrrp_down_timer_adverts vrrp_garp_extra_if vrrp_garp_interval vrrp_garp_lower_prio_delay
            vrrp_garp_lower_prio_repeat vrrp_garp_master_delay vrrp_garp_master_refresh vrrp_garp_master_refresh_repeat
            vrrp_garp_master_repeat vrrp_gna_interval vrrp_higher_prio_send_advert vrrp_iptables
            vrrp_lower_prio_no_advert vrrp_mcast_group4 vrrp_mcast_group6 vrrp_min_garp vrrp_netlink_cmd_rcv_bufs
            vrrp_netlink_cmd_rcv_bufs_force vrrp_netlink_monitor_rcv_bufs vrrp_netlink_monitor_rcv_bufs_force
            vrrp_no_swap vrrp_notify_fifo vrrp_notify_fifo_script vrrp_notify_priority_changes vrrp_priority
            vrrp_process_name vrrp_rlimit_rtime vrrp_rlimit_rttime vrrp_rt_priority vrrp_rx_bufs_multiplier
            vrrp_rx_bufs_policy vrrp_skip_check_adv_addr vrrp_startup_delay vrrp_strict vrrp_version vrrp_vmac_garp_intvl""");
    private static final Set<String> KEEPALIVED_INSTANCE = words("""
            accept advert_int authentication check_unicast_src debug dont_track_primary down_timer_adverts
            garp_extra_if garp_lower_prio_delay garp_lower_prio_repeat garp_master_delay garp_master_refresh
            garp_master_refresh_repeat garp_master_repeat higher_prio_send_advert interface kernel_rx_buf_size
            linkbeat_use_polling lower_prio_no_advert lvs_sync_daemon_interface mcast_dst_ip mcast_src_ip native_ipv6
            no_accept nopreempt notify notify_backup notify_deleted notify_fault notify_master notify_master_rx_lower_pri
            notify_priority_changes notify_stop old_unicast_checksum preempt preempt_delay priority promote_secondaries
            skip_check_adv_addr smtp_alert state strict_mode track_bfd track_file track_interface track_process
            track_script track_src_ip unicast_fault_no_peer unicast_peer unicast_src_ip unicast_ttl use_ipvlan use_vmac
            use_vmac_addr version virtual_ipaddress virtual_ipaddress_excluded virtual_router_id virtual_routes
            virtual_rules vmac_garp_intvl vmac_xmit_base vrf""");
    private static final Set<String> KEEPALIVED_SCRIPT = words("fall init_fail interval rise script timeout user weight");
    private static final Set<String> KEEPALIVED_TRACK_PROCESS = words("""
            delay fork_delay full_command param_match process quorum quorum_max terminate_delay weight""");
    private static final Set<String> KEEPALIVED_SYNC_GROUP = words("""
            global_tracking group notify notify_backup notify_fault notify_master notify_priority_changes notify_stop
            smtp_alert sync_group_tracking_weight track_bfd track_file track_interface track_process track_script""");

    /** Linux's IFNAMSIZ: a name is at most 15 characters. */
    private static final int IFNAMSIZ = 16;

    /** Route types that may come before a route's destination (iproute2's, as keepalived reads them). */
    private static final Set<String> ROUTE_TYPES = words("blackhole unreachable prohibit throw local broadcast multicast unicast anycast nat");
    /** Route options that take a value (keepalived 2.2.7's vrrp_iproute.c); any other word stands alone. */
    private static final Set<String> ROUTE_OPTIONS = words("""
            src via gw or dev scope table metric preference priority proto protocol mtu advmss rtt rttvar reordering window
            cwnd ssthresh realms rto_min initcwnd initrwnd features quickack congctl pref expires fastopen_no_cookie
            nexthop weight tos dsfield ttl-propagate encap""");
    /** Rule options that take a value, and those that stand alone (keepalived 2.2.7's vrrp_iprule.c). */
    private static final Set<String> RULE_OPTIONS = words("""
            from to table preference priority fwmark tos dsfield realms iif oif uidrange sport dport ipproto protocol
            tun_id goto suppress_prefixlength suppress_ifgroup type""");
    private static final Set<String> RULE_FLAGS = words("not no_track l3mdev");

    /** virtual_ipaddress options that take a value, and those that stand alone (keepalived 2.2.7, IPv4). */
    private static final Set<String> VIP_OPTIONS = words("brd broadcast dev label peer preferred_lft scope");
    private static final Set<String> VIP_FLAGS = words("-nodad autojoin home mngtmpaddr no_track noprefixroute");

    /** One line of config: a keyword, its arguments, and its block when followed by braces. */
    record Statement(Token keyword, List<Token> args, List<Statement> block, Location end) {

        Location at() {
            return keyword.at();
        }

        /** Where its block closes (keepalived reports a block's missing parts there), else its own line. */
        Location closed() {
            return end == null ? at() : end;
        }

        String name() {
            return keyword.text();
        }
    }

    private interface Handler<B> {
        void handle(Statement s, B builder);
    }

    private final Diagnostics d = new Diagnostics();
    /** keepalived numbers the rules that have no preference downwards from 16384, in the order it reads them. */
    private int nextRulePreference = 16384;
    private final Map<String, Handler<GlobalBuilder>> globalKeywords = new HashMap<>();
    private final Map<String, Handler<ScriptBuilder>> scriptKeywords = new HashMap<>();
    private final Map<String, Handler<InstanceBuilder>> instanceKeywords = new HashMap<>();

    private ConfigParser() {
        installGlobalKeywords();
        installScriptKeywords();
        installInstanceKeywords();
    }

    public static KeepalivedConfig parse(Path file) throws ConfigException {
        return parse(file, Lexer.localConfigId());
    }

    /**
     * Parses {@code file} with keepalived's config id {@code configId} (its {@code -i}), which picks the {@code @ID}
     * lines; null: keepalived's default, this host's name up to its first dot.
     */
    public static KeepalivedConfig parse(Path file, String configId) throws ConfigException {
        ConfigParser p = new ConfigParser();
        return p.build(new Lexer(p.d, configId == null ? Lexer.localConfigId() : configId).tokens(file));
    }

    /** Parses text as if it were the file {@code name}; for tests and generated configs. */
    public static KeepalivedConfig parse(String name, String text) throws ConfigException {
        ConfigParser p = new ConfigParser();
        return p.build(new Lexer(p.d, Lexer.localConfigId()).tokens(Path.of(name), text));
    }

    private KeepalivedConfig build(List<Token> tokens) throws ConfigException {
        List<Statement> top = tree(tokens);
        GlobalBuilder global = new GlobalBuilder();
        List<VrrpScript> scripts = new ArrayList<>();
        List<VrrpTrackProcess> processes = new ArrayList<>();
        List<VrrpTrackFile> files = new ArrayList<>();
        List<InstanceBuilder> instances = new ArrayList<>();
        List<Statement> syncGroups = new ArrayList<>();
        List<Statement> virtualServers = new ArrayList<>();
        for (Statement s : top) {
            switch (s.name()) {
                case "global_defs" -> dispatch(s, globalKeywords, KEEPALIVED_GLOBAL, global);
                case "vrrp_script" -> {
                    ScriptBuilder b = new ScriptBuilder(s);
                    dispatch(s, scriptKeywords, KEEPALIVED_SCRIPT, b);
                    VrrpScript script = b.build();
                    if (script != null) {
                        scripts.add(script);
                    }
                }
                case "vrrp_track_process" -> {
                    VrrpTrackProcess p = trackProcess(s);
                    if (p != null) {
                        processes.add(p);
                    }
                }
                case "track_file", "vrrp_track_file" -> {
                    VrrpTrackFile f = trackFile(s);
                    if (f != null) {
                        files.add(f);
                    }
                }
                case "vrrp_instance" -> {
                    InstanceBuilder b = new InstanceBuilder(s);
                    dispatch(s, instanceKeywords, KEEPALIVED_INSTANCE, b);
                    instances.add(b);
                }
                case "vrrp_sync_group" -> {
                    // keepalived reports a group's unknown keywords as it reads them; the rest needs every instance
                    (s.block() == null ? List.<Statement>of() : s.block()).stream().filter(k -> !SYNC_GROUP_AS_INSTANCE.contains(k.name()) && !k.name().equals("group")
                            && !k.name().equals("sync_group_tracking_weight"))
                            .forEach(k -> unknownOrIgnored(k, KEEPALIVED_SYNC_GROUP, " in vrrp_sync_group"));
                    syncGroups.add(s);
                }
                case "static_ipaddress" -> {
                    ignored(s);
                    children(s).forEach(this::virtualAddress);
                }
                case "static_routes" -> {
                    ignored(s);
                    children(s).forEach(this::route);
                }
                case "static_rules" -> {
                    ignored(s);
                    children(s).forEach(this::rule);
                }
                case "virtual_server" -> {
                    ignored(s);
                    virtualServers.add(s);
                }
                default -> unknownOrIgnored(s, KEEPALIVED_TOP, "");
            }
        }
        d.inline = d.findings.size();
        GlobalDefs globalDefs = global.build();
        List<VrrpInstanceConfig> built = new ArrayList<>();
        Map<String, Location> vridsInUse = new LinkedHashMap<>();
        for (InstanceBuilder b : instances) {
            VrrpInstanceConfig c = b.build(globalDefs, global.strict, scripts, processes, files);
            if (c == null) {
                continue;
            }
            // one VRID per interface and family: an IPv4 and an IPv6 router of one VRID are two (RFC 5798 5.2.3)
            Location previous = vridsInUse.putIfAbsent(c.iface() + "/" + c.vrid() + (c.ipv6() ? "/6" : ""), c.at());
            if (previous != null) {
                d.error(c.at(), "virtual_router_id " + c.vrid() + " is already used on " + c.iface() + (c.ipv6() ? " for IPv6" : "")
                        + " at " + previous);
            }
            built.add(c);
        }
        List<SyncGroup> groups = new ArrayList<>();
        for (Statement g : syncGroups) {
            SyncGroup group = syncGroup(g, instances, scripts, processes, files);
            if (group != null) {
                groups.add(group);
                built.replaceAll(c -> group.members().contains(c.name()) ? tracking(c, group, scripts, files) : c);
            }
        }
        virtualServers.forEach(this::virtualServer);
        if (!globalDefs.enableScriptSecurity()) {
            firstScript(scripts, built, groups).ifPresent(at -> d.warn(at, SECURITY_VIOLATION));
        }
        if (!d.errors.isEmpty()) {
            throw new ConfigException(d.errors, d.findings, d.hostChecks(),
                    d.all.stream().filter(f -> f.severity() != Finding.Severity.NOTE).toList());
        }
        return new KeepalivedConfig(globalDefs, scripts, processes, files, built, groups, d.warnings, d.notes, d.hostChecks(),
                d.all.stream().filter(f -> f.severity() != Finding.Severity.ERROR).toList());
    }

    /**
     * Where the first script is: keepalived 2.2.7 logs its "SECURITY VIOLATION" (and its -t fails) whenever scripts
     * run without enable_script_security, whoever they run as and whether or not an instance uses them (measured).
     */
    private static Optional<Location> firstScript(List<VrrpScript> scripts, List<VrrpInstanceConfig> instances, List<SyncGroup> groups) {
        Stream<Location> notify = Stream.concat(instances.stream().flatMap(i -> i.notifyScripts().values().stream()),
                groups.stream().flatMap(g -> g.notifyScripts().values().stream())).map(NotifyScript::at);
        return Stream.concat(scripts.stream().map(VrrpScript::at), notify).findFirst();
    }

    // ---- syntax: tokens to statements ----

    private List<Statement> tree(List<Token> tokens) {
        int[] pos = {0};
        List<Statement> top = block(tokens, pos, null, 0);
        return top;
    }

    /**
     * How deep blocks may nest: keepalived's grammar goes 4 deep (vrrp_instance, track_script, ...), so 32 is no
     * real config's limit; past it a block is skipped, not recursed into, so no input can exhaust the stack.
     */
    static final int MAX_BLOCK_DEPTH = 32;

    /** keepalived's decimal seconds: digits, an optional fraction, no exponent. */
    private static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("\\+?(?:\\d++(?:\\.\\d*+)?|\\.\\d++)");

    /** A value as a message shows it: whole up to 64 characters, else its start and its length. */
    static String shown(String v) {
        return v.length() <= 64 ? v : v.substring(0, 48) + "... (" + v.length() + " characters)";
    }

    /** The addresses one advert can carry (its count is one byte). */
    static final int MAX_ADVERTISED_VIPS = 255;

    /** Skips the rest of a block whose '{' was just read, braces counted without recursion; returns at its '}'. */
    private void skipBlock(List<Token> tokens, int[] pos, Token open) {
        int depth = 1;
        while (pos[0] < tokens.size()) {
            Token t = tokens.get(pos[0]++);
            if (t.is("{")) {
                depth++;
            } else if (t.is("}") && --depth == 0) {
                return;
            }
        }
        d.error(open.at(), "'{' is never closed");
    }

    private List<Statement> block(List<Token> tokens, int[] pos, Token open, int depth) {
        if (open != null && depth > MAX_BLOCK_DEPTH) {
            d.error(open.at(), "blocks nested deeper than " + MAX_BLOCK_DEPTH + "; this one is skipped");
            skipBlock(tokens, pos, open);
            return new ArrayList<>();
        }
        List<Statement> out = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            Token t = tokens.get(pos[0]);
            if (t.is("}")) {
                pos[0]++;
                if (open == null) {
                    d.error(t.at(), "unexpected '}'");
                    continue;
                }
                return out;
            }
            if (t.is("{")) {
                d.error(t.at(), "'{' without a keyword");
                pos[0]++;
                block(tokens, pos, t, depth + 1);
                continue;
            }
            pos[0]++;
            List<Token> args = new ArrayList<>();
            while (pos[0] < tokens.size() && !tokens.get(pos[0]).isBrace()
                    && tokens.get(pos[0]).at().equals(t.at())) {
                args.add(tokens.get(pos[0]++));
            }
            List<Statement> children = null;
            Location end = null;
            if (pos[0] < tokens.size() && tokens.get(pos[0]).is("{")) {
                Token brace = tokens.get(pos[0]++);
                children = block(tokens, pos, brace, depth + 1);
                end = pos[0] > 0 && tokens.get(pos[0] - 1).is("}") ? tokens.get(pos[0] - 1).at() : null;
            }
            out.add(new Statement(t, args, children, end));
        }
        if (open != null) {
            d.error(open.at(), "'{' is never closed");
        }
        return out;
    }

    /** Runs each statement of {@code parent}'s block through {@code table}; {@code keepalived} names the rest. */
    private <B> void dispatch(Statement parent, Map<String, Handler<B>> table, Set<String> keepalived, B builder) {
        for (Statement s : children(parent)) {
            Handler<B> h = table.get(s.name());
            if (h == null) {
                unknownOrIgnored(s, keepalived, " in " + parent.name());
            } else {
                h.handle(s, builder);
            }
        }
    }

    /** A keyword vrrpd has no handler for: a note when keepalived knows it, else keepalived's warning. */
    private void unknownOrIgnored(Statement s, Set<String> keepalived, String where) {
        if (keepalived.contains(s.name())) {
            ignored(s);
        } else {
            d.warn(s.at(), "unknown keyword '" + s.name() + "'" + where);
        }
    }

    private void ignored(Statement s) {
        d.note(s.at(), "'" + s.name() + "' is a keepalived keyword that vrrpd does not act on");
    }

    // ---- global_defs ----

    private static final class GlobalBuilder {
        String routerId;
        List<String> emails = new ArrayList<>();
        String emailFrom;
        String smtpServer;
        int vrrpVersion = 2;
        long garpDelayMillis = Garp.KEEPALIVED.delayMillis();
        int garpRepeat = Garp.KEEPALIVED.repeat();
        long garpRefreshMillis = Garp.KEEPALIVED.refreshMillis();
        boolean scriptSecurity;
        boolean strict;
        String nftablesTable = GlobalDefs.NFTABLES_TABLE;
        int nftablesPriority = GlobalDefs.NFTABLES_PRIORITY;
        ScriptUser scriptUser;
        String reloadCheckConfig;

        GlobalDefs build() {
            return new GlobalDefs(routerId, emails, emailFrom, smtpServer, vrrpVersion,
                    new Garp(garpDelayMillis, garpRepeat, garpRefreshMillis), scriptSecurity, nftablesTable, nftablesPriority,
                    scriptUser, reloadCheckConfig);
        }
    }

    private void installGlobalKeywords() {
        globalKeywords.put("router_id", (s, b) -> b.routerId = text(s));
        globalKeywords.put("notification_email", (s, b) -> children(s).forEach(e -> b.emails.add(e.name())));
        globalKeywords.put("notification_email_from", (s, b) -> b.emailFrom = text(s));
        // smtp_server HOST [PORT]
        globalKeywords.put("smtp_server", (s, b) -> b.smtpServer = s.args().isEmpty() ? text(s) : s.args().get(0).text());
        globalKeywords.put("smtp_connect_timeout", (s, b) -> integer(s, 1, 4294));
        globalKeywords.put("vrrp_version", (s, b) -> b.vrrpVersion = integer(s, 2, 3));
        globalKeywords.put("vrrp_garp_master_delay", (s, b) -> b.garpDelayMillis = integer(s, 0, 4294) * 1000L);
        globalKeywords.put("vrrp_garp_master_repeat", (s, b) -> b.garpRepeat = integer(s, 1, Integer.MAX_VALUE));
        globalKeywords.put("enable_script_security", (s, b) -> b.scriptSecurity = true);
        globalKeywords.put("script_user", (s, b) -> b.scriptUser = scriptUser(s, s.args()));
        globalKeywords.put("vrrp_garp_master_refresh", (s, b) -> b.garpRefreshMillis = integer(s, 0, 4294) * 1000L);
        // vrrp_min_garp [BOOL]: one GARP per address on becoming master, and no second burst.
        globalKeywords.put("vrrp_min_garp", (s, b) -> {
            if (s.args().isEmpty() || !List.of("false", "no", "off", "0").contains(text(s).toLowerCase(java.util.Locale.ROOT))) {
                b.garpRepeat = 1;
                b.garpDelayMillis = 0;
            }
        });
        globalKeywords.put("vrrp_strict", (s, b) -> b.strict = true);
        // no_accept's firewall. keepalived 2.2.7 (Debian's build) has nftables only, and says so of vrrp_iptables.
        globalKeywords.put("reload_check_config", (s, b) -> b.reloadCheckConfig = s.args().isEmpty() ? "" : text(s));
        globalKeywords.put("nftables", (s, b) -> b.nftablesTable = s.args().isEmpty() ? GlobalDefs.NFTABLES_TABLE : text(s));
        globalKeywords.put("nftables_priority", (s, b) -> b.nftablesPriority = integer(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        globalKeywords.put("vrrp_iptables", (s, b) -> d.warn(s.at(),
                "iptables not supported, using nftables instead. Please replace 'vrrp_iptables' with 'nftables'"));
        for (String interval : List.of("vrrp_garp_interval", "vrrp_gna_interval")) {
            globalKeywords.put(interval, (s, b) -> {
                seconds(s, "0.000001", "4294.967295", d::warn);
                ignored(s);
            });
        }
    }

    // ---- vrrp_sync_group ----

    /** What a vrrp_sync_group takes as a vrrp_instance does: its tracking and its notify scripts. */
    private static final Set<String> SYNC_GROUP_AS_INSTANCE = Set.of("track_script", "track_interface", "track_process", "track_file",
            "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify");

    /** A sync group of at least two existing instances, or null (with keepalived's warning). */
    private SyncGroup syncGroup(Statement g, List<InstanceBuilder> instances, List<VrrpScript> scripts,
                                List<VrrpTrackProcess> processes, List<VrrpTrackFile> files) {
        String name = g.args().isEmpty() ? "" : g.args().get(0).text();
        List<String> members = new ArrayList<>();
        InstanceBuilder own = new InstanceBuilder(g);
        boolean trackingWeight = false;
        for (Statement s : children(g)) {
            if (s.name().equals("sync_group_tracking_weight")) {
                trackingWeight = true;
                continue;
            }
            if (SYNC_GROUP_AS_INSTANCE.contains(s.name())) {
                instanceKeywords.get(s.name()).handle(s, own);
                continue;
            }
            if (!s.name().equals("group")) {
                continue;  // reported as the file was read
            }
            for (Statement m : children(s)) {
                if (instances.stream().anyMatch(i -> i.name().equals(m.name()))) {
                    members.add(m.name());
                } else {
                    d.warn(m.at(), "vrrp_sync_group " + name + ": no vrrp_instance " + m.name() + ", ignoring it");
                }
            }
        }
        List<TrackedScript> trackScripts = own.knownScripts(scripts);
        List<TrackedInterface> trackInterfaces = own.interfaces(null);
        List<TrackedProcess> trackProcesses = own.knownProcesses(processes);
        List<TrackedFile> trackFiles = own.knownFiles(files);
        if (members.size() < 2) {
            d.warn(g.at(), "Sync group " + name + " has only " + members.size() + " virtual router(s) - this probably isn't what you want");
            return null;
        }
        return new SyncGroup(name, members, own.notify, trackScripts, trackInterfaces, trackProcesses, trackFiles, trackingWeight, g.at());
    }

    /**
     * A member's tracking, as keepalived 2.2.7 runs it (measured, without sync_group_tracking_weight): the
     * group's own track_script, track_interface and track_process entries apply to every member, weights and
     * all; the member's weighted track_script entries are dropped (a warning; keepalived then reports the script
     * unused); its weighted track_interface entries get keepalived's warning that the weight is ignored, but
     * keepalived goes on applying the weight, and so does vrrpd; its track_process weights apply; its weighted
     * track_file entries are dropped, as its scripts are ("ignoring tracked file tf with weight 2 due to SYNC
     * group"). With sync_group_tracking_weight the member keeps its weighted tracking, without a word.
     */
    private VrrpInstanceConfig tracking(VrrpInstanceConfig c, SyncGroup g, List<VrrpScript> scripts, List<VrrpTrackFile> files) {
        List<TrackedScript> trackScripts = new ArrayList<>();
        for (TrackedScript t : c.trackScripts()) {
            if (g.trackingWeight()) {
                trackScripts.add(t);
                continue;
            }
            // known(...) kept only entries whose script exists
            VrrpScript script = scripts.stream().filter(s -> s.name().equals(t.name())).findFirst().orElseThrow();
            if (t.weightOf(script) != 0) {
                d.warn(t.at(), "(" + c.name() + ") ignoring tracked script " + t.name() + " with weights due to SYNC group");
            } else {
                trackScripts.add(t);
            }
        }
        c.trackInterfaces().stream().filter(t -> t.weight() != null && !g.trackingWeight()).forEach(t -> d.warn(t.at(),
                "(" + c.name() + ") ignoring " + t.name() + " tracked interface weight due to SYNC group"
                        + " (keepalived 2.2.7 says so, but applies the weight; so does vrrpd)"));
        trackScripts.addAll(g.trackScripts());
        List<TrackedInterface> trackInterfaces = new ArrayList<>(c.trackInterfaces());
        trackInterfaces.addAll(g.trackInterfaces());
        List<TrackedProcess> trackProcesses = new ArrayList<>(c.trackProcesses());
        trackProcesses.addAll(g.trackProcesses());
        List<TrackedFile> trackFiles = new ArrayList<>();
        for (TrackedFile t : c.trackFiles()) {
            int weight = t.weightOf(defined(files, t));
            if (weight != 0 && !g.trackingWeight()) {
                d.warn(t.at(), "(" + c.name() + ") ignoring tracked file " + t.name() + " with weight " + weight + " due to SYNC group");
            } else {
                trackFiles.add(t);
            }
        }
        trackFiles.addAll(g.trackFiles());
        return c.withTracking(trackScripts, trackInterfaces, trackProcesses, trackFiles);
    }

    // ---- vrrp_script ----

    private final class ScriptBuilder {
        final Statement at;
        final int errorsBefore = d.errors.size();
        String script;
        long intervalMillis = 1000;
        Long timeoutMillis;
        int weight;
        int fall = 1;
        int rise = 1;
        ScriptUser user;

        ScriptBuilder(Statement at) {
            this.at = at;
        }

        VrrpScript build() {
            if (at.args().size() != 1) {
                d.error(at.at(), "vrrp_script needs exactly one name");
                return null;
            }
            if (script == null) {
                // keepalived drops it when its block closes, and then each track_script of it
                d.warn(at.closed(), "No script set for vrrp_script " + at.args().get(0).text() + " - removing");
                return null;
            }
            if (d.errors.size() > errorsBefore) {
                return null;
            }
            return new VrrpScript(at.args().get(0).text(), script, intervalMillis,
                    timeoutMillis == null ? intervalMillis : timeoutMillis, weight, fall, rise, user, at.at());
        }
    }

    private void installScriptKeywords() {
        scriptKeywords.put("script", (s, b) -> b.script = joined(s));
        // keepalived 2.2.7 reads both as whole seconds ("invalid number '0.5'"), 1..4294.
        scriptKeywords.put("interval", (s, b) -> b.intervalMillis = integer(s, 1, 4294) * 1000L);
        scriptKeywords.put("timeout", (s, b) -> b.timeoutMillis = integer(s, 1, 4294) * 1000L);
        scriptKeywords.put("weight", (s, b) -> b.weight = integer(s, -253, 253));
        scriptKeywords.put("fall", (s, b) -> b.fall = integer(s, 1, 1_000_000));
        scriptKeywords.put("rise", (s, b) -> b.rise = integer(s, 1, 1_000_000));
        scriptKeywords.put("user", (s, b) -> b.user = scriptUser(s, s.args()));
    }

    // ---- track_file ----

    /** A track_file (or vrrp_track_file) block, or null when it is unusable (with keepalived's warning). */
    private VrrpTrackFile trackFile(Statement at) {
        int errorsBefore = d.errors.size();
        String name = at.args().isEmpty() ? "" : at.args().get(0).text();
        if (at.args().size() != 1) {
            d.error(at.at(), at.name() + " needs exactly one name");
        }
        java.nio.file.Path file = null;
        int weight = 1;
        boolean reverse = false;
        Long initValue = null;
        boolean overwrite = false;
        for (Statement s : children(at)) {
            switch (s.name()) {
                case "file" -> file = java.nio.file.Path.of(text(s));
                case "weight" -> {
                    Integer w = s.args().isEmpty() ? null : fileWeight(s.args().get(0));
                    if (w == null) {
                        d.warn(s.at(), "Weight (" + (s.args().isEmpty() ? "" : s.args().get(0).text()) + ") for track_file " + name
                                + " must be between [-254..254] inclusive. Ignoring...");
                    } else {
                        weight = w;
                    }
                    reverse = s.args().size() > 1 && s.args().get(1).is("reverse");
                }
                case "init_file" -> {
                    initValue = 0L;
                    for (Token t : s.args()) {
                        if (t.is("overwrite")) {
                            overwrite = true;
                        } else {
                            try {
                                initValue = Long.parseLong(t.text());
                            } catch (NumberFormatException e) {
                                d.warn(t.at(), "track_file " + name + ": init_file value must be a number, got '" + t.text() + "'");
                            }
                        }
                    }
                }
                default -> d.warn(s.at(), "unknown keyword '" + s.name() + "' in " + at.name());
            }
        }
        if (file == null) {
            d.warn(at.at(), "No file set for track_file " + name + " - ignoring");
            return null;
        }
        if (d.errors.size() > errorsBefore) {
            return null;
        }
        return new VrrpTrackFile(name, file, weight, reverse, initValue, overwrite, at.at());
    }

    /** The track_file an entry names; knownFiles(...) kept only entries whose track_file exists. */
    private static VrrpTrackFile defined(List<VrrpTrackFile> files, TrackedFile t) {
        return files.stream().filter(f -> f.name().equals(t.name())).findFirst().orElseThrow();
    }

    /** A track_file weight, -254..254, or null. */
    private static Integer fileWeight(Token t) {
        try {
            int w = Integer.parseInt(t.text());
            return w < -254 || w > 254 ? null : w;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- vrrp_track_process ----

    /** A vrrp_track_process block, or null when it is unusable (with the reasons reported). */
    private VrrpTrackProcess trackProcess(Statement at) {
        int errorsBefore = d.errors.size();
        String name = at.args().isEmpty() ? "" : at.args().get(0).text();
        if (at.args().size() != 1) {
            d.error(at.at(), "vrrp_track_process needs exactly one name");
        }
        String process = null;
        List<String> params = new ArrayList<>();
        VrrpTrackProcess.ParamMatch match = null;
        int weight = 0;
        boolean reverse = false;
        int quorum = 1;
        int quorumMax = 65535;
        Statement quorumMaxAt = null;
        long forkDelay = 0;
        long terminateDelay = 0;
        boolean fullCommand = false;
        for (Statement s : children(at)) {
            switch (s.name()) {
                case "process" -> {
                    if (s.args().isEmpty()) {
                        d.error(s.at(), "process needs a process name");
                    } else {
                        process = s.args().get(0).text();
                        params = s.args().subList(1, s.args().size()).stream().map(Token::text).toList();
                    }
                }
                case "param_match" -> {
                    String m = text(s);
                    switch (m) {
                        case "initial" -> match = VrrpTrackProcess.ParamMatch.INITIAL;
                        case "partial" -> match = VrrpTrackProcess.ParamMatch.PARTIAL;
                        default -> d.error(s.at(), "param_match must be initial or partial, got '" + m + "'");
                    }
                }
                case "weight" -> {
                    weight = integer(s, -254, 254);
                    if (s.args().size() == 2 && s.args().get(1).is("reverse")) {
                        reverse = true;
                    } else if (s.args().size() > 1) {
                        d.error(s.args().get(1).at(), "weight takes 'N [reverse]', got '" + s.args().get(1).text() + "'");
                    }
                }
                case "quorum" -> quorum = integer(s, 1, 65535);
                case "quorum_max" -> {
                    quorumMax = integer(s, 0, 65535);
                    quorumMaxAt = s;
                }
                case "fork_delay" -> forkDelay = delayMicros(s);
                case "terminate_delay" -> terminateDelay = delayMicros(s);
                case "delay" -> {
                    forkDelay = delayMicros(s);
                    terminateDelay = forkDelay;
                }
                case "full_command" -> fullCommand = true;
                default -> unknownOrIgnored(s, KEEPALIVED_TRACK_PROCESS, " in vrrp_track_process");
            }
        }
        if (process == null) {
            d.error(at.at(), "vrrp_track_process " + name + " has no process");
        }
        if (quorumMaxAt != null && quorumMax != 0 && quorumMax < quorum) {
            d.error(quorumMaxAt.at(), "quorum_max " + quorumMax + " is less than quorum " + quorum);
        }
        if (d.errors.size() > errorsBefore) {
            return null;
        }
        if (match == null) {
            match = params.isEmpty() ? VrrpTrackProcess.ParamMatch.NONE : VrrpTrackProcess.ParamMatch.EXACT;
        }
        if (!fullCommand && match == VrrpTrackProcess.ParamMatch.NONE && process.length() > 15) {
            d.note(at.at(), "vrrp_track_process " + name + ": a process name is at most 15 characters (/proc/PID/comm); only '"
                    + process.substring(0, 15) + "' is compared");
        }
        return new VrrpTrackProcess(name, process, params, match, weight, reverse, quorum, quorumMax, forkDelay, terminateDelay,
                fullCommand, at.at());
    }

    /** keepalived's fork_delay / terminate_delay / delay: a decimal number of seconds in [0.000001, 3600]. */
    private long delayMicros(Statement s) {
        BigDecimal secs = seconds(s, "0.000001", "3600", d::error);
        return secs == null ? 0 : secs.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    // ---- vrrp_instance ----

    private final class InstanceBuilder {
        final Statement at;
        Statement state;
        Boolean master;
        String iface;
        Integer vrid;
        Integer priority;
        Statement advertInt;
        Integer version;
        Statement authType;
        String authPass;
        List<VirtualAddress> vips = new ArrayList<>();
        List<TrackedScript> tracks = new ArrayList<>();
        List<TrackedProcess> processTracks = new ArrayList<>();
        List<TrackedFile> fileTracks = new ArrayList<>();
        Map<String, NotifyScript> notify = new LinkedHashMap<>();
        Long garpDelayMillis;
        Integer garpRepeat;
        Long garpRefreshMillis;
        Statement nopreempt;
        UnicastChecksum unicastChecksum = UnicastChecksum.DETECT;
        List<VirtualAddress> excludedVips = new ArrayList<>();
        /** accept / no_accept, the last one written; null: neither (accept, unless vrrp_strict). */
        Statement acceptMode;
        Statement preemptDelay;
        long preemptDelayMillis;
        List<Statement> trackedInterfaces = new ArrayList<>();
        InetAddress mcastSrcIp;
        InetAddress unicastSrcIp;
        List<InetAddress> unicastPeers = new ArrayList<>();
        /**
         * The instance's address family, as keepalived deduces it: from the first of a VIP, a source address, a
         * unicast peer or native_ipv6 (null: none yet; IPv4 then).
         */
        Boolean ipv6;

        /** Whether {@code a} may join this instance: it sets the family, or is of it. */
        boolean family(InetAddress a) {
            boolean six = a instanceof Inet6Address;
            if (ipv6 == null) {
                ipv6 = six;
            }
            return ipv6 == six;
        }

        InstanceBuilder(Statement at) {
            this.at = at;
        }

        String name() {
            return at.args().isEmpty() ? "" : at.args().get(0).text();
        }

        VrrpInstanceConfig build(GlobalDefs global, boolean strict, List<VrrpScript> scripts, List<VrrpTrackProcess> processes,
                                 List<VrrpTrackFile> files) {
            int errorsBefore = d.errors.size();
            String name = name();
            if (at.args().size() != 1) {
                d.error(at.at(), "vrrp_instance needs exactly one name");
            }
            if (iface == null) {
                d.error(at.at(), "vrrp_instance " + name + " has no interface");
            }
            if (vrid == null) {
                d.error(at.at(), "vrrp_instance " + name + " has no virtual_router_id");
            }
            if (vips.isEmpty()) {
                d.error(at.at(), "vrrp_instance " + name + " has no virtual_ipaddress");
            }
            boolean six = ipv6 != null && ipv6;
            // keepalived: an IPv6 instance with no version of its own is VRRPv3, whatever vrrp_version says;
            // vrrp_strict turns an explicit version 2 into 3 with a complaint. Without vrrp_strict keepalived runs
            // version 2 over IPv6 (not RFC 5798's, and silently); vrrpd runs 3 (README: differences).
            int v = version == null ? (six ? 3 : global.vrrpVersion()) : version;
            if (six && v == 2) {
                if (strict) {
                    d.warn(at.at(), "(" + name + ") cannot use IPv6 with VRRP version 2; setting version 3");
                }
                v = 3;
            }
            if (six && strict && unicastPeers.isEmpty() && !vips.isEmpty() && !vips.get(0).address().isLinkLocalAddress()) {
                d.warn(at.at(), "(" + name + ") the first IPv6 VIP address must be link local");
            }
            long intervalMicros = advertInt == null ? 1_000_000 : advertMicros(advertInt, v);
            // keepalived: an unset priority follows the state (MASTER: 255, the address owner), and an unset state
            // follows the priority.
            boolean master = this.master != null ? this.master : priority != null && priority == 255;
            int prio = priority != null ? priority : master ? 255 : 100;
            if (strict && master != (prio == 255)) {
                d.warn((state == null ? at : state).at(), "vrrp_strict: state MASTER must go with priority 255, starting as "
                        + (prio == 255 ? "MASTER" : "BACKUP"));
                master = prio == 255;
            }
            String pass = authentication(strict, v, name);
            boolean noPre = nopreempt != null;
            if (noPre && prio == 255) {
                d.warn(nopreempt.at(), "nopreempt is incompatible with priority 255 - ignoring it");
                noPre = false;
            } else if (noPre && master) {
                // keepalived: "nopreempt will not work with initial state MASTER" and clears it.
                d.warn(nopreempt.at(), "nopreempt will not work with initial state MASTER - ignoring it");
                noPre = false;
            }
            List<TrackedInterface> interfaces = interfaces(iface);
            long delay = preemptDelayMillis;
            if (preemptDelay != null && (master || noPre)) {
                d.warn(preemptDelay.at(), "preempt_delay will not work with " + (master ? "initial state MASTER" : "nopreempt")
                        + " - ignoring it");
                delay = 0;
            }
            List<TrackedScript> known = knownScripts(scripts);
            List<TrackedProcess> knownProcesses = knownProcesses(processes);
            List<TrackedFile> knownFiles = knownFiles(files);
            if (prio == 255) {
                // keepalived warns, and keeps the entry: the owner's priority never moves, but a FAULT still applies
                knownFiles.stream().filter(t -> t.weightOf(defined(files, t)) != 0)
                        .forEach(t -> d.warn(t.at(), "(" + name + ") ignoring weight from tracked file " + t.name()
                                + " due to address_owner. specify weight 0"));
            }
            if (d.errors.size() > errorsBefore) {
                return null;
            }
            return new VrrpInstanceConfig(name, master ? "MASTER" : "BACKUP", iface, vrid, prio,
                    intervalMicros, v, pass, vips, known, interfaces, knownProcesses, noPre, delay,
                    unicastSrcIp != null && !unicastPeers.isEmpty() ? unicastSrcIp : mcastSrcIp, unicastPeers, at.at(), notify,
                    new Garp(garpDelayMillis != null ? garpDelayMillis : global.garp().delayMillis(),
                            garpRepeat != null ? garpRepeat : global.garp().repeat(),
                            garpRefreshMillis != null ? garpRefreshMillis : global.garp().refreshMillis()),
                    acceptMode(strict, v, prio), unicastChecksum, excludedVips, knownFiles);
        }

        /**
         * keepalived's accept mode, as measured: accept unless no_accept is written last or vrrp_strict leaves it
         * unset; under vrrp_strict, VRRPv2 cannot accept (a warning) unless it is the address owner (priority 255),
         * which always accepts.
         */
        private boolean acceptMode(boolean strict, int v, int prio) {
            if (prio == 255) {
                return true;
            }
            boolean accept = acceptMode == null ? !strict : acceptMode.name().equals("accept");
            if (accept && strict && v == 2 && acceptMode != null) {
                d.warn(acceptMode.at(), "(" + name() + ") warning - accept mode for VRRP version 2 does not comply with RFC3768"
                        + " - resetting");
                accept = false;
            }
            return accept;
        }

        /** The track_interface entries, less {@code own} (the instance's interface; null for a sync group). */
        List<TrackedInterface> interfaces(String own) {
            List<TrackedInterface> interfaces = new ArrayList<>();
            for (Statement t : trackedInterfaces) {
                if (t.name().equals(own)) {
                    d.warn(t.at(), "track_interface " + own + " is the instance's own interface, ignoring it");
                    continue;
                }
                Integer weight = null;
                if (t.args().size() == 2 && t.args().get(0).is("weight")) {
                    weight = integerArg("track_interface " + t.name() + " weight", t.args().get(1), -254, 254);
                } else if (!t.args().isEmpty()) {
                    d.error(t.at(), "track_interface entry takes 'NAME [weight N]'");
                }
                interfaces.add(new TrackedInterface(t.name(), weight == null || weight == 0 ? null : weight, t.at()));
                d.uses(t.name(), t.at(), "(" + name() + ") tracked interface " + t.name() + " doesn't exist");
            }
            return interfaces;
        }

        List<TrackedScript> knownScripts(List<VrrpScript> scripts) {
            return known("track_script", tracks, TrackedScript::name, TrackedScript::at, scripts.stream().map(VrrpScript::name).toList());
        }

        List<TrackedFile> knownFiles(List<VrrpTrackFile> files) {
            return known("track_file", fileTracks, TrackedFile::name, TrackedFile::at, files.stream().map(VrrpTrackFile::name).toList());
        }

        List<TrackedProcess> knownProcesses(List<VrrpTrackProcess> processes) {
            return known("track_process", processTracks, TrackedProcess::name, TrackedProcess::at,
                    processes.stream().map(VrrpTrackProcess::name).toList());
        }

        /** The entries of {@code tracks} whose name is {@code defined}; keepalived warns of the others and ignores them. */
        private <T> List<T> known(String keyword, List<T> tracks, java.util.function.Function<T, String> name,
                                  java.util.function.Function<T, Location> at, List<String> defined) {
            List<T> out = new ArrayList<>();
            for (T t : tracks) {
                if (defined.contains(name.apply(t))) {
                    out.add(t);
                } else {
                    d.warn(at.apply(t), keyword.equals("track_script")
                            ? "(" + name() + ") track script " + name.apply(t) + " not found, ignoring..."  // keepalived's words
                            : keyword + " " + name.apply(t) + " not found, ignoring");
                }
            }
            return out;
        }

        /** The PASS password to send, or null; keepalived drops authentication where it cannot apply. */
        private String authentication(boolean strict, int v, String name) {
            if (authType == null) {
                return null;
            }
            String ignored = strict ? "vrrp_strict does not allow authentication"
                    : v == 3 ? "VRRPv3 has no authentication"
                    : authPass == null ? "auth_type without auth_pass" : null;
            if (ignored != null) {
                d.warn(authType.at(), "vrrp_instance " + name + ": " + ignored + ", ignoring it");
                return null;
            }
            if (authType.args().get(0).is("AH")) {
                d.error(authType.at(), "vrrp_instance " + name + ": auth_type AH is not supported by vrrpd");
            }
            return authPass;
        }
    }

    private void installInstanceKeywords() {
        instanceKeywords.put("state", (s, b) -> {
            String v = text(s);
            if (!v.equals("MASTER") && !v.equals("BACKUP")) {
                d.warn(s.at(), "state must be MASTER or BACKUP, got '" + v + "', using BACKUP");
            }
            b.state = s;
            b.master = v.equals("MASTER");
        });
        instanceKeywords.put("interface", (s, b) -> {
            String name = text(s);
            if (name.length() > IFNAMSIZ - 1) {
                d.warn(s.at(), "Interface name '" + name + "' too long - ignoring");
                return;
            }
            b.iface = name;
            if (b.iface.equals("lo")) {
                d.error(s.at(), "cannot use the loopback interface lo for VRRP");
            }
            d.uses(name, s.at(), "WARNING - interface " + name + " for vrrp_instance " + b.name() + " doesn't exist");
        });
        instanceKeywords.put("virtual_router_id", (s, b) -> b.vrid = integer(s, 1, 255));
        instanceKeywords.put("priority", (s, b) -> b.priority = integer(s, 1, 255));
        instanceKeywords.put("advert_int", (s, b) -> b.advertInt = s);
        instanceKeywords.put("version", (s, b) -> {
            int v = integer(s, 2, 3);
            if ((b.version != null && b.version != v) || (v == 2 && b.ipv6 != null && b.ipv6)) {
                d.warn(s.at(), "(" + b.name() + ") vrrp_version " + v + " conflicts with configured or deduced version "
                        + (b.version != null ? b.version : 3) + "; ignoring.");
            } else {
                b.version = v;
            }
        });
        instanceKeywords.put("mcast_src_ip", (s, b) -> b.mcastSrcIp = source(s, b, d::error));
        instanceKeywords.put("native_ipv6", (s, b) -> {
            if (b.ipv6 != null && !b.ipv6) {
                d.warn(s.at(), "(" + b.name() + ") Cannot specify native_ipv6 with IPv4 addresses");
            } else {
                b.ipv6 = true;
                b.version = 3;
            }
        });
        instanceKeywords.put("nopreempt", (s, b) -> b.nopreempt = s);
        instanceKeywords.put("accept", (s, b) -> b.acceptMode = s);
        instanceKeywords.put("old_unicast_checksum", (s, b) -> {
            if (s.args().isEmpty()) {
                b.unicastChecksum = UnicastChecksum.OLD;
            } else if (s.args().get(0).is("never")) {
                b.unicastChecksum = UnicastChecksum.NEVER;
            } else {
                d.warn(s.at(), "(" + b.name() + ") Unknown old_unicast_chksum mode " + text(s) + " - ignoring");
            }
        });
        instanceKeywords.put("no_accept", (s, b) -> b.acceptMode = s);
        instanceKeywords.put("garp_master_delay", (s, b) -> b.garpDelayMillis = integer(s, 0, 4294) * 1000L);
        instanceKeywords.put("garp_master_repeat", (s, b) -> b.garpRepeat = integer(s, 1, Integer.MAX_VALUE));
        instanceKeywords.put("garp_master_refresh", (s, b) -> b.garpRefreshMillis = integer(s, 0, 4294) * 1000L);
        for (String notify : List.of("notify_master", "notify_backup", "notify_fault", "notify_stop", "notify")) {
            instanceKeywords.put(notify, (s, b) -> b.notify.put(notify, notifyScript(s)));
        }
        instanceKeywords.put("preempt", (s, b) -> b.nopreempt = null);
        instanceKeywords.put("preempt_delay", (s, b) -> {
            BigDecimal secs = seconds(s, "0", "1000", d::warn);
            b.preemptDelay = s;
            b.preemptDelayMillis = secs == null ? 0 : secs.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        });
        instanceKeywords.put("authentication", (s, b) -> {
            for (Statement a : children(s)) {
                switch (a.name()) {
                    case "auth_type" -> {
                        String t = text(a);
                        if (t.equals("PASS") || t.equals("AH")) {
                            b.authType = a;
                        } else {
                            d.error(a.at(), "unknown auth_type '" + t + "' (PASS or AH)");
                        }
                    }
                    case "auth_pass" -> {
                        b.authPass = text(a);
                        if (b.authPass.length() > 8) {
                            d.warn(a.at(), "auth_pass is longer than 8 characters, truncating it");
                            b.authPass = b.authPass.substring(0, 8);
                        }
                    }
                    default -> d.warn(a.at(), "unknown keyword '" + a.name() + "' in authentication");
                }
            }
        });
        instanceKeywords.put("virtual_ipaddress", (s, b) -> {
            for (Statement a : children(s)) {
                VirtualAddress va = virtualAddress(a);
                if (va != null && !b.family(va.address())) {
                    d.warn(a.at(), "(" + b.name() + "): address family must match VRRP instance [" + a.name() + "] - ignoring");
                } else if (va != null && b.vips.size() == MAX_ADVERTISED_VIPS) {
                    // an advert's Count IP Addrs is one byte: the 256th can't be advertised (keepalived refuses too)
                    d.error(a.at(), "(" + b.name() + ") more than " + MAX_ADVERTISED_VIPS + " virtual_ipaddress: an advert carries at most "
                            + MAX_ADVERTISED_VIPS + "; put the others in virtual_ipaddress_excluded");
                } else if (va != null && b.vips.size() < MAX_ADVERTISED_VIPS) {
                    b.vips.add(va);
                }
            }
        });
        instanceKeywords.put("virtual_ipaddress_excluded", (s, b) -> {
            for (Statement a : children(s)) {
                VirtualAddress va = virtualAddress(a);
                if (va != null) {
                    b.excludedVips.add(va);
                }
            }
        });
        instanceKeywords.put("track_script", (s, b) -> {
            for (Statement a : children(s)) {
                Integer weight = null;
                if (a.args().size() == 2 && a.args().get(0).is("weight")) {
                    weight = integerArg("track_script " + a.name() + " weight", a.args().get(1), -253, 253);
                } else if (!a.args().isEmpty()) {
                    d.error(a.at(), "track_script entry takes 'NAME [weight N]'");
                }
                b.tracks.add(new TrackedScript(a.name(), weight, a.at()));
            }
        });
        instanceKeywords.put("track_interface", (s, b) -> b.trackedInterfaces.addAll(children(s)));
        instanceKeywords.put("virtual_routes", (s, b) -> {
            ignored(s);
            children(s).forEach(this::route);
        });
        instanceKeywords.put("virtual_rules", (s, b) -> {
            ignored(s);
            children(s).forEach(this::rule);
        });
        instanceKeywords.put("track_process", (s, b) -> {
            for (Statement a : children(s)) {
                Integer weight = null;
                Boolean reverse = null;
                List<Token> args = a.args();
                int i = 0;
                if (i + 1 < args.size() && args.get(i).is("weight")) {
                    weight = integerArg("track_process " + a.name() + " weight", args.get(i + 1), -254, 254);
                    i += 2;
                }
                if (i < args.size() && (args.get(i).is("reverse") || args.get(i).is("noreverse"))) {
                    reverse = args.get(i).is("reverse");
                    i++;
                }
                if (i < args.size()) {
                    d.error(a.at(), "track_process entry takes 'NAME [weight N [reverse|noreverse]]'");
                }
                b.processTracks.add(new TrackedProcess(a.name(), weight, reverse, a.at()));
            }
        });
        instanceKeywords.put("track_file", (s, b) -> {
            for (Statement a : children(s)) {
                Integer weight = null;
                Boolean reverse = null;
                List<Token> args = a.args();
                if (!args.isEmpty() && args.get(0).is("weight")) {
                    if (args.size() < 2) {
                        d.warn(a.at(), "(" + b.name() + ") weight without value specified for track file " + a.name() + " - ignoring");
                        continue;
                    }
                    weight = fileWeight(args.get(1));
                    if (weight == null) {
                        d.warn(a.at(), "(" + b.name() + ") weight for track file " + a.name() + " must be in [-254..254] inclusive. Ignoring...");
                        continue;
                    }
                    if (args.size() > 2 && (args.get(2).is("reverse") || args.get(2).is("noreverse"))) {
                        reverse = args.get(2).is("reverse");
                    }
                } else if (!args.isEmpty()) {
                    d.warn(a.at(), "(" + b.name() + ") track file " + a.name() + ": unknown option '" + args.get(0).text() + "'");
                }
                b.fileTracks.add(new TrackedFile(a.name(), weight, reverse, a.at()));
            }
        });
        instanceKeywords.put("unicast_src_ip", (s, b) -> b.unicastSrcIp = source(s, b, d::warn));
        instanceKeywords.put("unicast_peer", (s, b) -> children(s).forEach(a -> {
            InetAddress peer = address(a.at(), s.name(), a.name(), d::warn);
            if (peer != null && !b.family(peer)) {
                d.warn(a.at(), "Configuration error: VRRP instance[" + b.name() + "] and unicast peer address[" + a.name()
                        + "] MUST be of the same family !!! Skipping...");
            } else if (peer != null) {
                b.unicastPeers.add(peer);
            }
        }));
    }

    /** mcast_src_ip or unicast_src_ip: an address of the instance's family (or the first to set it). */
    private InetAddress source(Statement s, InstanceBuilder b, BiConsumer<Location, String> report) {
        InetAddress a = address(s.at(), s.name(), text(s), report);
        if (a != null && !b.family(a)) {
            d.warn(s.at(), "Configuration error: VRRP instance[" + b.name() + "] and src address[" + text(s)
                    + "] MUST be of the same family !!! Skipping...");
            return null;
        }
        return a;
    }

    /** advert_int in microseconds: v2 adverts carry whole seconds, v3 centiseconds below 40.96 s. */
    private long advertMicros(Statement s, int version) {
        BigDecimal secs = seconds(s, "0.01", "255", d::error);
        if (secs == null) {
            return 1_000_000;
        }
        BigDecimal unit = version == 2 ? BigDecimal.ONE : new BigDecimal("0.01");
        BigDecimal rounded = secs.divide(unit, 0, RoundingMode.HALF_UP).max(BigDecimal.ONE).multiply(unit);
        if (version == 3 && rounded.compareTo(new BigDecimal("40.96")) >= 0) {
            d.warn(s.at(), "VRRPv3 advert_int must be below 40.96 s, using 40.95");
            rounded = new BigDecimal("40.95");
        } else if (rounded.compareTo(secs) != 0) {
            d.warn(s.at(), "VRRPv" + version + " advert_int must be a multiple of " + unit.toPlainString()
                    + " s, rounding to " + rounded.toPlainString());
        }
        return rounded.movePointRight(6).longValueExact();
    }

    /** {@code addr[/prefix] [option value | flag]...}; keepalived ignores an option it does not know. */
    private VirtualAddress virtualAddress(Statement a) {
        String spec = a.name();
        int slash = spec.indexOf('/');
        String addr = slash >= 0 ? spec.substring(0, slash) : spec;
        boolean six = addr.contains(":");
        int max = six ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            prefix = integerArg("virtual_ipaddress prefix", new Token(spec.substring(slash + 1), false, a.at()), 0, max);
        }
        InetAddress ip = address(a.at(), "virtual_ipaddress", addr, d::error);
        String dev = null;
        String label = null;
        List<Token> args = a.args();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i).text();
            if (VIP_OPTIONS.contains(option) && i + 1 < args.size()) {
                String value = args.get(++i).text();
                dev = option.equals("dev") ? value : dev;
                if (six && (option.equals("label") || option.equals("scope"))) {
                    d.warn(a.at(), "Cannot specify " + option + " for IPv6 addresses (" + spec + ") - ignoring " + option);
                    continue;
                }
                label = option.equals("label") ? value : label;
                if (option.equals("dev")) {
                    d.uses(value, a.at(), "WARNING - interface " + value + " for ip address " + spec + " doesn't exist");
                }
            } else if (!VIP_FLAGS.contains(option)) {
                d.warn(args.get(i).at(), "unknown virtual_ipaddress option '" + option + "'");
            }
        }
        return ip == null || prefix < 0 || prefix > max ? null : new VirtualAddress(ip, prefix, dev, label);
    }

    // ---- routes, rules and virtual servers: vrrpd does not install them, but checks them as keepalived's -t does ----

    /**
     * One line of static_routes or virtual_routes: {@code [src ADDR] [TYPE] DEST [option value | flag]...}.
     * keepalived 2.2.7 (measured) warns of a destination that is no address, of the deprecated {@code gw} and
     * {@code or}, and of a route it cannot track because no {@code dev} names its interface (unless
     * {@code no_track}); a {@code dev} is looked for on the host by {@code vrrpd -t}.
     */
    private void route(Statement r) {
        List<Token> words = new ArrayList<>();
        words.add(r.keyword());
        words.addAll(r.args());
        int i = 0;
        if (i + 1 < words.size() && words.get(i).is("src")) {
            i += 2;
        }
        if (i < words.size() && ROUTE_TYPES.contains(words.get(i).text())) {
            i++;
        }
        if (i >= words.size()) {
            d.warn(r.at(), "Route has no destination");
            return;
        }
        String dest = words.get(i++).text();
        if (!isPrefix(dest) && !dest.equals("default")) {
            d.warn(r.at(), "VRRP parsed invalid IP " + dest + ". skipping IP...");
            d.warn(r.at(), "unknown route keyword " + dest);
            return;
        }
        boolean dev = false;
        boolean track = true;
        for (; i < words.size(); i++) {
            String w = words.get(i).text();
            if (w.equals("gw")) {
                d.warn(r.at(), "\"gw\" for routes is deprecated. Please use \"via\"");
            } else if (w.equals("or")) {
                d.warn(r.at(), "\"or\" for routes is deprecated. Please use \"nexthop\"");
            } else if (w.equals("dev") && i + 1 < words.size()) {
                dev = true;
                String name = words.get(i + 1).text();
                d.uses(name, r.at(), "WARNING - interface " + name + " for VROUTE nexthop doesn't exist");
            } else if (w.equals("no_track")) {
                track = false;
            }
            if (ROUTE_OPTIONS.contains(w)) {
                i++;
            }
        }
        if (!dev && track) {
            d.warn(r.at(), "Warning - cannot track route " + (dest.contains("/") || dest.equals("default") ? dest : dest + "/32")
                    + " with no interface specified, not tracking");
        }
    }

    /**
     * One line of static_rules or virtual_rules. keepalived 2.2.7 (measured) warns of an address that is none
     * (and drops the rule), of an option it does not know, and of a rule without {@code preference}, which it
     * numbers itself: "This is probably not what you want."
     */
    private void rule(Statement r) {
        List<Token> words = new ArrayList<>();
        words.add(r.keyword());
        words.addAll(r.args());
        boolean preference = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).text();
            if (RULE_FLAGS.contains(w)) {
                continue;
            }
            if (!RULE_OPTIONS.contains(w)) {
                d.warn(r.at(), "Unknown rule option " + w);
                continue;
            }
            String value = i + 1 < words.size() ? words.get(++i).text() : "";
            if ((w.equals("from") || w.equals("to")) && !isPrefix(value) && !value.equals("all")) {
                d.warn(r.at(), "VRRP parsed invalid IP " + value + ". skipping IP...");
                d.warn(r.at(), "Invalid rule " + w + " address " + value);
                return;
            }
            preference |= w.equals("preference") || w.equals("priority");
        }
        if (!preference) {
            d.warn(r.at(), "Rule has no preference specified - setting to " + nextRulePreference--
                    + ". This is probably not what you want.");
        }
    }

    /** {@code ADDR[/LEN]}, an IPv4 address and an optional prefix length. */
    private static boolean isPrefix(String s) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (slash >= 0 && !s.substring(slash + 1).matches("([0-9]|[12][0-9]|3[0-2])")) {
            return false;
        }
        try {
            VrrpCodec.v4(addr);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A virtual_server, checked after the whole file as keepalived checks its LVS config (its complaints carry no
     * line; vrrpd gives the virtual_server's): a fwmark service takes no protocol, and its real servers no port;
     * an address service needs a protocol; every service needs a forwarding method (lb_kind or lvs_method).
     */
    private void virtualServer(Statement vs) {
        List<Token> head = vs.args();
        boolean fwmark = !head.isEmpty() && head.get(0).is("fwmark");
        boolean group = !head.isEmpty() && head.get(0).is("group");
        String protocol = null;
        boolean method = false;
        List<Statement> realServers = new ArrayList<>();
        for (Statement s : vs.block() == null ? List.<Statement>of() : vs.block()) {
            switch (s.name()) {
                case "protocol" -> protocol = s.args().isEmpty() ? "" : s.args().get(0).text().toLowerCase(java.util.Locale.ROOT);
                case "lb_kind", "lvs_method" -> method = true;
                case "real_server" -> realServers.add(s);
                default -> { }
            }
        }
        String name = fwmark ? "FWM " + (head.size() > 1 ? head.get(1).text() : "")
                : group ? "group " + (head.size() > 1 ? head.get(1).text() : "")
                : "[" + (head.isEmpty() ? "" : head.get(0).text()) + "]:" + (protocol == null ? "none" : protocol) + ":"
                + (head.size() > 1 ? head.get(1).text() : "0");
        if (fwmark && protocol != null) {
            d.warn(vs.at(), "Warning: Virtual server " + name + ": protocol specified for fwmark - protocol will be ignored");
        }
        if (!fwmark && !group && protocol == null) {
            d.warn(vs.at(), "Virtual server " + name + ": no protocol set - defaulting to UDP");
        }
        if (!method) {
            d.warn(vs.at(), "Virtual server " + name + ": no forwarding method set, setting default NAT");
        }
        if (fwmark) {
            for (Statement rs : realServers) {
                if (rs.args().size() > 1) {
                    d.warn(rs.at(), "WARNING - fwmark virtual server " + name + ", real server [" + rs.args().get(0).text()
                            + "]:none:" + rs.args().get(1).text() + " has port specified - clearing");
                }
            }
        }
    }

    // ---- values ----

    private static Set<String> words(String text) {
        return Set.of(text.trim().split("\\s+"));
    }

    private List<Statement> children(Statement s) {
        if (s.block() == null) {
            d.error(s.at(), s.name() + " needs a { ... } block");
            return List.of();
        }
        return s.block();
    }

    /** The first argument; keepalived ignores any after it. */
    private String text(Statement s) {
        if (s.args().isEmpty()) {
            d.error(s.at(), s.name() + " needs a value");
            return "";
        }
        extra(s, 1);
        return s.args().get(0).text();
    }

    private void extra(Statement s, int used) {
        if (s.args().size() > used) {
            d.note(s.args().get(used).at(), s.name() + ": ignoring the extra value '" + s.args().get(used).text() + "'");
        }
    }

    /**
     * A notify line: the script (quoted when it has arguments), then keepalived's optional {@code username
     * [groupname]}, the account it runs as.
     */
    private NotifyScript notifyScript(Statement s) {
        if (s.args().isEmpty()) {
            d.error(s.at(), s.name() + " needs a value");
            return new NotifyScript("", null, s.at());
        }
        List<Token> account = s.args().subList(1, s.args().size());
        return new NotifyScript(s.args().get(0).text(), account.isEmpty() ? null : scriptUser(s, account), s.at());
    }

    /** {@code USER [GROUP]}: keepalived takes the first two words and ignores the rest (measured). */
    private ScriptUser scriptUser(Statement s, List<Token> words) {
        if (words.isEmpty()) {
            d.error(s.at(), s.name() + " needs a user name");
            return null;
        }
        if (words.size() > 2) {
            d.note(words.get(2).at(), s.name() + ": ignoring the extra value '" + words.get(2).text() + "', as keepalived does");
        }
        return new ScriptUser(words.get(0).text(), words.size() > 1 ? words.get(1).text() : null, s.at());
    }

    private String joined(Statement s) {
        if (s.args().isEmpty()) {
            d.error(s.at(), s.name() + " needs a value");
            return "";
        }
        return String.join(" ", s.args().stream().map(Token::text).toList());
    }

    private int integer(Statement s, int min, int max) {
        if (s.args().isEmpty()) {
            d.error(s.at(), s.name() + " needs a number");
            return min;
        }
        extra(s, 1);
        return integerArg(s.name(), s.args().get(0), min, max);
    }

    private int integerArg(String what, Token t, int min, int max) {
        try {
            int v = Integer.parseInt(t.text());
            if (v < min || v > max) {
                d.error(t.at(), what + " must be " + min + ".." + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            d.error(t.at(), what + " must be a whole number, got '" + t.text() + "'");
            return min;
        }
    }

    private long millis(Statement s, String min, String max) {
        BigDecimal secs = seconds(s, min, max, d::error);
        return secs == null ? 1000 : secs.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * A decimal number of seconds in [min, max] as keepalived reads one (no exponent); anything else goes to
     * {@code report} and gives null.
     */
    private BigDecimal seconds(Statement s, String min, String max, BiConsumer<Location, String> report) {
        String v = text(s);
        // possessive: no backtracking, so 100,000 digits and a letter are refused in linear time
        if (!SECONDS.matcher(v).matches()) {
            report.accept(s.at(), s.name() + " must be a number of seconds, got '" + shown(v) + "'");
            return null;
        }
        BigDecimal secs = new BigDecimal(v);
        if (secs.compareTo(new BigDecimal(min)) < 0 || secs.compareTo(new BigDecimal(max)) > 0) {
            report.accept(s.at(), s.name() + " must be between " + min + " and " + max + " seconds, got " + shown(v));
            return null;
        }
        return secs;
    }

    private InetAddress address(Location at, String what, String value, BiConsumer<Location, String> report) {
        try {
            return VrrpCodec.ip(value);
        } catch (IllegalArgumentException e) {
            report.accept(at, what + ": '" + value + "' is not an IP address");
            return null;
        }
    }
}
