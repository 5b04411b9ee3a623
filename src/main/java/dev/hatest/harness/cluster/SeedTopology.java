package dev.hatest.harness.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The seed article's pair: lb01 (.201, priority 101, state MASTER) and lb02 (.202, priority 100, state
 * BACKUP), VRID 51, VIP .200, a {@code weight -5} nginx check every 2 s with fall 2 and rise 1. The article's
 * 192.168.0.0/24 is moved onto the test subnet, keeping the last octets, so it can't clash with a real LAN.
 */
public final class SeedTopology {

    /** The benchmark range (RFC 2544): never a real LAN's. */
    public static final String DEFAULT_SUBNET = "198.18.0.0/24";
    public static final String CONFIG = "/etc/keepalived/keepalived.conf";
    public static final String CHECK_SCRIPT = "/etc/keepalived/check_ng.sh";

    private SeedTopology() {
    }

    public static Topology pair() {
        return pair(DEFAULT_SUBNET);
    }

    public static Topology pair(String subnet) {
        String prefix = prefixOf(subnet);
        String check = resource("check_ng.sh");
        return new Topology(subnet, List.of(
                new NodeSpec("lb01", prefix + "201", Map.of(CONFIG, mapAddresses(resource("keepalived-master.conf"), prefix),
                        CHECK_SCRIPT, check)),
                new NodeSpec("lb02", prefix + "202", Map.of(CONFIG, mapAddresses(resource("keepalived-backup.conf"), prefix),
                        CHECK_SCRIPT, check))),
                prefix + "200", prefix + "250");
    }

    /**
     * The seed pair grown to {@code n} nodes: lb01 as in the article, and lb02..lbN as its backup at
     * priorities 100, 99, ..., on addresses .202, .203, ...
     */
    public static Topology nodes(String subnet, int n) {
        Topology pair = pair(subnet);
        if (n == 2) {
            return pair;
        }
        String prefix = prefixOf(subnet);
        NodeSpec lb02 = pair.node("lb02");
        java.util.List<NodeSpec> nodes = new java.util.ArrayList<>(pair.nodes());
        for (int k = 3; k <= n; k++) {
            String name = "lb0" + k;
            String conf = lb02.files().get(CONFIG).replace("router_id lb02", "router_id " + name)
                    .replace(prefix + "202", prefix + (200 + k)).replace("priority 100", "priority " + (102 - k));
            nodes.add(new NodeSpec(name, prefix + (200 + k), Map.of(CONFIG, conf, CHECK_SCRIPT, lb02.files().get(CHECK_SCRIPT)), lb02.env()));
        }
        return new Topology(subnet, nodes, pair.vips(), pair.clientAddress());
    }

    /** Rewrites the article's 192.168.0.x addresses to the test subnet's, keeping the host part. */
    public static String mapAddresses(String config, String prefix) {
        return config.replaceAll("\\b192\\.168\\.0\\.(\\d{1,3})\\b", prefix.replace(".", "\\.") + "$1");
    }

    public static String prefixOf(String subnet) {
        if (!subnet.matches("\\d+\\.\\d+\\.\\d+\\.0/(2[0-4]|1\\d)")) {
            throw new IllegalArgumentException("the test subnet must be an IPv4 a.b.c.0/N network with N <= 24, got " + subnet);
        }
        return subnet.substring(0, subnet.lastIndexOf('.') + 1);
    }

    public static String resource(String name) {
        try (InputStream in = SeedTopology.class.getResourceAsStream("/dev/hatest/seed/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing seed resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
