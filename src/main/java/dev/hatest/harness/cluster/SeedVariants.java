package dev.hatest.harness.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed article's setup in each of the forms it discusses, as topologies: the edits an operator would
 * make to the article's two keepalived.conf files, made to the same files.
 */
public final class SeedVariants {

    public static final String CHECK_DIR = "/etc/keepalived/";

    private SeedVariants() {
    }

    /** The article's preferred form: chk_nginx with {@code weight -5}, fall 2, rise 1. */
    public static Topology weight() {
        return SeedTopology.pair();
    }

    /**
     * The article's "second way": check_ng.sh tries to restart nginx once and, if it is still down, stops
     * the VRRP daemon. The script carries no weight.
     */
    public static Topology checkNgStop() {
        UnaryOperator<String> edit = c -> removeLine(c.replace("/etc/keepalived/check_ng.sh", CHECK_DIR + "check_ng_stop.sh"), "weight");
        return bothNodes(edit, "check_ng_stop.sh");
    }

    /** The curl check: the home page within 3 s ({@code curl -m 3}), {@code timeout 4}, fall 2. */
    public static Topology curl() {
        UnaryOperator<String> edit = c -> insertAfter(c.replace("/etc/keepalived/check_ng.sh", CHECK_DIR + "check_curl.sh"),
                "interval 2", "    timeout 4");
        return bothNodes(edit, "check_curl.sh");
    }

    /**
     * nopreempt as keepalived honours it: lb01 starts as BACKUP (nopreempt is ignored with state MASTER) and
     * will not take the VIP back once it has lost it. lb02 keeps the default, preempt.
     */
    public static Topology nopreempt() {
        Topology seed = SeedTopology.pair();
        NodeSpec lb01 = seed.node("lb01");
        String conf = insertAfter(lb01.files().get(SeedTopology.CONFIG).replace("state MASTER", "state BACKUP"),
                "state BACKUP", "    nopreempt");
        return seed.with(withFile(lb01, SeedTopology.CONFIG, conf));
    }

    /** lb02 has another password: each drops the other's adverts, so both become master. */
    public static Topology authMismatch() {
        Topology seed = SeedTopology.pair();
        NodeSpec lb02 = seed.node("lb02");
        return seed.with(withFile(lb02, SeedTopology.CONFIG, lb02.files().get(SeedTopology.CONFIG).replace("auth_pass 1111", "auth_pass 2222")));
    }

    /**
     * Dual-active (双活), as such pairs are usually written: two instances and two VIPs, each node master of
     * one. VI_1 (VRID 51, VIP .200) prefers lb01, VI_2 (VRID 52, VIP .199) prefers lb02; both track nginx.
     */
    public static Topology dualActive() {
        Topology seed = SeedTopology.pair();
        String prefix = prefix(seed);
        List<NodeSpec> nodes = seed.nodes().stream().map(n -> {
            String conf = n.files().get(SeedTopology.CONFIG);
            boolean lb01 = n.name().equals("lb01");
            String second = instanceBlock(conf)
                    .replace("VI_1", "VI_2")
                    .replace("virtual_router_id 51", "virtual_router_id 52")
                    .replace(prefix + "200", prefix + "199")
                    .replace("state " + (lb01 ? "MASTER" : "BACKUP"), "state " + (lb01 ? "BACKUP" : "MASTER"))
                    .replace("priority " + (lb01 ? "101" : "100"), "priority " + (lb01 ? "100" : "101"));
            return withFile(n, SeedTopology.CONFIG, conf + "\n" + second);
        }).toList();
        return new Topology(seed.subnet(), nodes, List.of(prefix + "200", prefix + "199"), seed.clientAddress());
    }

    /**
     * Two instances that move together, as a router pair's inside and outside addresses do: VI_1 (VRID 51,
     * VIP .200) and VI_2 (VRID 52, VIP .199), both preferring lb01, in {@code vrrp_sync_group G1}. keepalived
     * ignores weighted checks in a sync group, so the check has no weight: nginx failing is a FAULT, which
     * the whole group follows.
     */
    public static Topology syncGroup() {
        Topology seed = SeedTopology.pair();
        String prefix = prefix(seed);
        List<NodeSpec> nodes = seed.nodes().stream().map(n -> {
            String conf = removeLine(n.files().get(SeedTopology.CONFIG), "weight");
            String second = instanceBlock(conf)
                    .replace("VI_1", "VI_2")
                    .replace("virtual_router_id 51", "virtual_router_id 52")
                    .replace(prefix + "200", prefix + "199");
            return withFile(n, SeedTopology.CONFIG, conf + "\n" + second
                    + "\nvrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n");
        }).toList();
        return new Topology(seed.subnet(), nodes, List.of(prefix + "200", prefix + "199"), seed.clientAddress());
    }

