package dev.hatest.vrrp.config;

import dev.hatest.vrrp.packet.VrrpCodec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses keepalived.conf into immutable config records. As in keepalived's own parser, each block has a
 * keyword table ({@code install_keyword(name, handler)}); the tree is built first, then each block's
 * statements are dispatched through its table. Unknown keywords are warnings; invalid values are errors,
 * and any error fails the whole parse so that a broken instance never starts.
 */
public final class ConfigParser {

    /** One line of config: a keyword, its arguments, and its block when followed by braces. */
    record Statement(Token keyword, List<Token> args, List<Statement> block) {

        Location at() {
            return keyword.at();
        }

        String name() {
            return keyword.text();
        }
    }

    private interface Handler<B> {
        void handle(Statement s, B builder);
    }

    private final Diagnostics d = new Diagnostics();
    private final Map<String, Handler<GlobalBuilder>> globalKeywords = new HashMap<>();
    private final Map<String, Handler<ScriptBuilder>> scriptKeywords = new HashMap<>();
    private final Map<String, Handler<InstanceBuilder>> instanceKeywords = new HashMap<>();

    private ConfigParser() {
        installGlobalKeywords();
        installScriptKeywords();
        installInstanceKeywords();
    }

    public static KeepalivedConfig parse(Path file) throws ConfigException {
        ConfigParser p = new ConfigParser();
        return p.build(new Lexer(p.d).tokens(file));
    }

    /** Parses text as if it were the file {@code name}; for tests and generated configs. */
    public static KeepalivedConfig parse(String name, String text) throws ConfigException {
        ConfigParser p = new ConfigParser();
        return p.build(new Lexer(p.d).tokens(Path.of(name), text));
    }

    private KeepalivedConfig build(List<Token> tokens) throws ConfigException {
        List<Statement> top = tree(tokens);
        GlobalBuilder global = new GlobalBuilder();
        List<VrrpScript> scripts = new ArrayList<>();
        List<InstanceBuilder> instances = new ArrayList<>();
        for (Statement s : top) {
            switch (s.name()) {
                case "global_defs" -> dispatch(s, globalKeywords, global);
                case "vrrp_script" -> {
                    ScriptBuilder b = new ScriptBuilder(s);
                    dispatch(s, scriptKeywords, b);
                    VrrpScript script = b.build();
                    if (script != null) {
                        scripts.add(script);
                    }
                }
                case "vrrp_instance" -> {
                    InstanceBuilder b = new InstanceBuilder(s);
                    dispatch(s, instanceKeywords, b);
                    instances.add(b);
                }
                default -> d.warn(s.at(), "unknown keyword '" + s.name() + "'");
            }
        }
        GlobalDefs globalDefs = global.build();
        List<VrrpInstanceConfig> built = new ArrayList<>();
        Map<String, Location> vridsInUse = new LinkedHashMap<>();
        for (InstanceBuilder b : instances) {
            VrrpInstanceConfig c = b.build(globalDefs, scripts);
            if (c == null) {
                continue;
            }
            Location previous = vridsInUse.putIfAbsent(c.iface() + "/" + c.vrid(), c.at());
            if (previous != null) {
                d.error(c.at(), "virtual_router_id " + c.vrid() + " is already used on " + c.iface() + " at " + previous);
            }
            built.add(c);
        }
        if (!d.errors.isEmpty()) {
            throw new ConfigException(d.errors);
        }
        return new KeepalivedConfig(globalDefs, scripts, built, d.warnings);
    }

    // ---- syntax: tokens to statements ----

    private List<Statement> tree(List<Token> tokens) {
        int[] pos = {0};
        List<Statement> top = block(tokens, pos, null);
        return top;
    }

