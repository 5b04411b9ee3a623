package dev.hatest.harness.cluster;

import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A topology from an operator's own configs: {@code DIR/NODE/keepalived.conf} per node, beside the scripts
 * it runs. The folder names are the node names. Everything is moved onto the test network so nothing can
 * reach a real LAN:
 * <ul>
 *   <li>every IPv4 address in the configs (VIPs, unicast peers, sources) keeps its last octet and takes the
 *       test subnet's first three; a node's own address is its {@code unicast_src_ip}, else a free one;</li>
 *   <li>every global or unique-local IPv6 address keeps its last group and moves onto the test /64 that goes
 *       with the subnet ({@link IpFamily#ipv6Subnet}): {@code 2001:db8:5::200/64} becomes
 *       {@code fd00:198:18::200/64} on 198.18.0.0/24. A node's IPv6 address is its IPv4 host's number
 *       ({@code .11} has {@code ::11}), so an IPv6 {@code unicast_src_ip} must end in such a number, which then
 *       gives the node its IPv4 address too. Link-local and multicast addresses stay as they are; a link-local
 *       source or peer can't be, since each node's link-local address is its own, and is refused;</li>
 *   <li>every {@code interface}, {@code dev} and {@code track_interface} name becomes eth0, the node's one
 *       interface on the test network;</li>
 *   <li>each other file of the folder goes where the config refers to it (by file name), else beside the
 *       config in /etc/keepalived/.</li>
 * </ul>
 * The configs are checked as vrrpd checks them: an error stops here with {@code file:line: message}.
 */
public final class ConfigDirTopology {

    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    private static final Pattern INTERFACE = Pattern.compile("(?m)^(\\s*(?:interface|track_interface)\\s+)(\\S+)");
    private static final Pattern DEV = Pattern.compile("(\\sdev\\s+)(\\S+)");
    /** An IPv6 literal's shape (checked by parsing): hex groups and colons, at least two colons. */
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\\w:.])");

    private ConfigDirTopology() {
    }

    public static Topology load(Path dir, String subnet) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such directory (--config-dir wants one folder per node, each with keepalived.conf)");
        }
        SeedTopology.prefixOf(subnet);  // a bad subnet is the first thing to report
        TreeMap<String, Path> nodeDirs = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(p -> nodeDirs.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nodeDirs.values().removeIf(p -> !Files.isRegularFile(p.resolve("keepalived.conf")));
        if (nodeDirs.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no NODE/keepalived.conf in it (one folder per node, named after the node)");
        }
        return load(nodeDirs, subnet, dir.toString());
    }

    /**
     * A topology of the named nodes, each from its own folder (keepalived.conf, its scripts, an optional
     * nginx.conf), in this order; {@code where} names the whole for messages.
     */
    public static Topology load(Map<String, Path> nodeDirs, String subnet, String where) {
        String prefix = SeedTopology.prefixOf(subnet);
        for (Map.Entry<String, Path> n : nodeDirs.entrySet()) {
            if (!Files.isRegularFile(n.getValue().resolve("keepalived.conf"))) {
                throw new IllegalArgumentException(n.getValue() + ": no keepalived.conf in node " + n.getKey() + "'s folder");
            }
        }
        Map<String, String> confs = new LinkedHashMap<>();
        Set<String> vips = new LinkedHashSet<>();
        Map<String, String> ownAddress = new HashMap<>();
        Set<String> usedHosts = new LinkedHashSet<>();
        for (Map.Entry<String, Path> n : nodeDirs.entrySet()) {
            if (!n.getKey().matches("[a-z][a-z0-9-]{0,30}")) {
                throw new IllegalArgumentException(n.getValue() + ": node names are lower-case words (they become host names), not '"
                        + n.getKey() + "'");
            }
            Path file = n.getValue().resolve("keepalived.conf");
            String conf = mapToTestNetwork(read(file), prefix);
            KeepalivedConfig parsed;
            try {
                parsed = ConfigParser.parse(file.toString(), conf);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (parsed.instances().isEmpty()) {
                throw new IllegalArgumentException(file + ":1: no vrrp_instance");
            }
            for (VrrpInstanceConfig i : parsed.instances()) {
                // a link-local VIP is the link's own business: nothing the client can probe
                i.vips().stream().filter(v -> !v.address().isLinkLocalAddress())
                        .forEach(v -> vips.add(dev.hatest.vrrp.packet.VrrpCodec.text(v.address())));
                String own = i.ipv6() ? ownAddress6(file, conf, i, prefix) : i.mcastSrcIp() == null ? null : i.mcastSrcIp().getHostAddress();
                if (own != null) {
                    String was = ownAddress.putIfAbsent(n.getKey(), own);
                    if (i.ipv6() && was != null && !was.equals(own)) {
                        // an IPv4 source that differs is another network's (the node takes its first); an IPv6 one names
                        // the node's one address on the test network
                        throw new IllegalArgumentException(file + ":" + lineOf(conf, i.at().line(), i.mcastSrcIp()) + ": (" + i.name()
                                + ") source " + dev.hatest.vrrp.packet.VrrpCodec.text(i.mcastSrcIp()) + " would put node " + n.getKey()
                                + " on " + own + ", but an earlier source puts it on " + was + " (on the test network a node's IPv6"
                                + " address is its IPv4 host's number: .11 has ::11)");
                    }
                }
            }
            confs.put(n.getKey(), conf);
        }
        for (String v : vips) {
            usedHosts.add(v);
        }
        usedHosts.addAll(ownAddress.values());
        List<NodeSpec> nodes = new ArrayList<>();
        int next = 11;
        for (Map.Entry<String, String> n : confs.entrySet()) {
            String address = ownAddress.get(n.getKey());
            if (address == null) {
                while (usedHosts.contains(prefix + next) || containsAddress(confs, prefix + next)
                        || containsAddress(confs, ipv6Of(prefix, next))) {
                    next++;
                }
                address = prefix + next++;
                usedHosts.add(address);
            }
            nodes.add(new NodeSpec(n.getKey(), address, files(nodeDirs.get(n.getKey()), n.getValue(), prefix)));
        }
        int h = 250;
        while (usedHosts.contains(prefix + h) || containsAddress(confs, prefix + h) || containsAddress(confs, ipv6Of(prefix, h))) {
            h--;
        }
        String client = prefix + h;
        if (vips.isEmpty()) {
            throw new IllegalArgumentException(where + ": no virtual_ipaddress in any config: nothing for the client to probe");
        }
        return new Topology(subnet, nodes, List.copyOf(vips), client);
    }

    /**
     * The same nodes with new configs: each node's files from {@code dir/NODE/}, moved onto the test network as
     * {@link #load} moves them, its address and daemon kept. The configs are not checked here: a rollout leaves
     * that to the config test on each node, as an operator's would, so a broken one reaches the node's check.
     */
    public static Topology withConfigsOf(Topology from, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such directory (one folder per node, each with keepalived.conf)");
        }
        String prefix = SeedTopology.prefixOf(from.subnet());
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : from.nodes()) {
            Path file = dir.resolve(n.name()).resolve("keepalived.conf");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": missing (the new configs need a folder for each node: "
                        + from.nodes().stream().map(NodeSpec::name).toList() + ")");
            }
            String conf = mapToTestNetwork(read(file), prefix);
            nodes.add(new NodeSpec(n.name(), n.address(), files(dir.resolve(n.name()), conf, prefix), n.env()));
        }
        return new Topology(from.subnet(), nodes, from.vips(), from.clientAddress());
    }

    /**
     * The IPv4 address a node of an IPv6 instance has on the test network: that of its IPv6 source's host
     * number, or null when the instance names no source. A link-local source or peer is refused: each node's
     * link-local address is its own (made from its MAC), so none written in a config can be moved onto it.
     */
    private static String ownAddress6(Path file, String conf, VrrpInstanceConfig i, String prefix) {
        for (java.net.InetAddress peer : i.unicastPeers()) {
            if (peer.isLinkLocalAddress()) {
                throw new IllegalArgumentException(file + ":" + lineOf(conf, i.at().line(), peer) + ": (" + i.name() + ") unicast_peer " + dev.hatest.vrrp.packet.VrrpCodec.text(peer) + " is link-local:"
                        + " the nodes' link-local addresses are their own on the test network; give the peers' global addresses");
            }
        }
        if (i.mcastSrcIp() == null) {
            return null;
        }
        String src = dev.hatest.vrrp.packet.VrrpCodec.text(i.mcastSrcIp());
        String where = file + ":" + lineOf(conf, i.at().line(), i.mcastSrcIp()) + ": (" + i.name() + ") ";
        if (i.mcastSrcIp().isLinkLocalAddress()) {
            throw new IllegalArgumentException(where + "source " + src + " is link-local: on the test network each node has a link-local"
                    + " address of its own; leave the source out (the link-local one is used) or give a global one");
        }
        String host = src.substring(src.lastIndexOf(':') + 1);
        if (!host.matches("[1-9][0-9]{0,2}") || Integer.parseInt(host) > 254) {
            throw new IllegalArgumentException(where + "source " + src + ": on the test network a node's IPv6 address is its IPv4 host's"
                    + " number (.11 has ::11), so an IPv6 source must end in 1 to 254 written in decimal digits");
        }
        return prefix + host;
    }

    /**
     * The line of the config, from {@code from} on, that holds address {@code a} (however it is written), for
     * a message at the statement; {@code from} itself when none does.
     */
    static int lineOf(String conf, int from, java.net.InetAddress a) {
        String[] lines = conf.split("\n", -1);
        for (int l = Math.max(from, 1); l <= lines.length; l++) {
            Matcher m = IPV6.matcher(lines[l - 1]);
            while (m.find()) {
                try {
                    if (dev.hatest.vrrp.packet.VrrpCodec.v6(m.group(1)).equals(a)) {
                        return l;
                    }
                } catch (IllegalArgumentException e) {
                    // not an address
                }
            }
        }
        return from;
    }

    /** The test /64's address of IPv4 host number {@code host} ({@code prefix} is the IPv4 "a.b.c."). */
    private static String ipv6Of(String prefix, int host) {
        return IpFamily.ipv6Of(prefix + "0/24", prefix + host);
    }

    /**
     * The config with its addresses on the test subnet (IPv4: last octet kept; IPv6: last group kept, on the
     * test /64) and its interfaces renamed eth0.
     */
    public static String mapToTestNetwork(String conf, String prefix) {
        conf = mapIpv6(conf, prefix);
        Matcher m = IPV4.matcher(conf);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int first = Integer.parseInt(m.group(1));
            int last = Integer.parseInt(m.group(4));
            // multicast groups, loopback, "any", network and broadcast addresses are not hosts to move
            boolean keep = first >= 224 || first == 127 || first == 0 || last == 0 || last == 255;
            m.appendReplacement(b, Matcher.quoteReplacement(keep ? m.group() : prefix + last));
        }
        m.appendTail(b);
        String s = INTERFACE.matcher(b.toString()).replaceAll("$1eth0");
        return DEV.matcher(s).replaceAll("$1eth0");
    }

    /** Each global or unique-local IPv6 literal moved onto the test /64, its last group kept. */
    private static String mapIpv6(String conf, String prefix) {
        String net = IpFamily.ipv6Prefix(prefix + "0/24");
        Matcher m = IPV6.matcher(conf);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String text = m.group(1);
            java.net.InetAddress a;
            try {
                a = dev.hatest.vrrp.packet.VrrpCodec.v6(text);  // a literal is parsed, never looked up
            } catch (IllegalArgumentException e) {
                a = null;  // not an address (a MAC, dead:beef:cafe): left as it is
            }
            boolean move = a != null && !a.isLinkLocalAddress() && !a.isMulticastAddress() && !a.isLoopbackAddress()
                    && !a.isAnyLocalAddress();
            String last = a == null ? null : dev.hatest.vrrp.packet.VrrpCodec.text(a);
            String replacement = move ? IpFamily.compact(net + ":" + last.substring(last.lastIndexOf(':') + 1)) : text;
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Where a node's own nginx.conf goes. */
    public static final String NGINX_CONF = "/etc/nginx/nginx.conf";

    private static Map<String, String> files(Path nodeDir, String conf, String prefix) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SeedTopology.CONFIG, conf);
        try (Stream<Path> s = Files.list(nodeDir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.equals("keepalived.conf")) {
                    continue;
                }
                if (name.equals("nginx.conf")) {
                    // The node's own nginx: it replaces the image's, whose server names the node; the client's probe
                    // then knows the serving node by the MAC its request went to.
                    files.put(NGINX_CONF, read(p));
                    continue;
                }
                Matcher ref = Pattern.compile("(/[\\w./-]*/)" + Pattern.quote(name) + "(?![\\w.-])").matcher(conf);
                String path = ref.find() ? ref.group(1) + name : SeedVariants.CHECK_DIR + name;
                files.put(path, read(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean containsAddress(Map<String, String> confs, String address) {
        Pattern p = address.contains(":") ? Pattern.compile("(?<![\\w:])" + Pattern.quote(address) + "(?![\\w:])")
                : Pattern.compile("(?<![\\d.])" + Pattern.quote(address) + "(?![\\d.])");
        return confs.values().stream().anyMatch(c -> p.matcher(c).find());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