    /** A third node, lb03 (.203, priority 99): three distinct priorities in one group. */
    public static Topology threeNodes() {
        return SeedTopology.nodes(SeedTopology.DEFAULT_SUBNET, 3);
    }

    /**
     * Priorities at both ends of [1,254]: lb01 at 250 with a passing check of weight +50 (250 + 50 = 300,
     * clamped to 254; never 255, which would claim address ownership), lb02 at 3 with a failing check of
     * weight -50 (3 - 50 = -47, clamped to 1; never 0, which would mean resigning).
     */
    public static Topology clamp() {
        Topology seed = SeedTopology.pair();
        NodeSpec lb01 = seed.node("lb01");
        NodeSpec lb02 = seed.node("lb02");
        String c1 = lb01.files().get(SeedTopology.CONFIG)
                .replace("/etc/keepalived/check_ng.sh", CHECK_DIR + "check_pass.sh")
                .replace("weight -5", "weight 50").replace("priority 101", "priority 250")
                .replace("chk_nginx", "chk_boost");
        String c2 = lb02.files().get(SeedTopology.CONFIG)
                .replace("/etc/keepalived/check_ng.sh", CHECK_DIR + "check_fail.sh")
                .replace("weight -5", "weight -50").replace("priority 100", "priority 3")
                .replace("chk_nginx", "chk_sink");
        return seed.with(withFile(withFile(lb01, SeedTopology.CONFIG, c1), CHECK_DIR + "check_pass.sh", SeedTopology.resource("check_pass.sh")))
                .with(withFile(withFile(lb02, SeedTopology.CONFIG, c2), CHECK_DIR + "check_fail.sh", SeedTopology.resource("check_fail.sh")));
    }

    /**
     * Unicast instead of multicast, as in clouds without multicast: each node names itself in
     * {@code unicast_src_ip} and its peer in {@code unicast_peer}, in place of {@code mcast_src_ip}.
     */
    public static Topology unicast() {
        Topology seed = SeedTopology.pair();
        Topology t = seed;
        for (NodeSpec n : seed.nodes()) {
            String peer = seed.nodes().stream().filter(o -> !o.name().equals(n.name())).findFirst().orElseThrow().address();
            String conf = n.files().get(SeedTopology.CONFIG).replace("mcast_src_ip " + n.address(),
                    "unicast_src_ip " + n.address() + "\n    unicast_peer {\n        " + peer + "\n    }");
            t = t.with(withFile(n, SeedTopology.CONFIG, conf));
        }
        return t;
    }

    /**
     * VRRPv3 (RFC 5798) with a fractional advert_int, e.g. "0.1": no authentication (v3 has none), timers in
     * centiseconds.
     */
    public static Topology v3(String advertInt) {
        UnaryOperator<String> edit = c -> removeBlock(c.replace("advert_int 1", "version 3\n    advert_int " + advertInt), "authentication");
        Topology seed = SeedTopology.pair();
        Topology t = seed;
        for (NodeSpec n : seed.nodes()) {
            t = t.with(withFile(n, SeedTopology.CONFIG, edit.apply(n.files().get(SeedTopology.CONFIG))));
        }
        return t;
    }

    /** The fast profile's advert interval: VRRPv3 centiseconds. */
    public static final String FAST_ADVERT_INT = "0.05";