    private List<Statement> block(List<Token> tokens, int[] pos, Token open) {
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
                block(tokens, pos, t);
                continue;
            }
            pos[0]++;
            List<Token> args = new ArrayList<>();
            while (pos[0] < tokens.size() && !tokens.get(pos[0]).isBrace()
                    && tokens.get(pos[0]).at().equals(t.at())) {
                args.add(tokens.get(pos[0]++));
            }
            List<Statement> children = null;
            if (pos[0] < tokens.size() && tokens.get(pos[0]).is("{")) {
                Token brace = tokens.get(pos[0]++);
                children = block(tokens, pos, brace);
            }
            out.add(new Statement(t, args, children));
        }
        if (open != null) {
            d.error(open.at(), "'{' is never closed");
        }
        return out;
    }

    private <B> void dispatch(Statement parent, Map<String, Handler<B>> table, B builder) {
        if (parent.block() == null) {
            d.error(parent.at(), parent.name() + " needs a { ... } block");
            return;
        }
        for (Statement s : parent.block()) {
            Handler<B> h = table.get(s.name());
            if (h == null) {
                d.warn(s.at(), "unknown keyword '" + s.name() + "' in " + parent.name());
            } else {
                h.handle(s, builder);
            }
        }
    }

    // ---- global_defs ----

    private static final class GlobalBuilder {
        String routerId;
        List<String> emails = new ArrayList<>();
        String emailFrom;
        String smtpServer;
        int vrrpVersion = 2;
        long garpDelayMillis = 5000;
        int garpRepeat = 5;

        GlobalDefs build() {
            return new GlobalDefs(routerId, emails, emailFrom, smtpServer, vrrpVersion, garpDelayMillis, garpRepeat);
        }
    }

    private void installGlobalKeywords() {
        globalKeywords.put("router_id", (s, b) -> b.routerId = text(s));
        globalKeywords.put("notification_email", (s, b) -> {
            if (s.block() != null) {
                s.block().forEach(e -> b.emails.add(e.name()));
            }
        });
        globalKeywords.put("notification_email_from", (s, b) -> b.emailFrom = text(s));
        globalKeywords.put("smtp_server", (s, b) -> b.smtpServer = text(s));
        globalKeywords.put("smtp_connect_timeout", (s, b) -> integer(s, 1, 3600));
        globalKeywords.put("vrrp_version", (s, b) -> b.vrrpVersion = integer(s, 2, 3));
        globalKeywords.put("vrrp_garp_master_delay", (s, b) -> b.garpDelayMillis = integer(s, 0, 1000) * 1000L);
        globalKeywords.put("vrrp_garp_master_repeat", (s, b) -> b.garpRepeat = integer(s, 1, 255));
        for (String accepted : List.of("script_user", "enable_script_security", "vrrp_skip_check_adv_addr",
                "vrrp_strict", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_mcast_group4",
                "vrrp_garp_master_refresh", "vrrp_min_garp", "lvs_id", "max_auto_priority")) {
            globalKeywords.put(accepted, (s, b) -> { });
        }
    }

    // ---- vrrp_script ----

    private final class ScriptBuilder {
        final Statement at;
        String script;
        long intervalMillis = 1000;
        Long timeoutMillis;
        int weight;
        int fall = 1;
        int rise = 1;

        ScriptBuilder(Statement at) {
            this.at = at;
        }

        VrrpScript build() {
            if (at.args().size() != 1) {
                d.error(at.at(), "vrrp_script needs exactly one name");
                return null;
            }
            if (script == null) {
                d.error(at.at(), "vrrp_script " + at.args().get(0).text() + " has no script");
                return null;
            }
            return new VrrpScript(at.args().get(0).text(), script, intervalMillis,
                    timeoutMillis == null ? intervalMillis : timeoutMillis, weight, fall, rise, at.at());
        }
    }

    private void installScriptKeywords() {
        scriptKeywords.put("script", (s, b) -> b.script = joined(s));
        scriptKeywords.put("interval", (s, b) -> b.intervalMillis = seconds(s, 0.001, 86400, 3));
        scriptKeywords.put("timeout", (s, b) -> b.timeoutMillis = seconds(s, 0.001, 86400, 3));
        scriptKeywords.put("weight", (s, b) -> b.weight = integer(s, -253, 253));
        scriptKeywords.put("fall", (s, b) -> b.fall = integer(s, 1, 1_000_000));
        scriptKeywords.put("rise", (s, b) -> b.rise = integer(s, 1, 1_000_000));
        scriptKeywords.put("user", (s, b) -> { });
        scriptKeywords.put("init_fail", (s, b) -> { });
    }

    // ---- vrrp_instance ----

    private final class InstanceBuilder {
        final Statement at;
        String state;
        String iface;
        Integer vrid;
        int priority = 100;
        Statement advertInt;
        Integer version;
        String authType;
        String authPass;
        List<VirtualAddress> vips = new ArrayList<>();
        List<TrackedScript> tracks = new ArrayList<>();
        Statement nopreempt;
        Inet4Address mcastSrcIp;

        InstanceBuilder(Statement at) {
            this.at = at;
        }

        VrrpInstanceConfig build(GlobalDefs global, List<VrrpScript> scripts) {
            int errorsBefore = d.errors.size();
            String name = at.args().isEmpty() ? "" : at.args().get(0).text();
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
            int v = version == null ? global.vrrpVersion() : version;
            long intervalMicros = 1_000_000;
            if (advertInt != null) {
                intervalMicros = v == 2
                        // keepalived: VRRPv2 adverts carry whole seconds, so advert_int rounds to them.
                        ? Math.max(1, seconds(advertInt, 0.01, 255, 0) / 1000) * 1_000_000L
                        : seconds(advertInt, 0.01, 40.95, 2) * 1000L;
            }
            if ("AH".equals(authType)) {
                d.error(at.at(), "vrrp_instance " + name + ": auth_type AH is not supported by vrrpd");
            }
            if (v == 3 && authPass != null) {
                d.warn(at.at(), "vrrp_instance " + name + ": VRRPv3 has no authentication, ignoring it");
                authPass = null;
            }
            boolean noPre = nopreempt != null;
            if (noPre && !"BACKUP".equals(state)) {
                // keepalived: "nopreempt will not work with initial state MASTER" and clears it.
                d.warn(nopreempt.at(), "nopreempt will not work with initial state " + (state == null ? "MASTER" : state)
                        + " - ignoring it");
                noPre = false;
            }
            List<TrackedScript> known = new ArrayList<>();
            for (TrackedScript t : tracks) {
                if (scripts.stream().anyMatch(s -> s.name().equals(t.name()))) {
                    known.add(t);
                } else {
                    d.warn(t.at(), "track_script " + t.name() + " not found, ignoring");
                }
            }
            if (d.errors.size() > errorsBefore) {
                return null;
            }
            return new VrrpInstanceConfig(name, state == null ? "BACKUP" : state, iface, vrid, priority,
                    intervalMicros, v, authPass, vips, known, noPre, mcastSrcIp, at.at());
        }
    }

    private void installInstanceKeywords() {
        instanceKeywords.put("state", (s, b) -> {
            String v = text(s).toUpperCase(Locale.ROOT);
            if (!v.equals("MASTER") && !v.equals("BACKUP")) {
                d.error(s.at(), "state must be MASTER or BACKUP, got '" + text(s) + "'");
            }
            b.state = v;
        });
        instanceKeywords.put("interface", (s, b) -> b.iface = text(s));
        instanceKeywords.put("virtual_router_id", (s, b) -> b.vrid = integer(s, 1, 255));
        instanceKeywords.put("priority", (s, b) -> b.priority = integer(s, 1, 255));
        instanceKeywords.put("advert_int", (s, b) -> b.advertInt = s);
        instanceKeywords.put("version", (s, b) -> b.version = integer(s, 2, 3));
        instanceKeywords.put("mcast_src_ip", (s, b) -> b.mcastSrcIp = address(s, text(s)));
        instanceKeywords.put("nopreempt", (s, b) -> b.nopreempt = s);
        instanceKeywords.put("preempt", (s, b) -> b.nopreempt = null);
        instanceKeywords.put("authentication", (s, b) -> {
            for (Statement a : children(s)) {
                switch (a.name()) {
                    case "auth_type" -> {
                        String t = text(a).toUpperCase(Locale.ROOT);
                        if (!t.equals("PASS") && !t.equals("AH")) {
                            d.error(a.at(), "unknown auth_type '" + text(a) + "' (PASS or AH)");
                        }
                        b.authType = t;
                    }
                    case "auth_pass" -> b.authPass = text(a);
                    default -> d.warn(a.at(), "unknown keyword '" + a.name() + "' in authentication");
                }
            }
        });
        instanceKeywords.put("virtual_ipaddress", (s, b) -> {
            for (Statement a : children(s)) {
                VirtualAddress va = virtualAddress(a);
                if (va != null) {
                    b.vips.add(va);
                }
            }
        });
        instanceKeywords.put("track_script", (s, b) -> {
            for (Statement a : children(s)) {
                Integer weight = null;
                if (a.args().size() == 2 && a.args().get(0).is("weight")) {
                    weight = integerArg(a, a.args().get(1), -253, 253);
                } else if (!a.args().isEmpty()) {
                    d.error(a.at(), "track_script entry takes 'NAME [weight N]'");
                }
                b.tracks.add(new TrackedScript(a.name(), weight, a.at()));
            }
        });
        for (String accepted : List.of("garp_master_delay", "garp_master_repeat", "garp_master_refresh",
                "smtp_alert", "dont_track_primary", "track_interface", "virtual_ipaddress_excluded",
                "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "accept", "no_accept",
                "preempt_delay", "unicast_src_ip", "unicast_peer", "virtual_routes", "lvs_sync_daemon_interface")) {
            instanceKeywords.put(accepted, (s, b) -> d.warn(s.at(), "'" + accepted + "' is parsed but not yet acted on by vrrpd"));
        }
    }

    private VirtualAddress virtualAddress(Statement a) {
        String spec = a.name();
        int prefix = 32;
        int slash = spec.indexOf('/');
        String addr = spec;
        if (slash >= 0) {
            addr = spec.substring(0, slash);
            prefix = integerArg(a, new Token(spec.substring(slash + 1), false, a.at()), 0, 32);
        }
        Inet4Address ip = address(a, addr);
        String dev = null;
        String label = null;
        List<Token> args = a.args();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i).text()) {
                case "dev" -> dev = args.get(i + 1).text();
                case "label" -> label = args.get(i + 1).text();
                case "brd", "scope" -> { }
                default -> d.warn(args.get(i).at(), "unknown virtual_ipaddress option '" + args.get(i).text() + "'");
            }
        }
        return ip == null ? null : new VirtualAddress(ip, prefix, dev, label);
    }

    // ---- values ----

    private List<Statement> children(Statement s) {
        if (s.block() == null) {
            d.error(s.at(), s.name() + " needs a { ... } block");
            return List.of();
        }
        return s.block();
    }

    private String text(Statement s) {
        if (s.args().size() != 1) {
            d.error(s.at(), s.name() + " takes one value, got " + s.args().size());
            return s.args().isEmpty() ? "" : s.args().get(0).text();
        }
        return s.args().get(0).text();
    }

    private String joined(Statement s) {
        if (s.args().isEmpty()) {
            d.error(s.at(), s.name() + " needs a value");
            return "";
        }
        return String.join(" ", s.args().stream().map(Token::text).toList());
    }

    private int integer(Statement s, int min, int max) {
        if (s.args().size() != 1) {
            d.error(s.at(), s.name() + " takes one number, got " + s.args().size() + " values");
            return min;
        }
        return integerArg(s, s.args().get(0), min, max);
    }

    private int integerArg(Statement s, Token t, int min, int max) {
        try {
            int v = Integer.parseInt(t.text());
            if (v < min || v > max) {
                d.error(t.at(), s.name() + " must be " + min + ".." + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            d.error(t.at(), s.name() + " must be a whole number, got '" + t.text() + "'");
            return min;
        }
    }

    /** A value in seconds, possibly fractional, returned in milliseconds rounded to {@code scale} decimals. */
    private long seconds(Statement s, double min, double max, int scale) {
        String v = text(s);
        try {
            BigDecimal secs = new BigDecimal(v);
            if (secs.doubleValue() < min || secs.doubleValue() > max) {
                d.error(s.at(), s.name() + " must be between " + min + " and " + max + " seconds, got " + v);
            }
            return secs.setScale(scale, RoundingMode.HALF_UP).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            d.error(s.at(), s.name() + " must be a number of seconds, got '" + v + "'");
            return 1000;
        }
    }

    private Inet4Address address(Statement s, String value) {
        try {
            return VrrpCodec.v4(value);
        } catch (IllegalArgumentException e) {
            d.error(s.at(), s.name() + ": '" + value + "' is not an IPv4 address");
            return null;
        }
    }
}