    /**
     * The fast profile on {@code t}'s nodes (issue 8): VRRPv3 at advert_int {@value #FAST_ADVERT_INT} s, and nginx
     * tracked without weight, so that a node without nginx goes to FAULT and hands over with a priority-0 advert
     * (the backup waits Skew_Time, not Master_Down_Interval). Each node gets the form its daemon can run:
     * <ul>
     *   <li>vrrpd: {@code vrrp_track_process chk_nginx { process nginx }}, which sees nginx die at once;</li>
     *   <li>keepalived: the seed's {@code chk_nginx} script every 1 s with fall 1. keepalived's own
     *       vrrp_track_process can't run in a container: the kernel refuses its process-events subscription
     *       outside the initial namespaces ("Failed to set/clear process event listen - errno 111") and the
     *       instance stays in FAULT; and keepalived 2.2.7 takes only whole-second script intervals.</li>
     * </ul>
     */
    public static Topology fast(Topology t) {
        Topology out = t;
        for (NodeSpec n : t.nodes()) {
            String conf = n.files().get(SeedTopology.CONFIG);
            if (conf == null || !conf.contains("vrrp_script chk_nginx {")) {
                throw new IllegalArgumentException("the fast profile applies to the seed's nodes; " + n.name() + " has no chk_nginx script");
            }
            String tracked = n.daemon().equals("keepalived")
                    ? replaceBlock(conf, "vrrp_script chk_nginx", """
                            vrrp_script chk_nginx {
                                script "/etc/keepalived/check_ng.sh"
                                interval 1
                                fall 1
                                rise 1
                            }
                            """)
                    : replaceBlock(conf, "vrrp_script chk_nginx", """
                            vrrp_track_process chk_nginx {
                                process nginx
                                quorum 1
                            }
                            """).replaceAll("track_script(\\s*\\{\\s*chk_nginx)", "track_process$1");
            String v3 = removeBlock(tracked.replaceAll("(?m)^(\\s*)advert_int \\S+", "$1version 3\n$1advert_int " + FAST_ADVERT_INT),
                    "authentication");
            out = out.with(withFile(n, SeedTopology.CONFIG, v3));
        }
        return out;
    }

    /** Replaces the first block {@code keyword { ... }} with {@code block}, in place. */
    private static String replaceBlock(String conf, String keyword, String block) {
        int start = conf.indexOf(keyword + " {");
        if (start < 0) {
            throw new IllegalArgumentException("no " + keyword + " block");
        }
        int lineStart = conf.lastIndexOf('\n', start) + 1;
        String removed = removeBlock(conf, keyword);
        return removed.substring(0, lineStart) + block + removed.substring(lineStart);
    }

    /** Removes the first block {@code keyword { ... }}. */
    private static String removeBlock(String conf, String keyword) {
        int start = conf.indexOf(keyword + " {");
        if (start < 0) {
            return conf;
        }
        int depth = 0;
        for (int i = conf.indexOf('{', start); i < conf.length(); i++) {
            if (conf.charAt(i) == '{') {
                depth++;
            } else if (conf.charAt(i) == '}' && --depth == 0) {
                int lineStart = conf.lastIndexOf('\n', start) + 1;
                return conf.substring(0, lineStart) + conf.substring(conf.indexOf('\n', i) + 1);
            }
        }
        throw new IllegalArgumentException("unbalanced " + keyword + " block");
    }

    private static Topology bothNodes(UnaryOperator<String> edit, String script) {
        Topology seed = SeedTopology.pair();
        Topology t = seed;
        for (NodeSpec n : seed.nodes()) {
            NodeSpec edited = withFile(n, SeedTopology.CONFIG, edit.apply(n.files().get(SeedTopology.CONFIG)));
            t = t.with(withFile(edited, CHECK_DIR + script, SeedTopology.resource(script)));
        }
        return t;
    }

    public static NodeSpec withFile(NodeSpec n, String path, String content) {
        Map<String, String> files = new HashMap<>(n.files());
        files.put(path, content);
        return new NodeSpec(n.name(), n.address(), files, n.env());
    }

    private static String prefix(Topology t) {
        return SeedTopology.prefixOf(t.subnet());
    }

    /** The text of the (first) vrrp_instance block, to its closing brace. */
    static String instanceBlock(String conf) {
        int start = conf.indexOf("vrrp_instance");
        int depth = 0;
        for (int i = conf.indexOf('{', start); i < conf.length(); i++) {
            if (conf.charAt(i) == '{') {
                depth++;
            } else if (conf.charAt(i) == '}' && --depth == 0) {
                return conf.substring(start, i + 1) + "\n";
            }
        }
        throw new IllegalArgumentException("no complete vrrp_instance block");
    }

    private static String removeLine(String conf, String keyword) {
        return conf.replaceAll("(?m)^\\s*" + Pattern.quote(keyword) + "\\s.*\\R", "");
    }

    private static String insertAfter(String conf, String line, String newLine) {
        Matcher m = Pattern.compile("(?m)^(\\s*" + Pattern.quote(line) + ")\\s*$").matcher(conf);
        if (!m.find()) {
            throw new IllegalArgumentException("no line '" + line + "'");
        }
        return conf.substring(0, m.end()) + "\n" + newLine + conf.substring(m.end());
    }
}
