package dev.hatest.harness.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A topology file ({@code hatest up|chaos --topology FILE}): the nodes, each from its own config folder and
 * with its own daemon, so a cluster can mix vrrpd and keepalived.
 * <pre>
 * subnet: 198.18.0.0/24        # default
 * daemon: vrrpd                # every node's, unless it says otherwise (default vrrpd)
 * nodes:                       # a count of seed nodes (e.g. 3), or a list:
 *   - name: web-a
 *     config: nodes/web-a      # keepalived.conf, its scripts, an optional nginx.conf; relative to this file
 *     daemon: keepalived
 *   - name: web-b
 *     config: nodes/web-b
 * </pre>
 * Mistakes are reported as {@code file:line: what is wrong}.
 */
public final class TopologyFile {

    private record NodeEntry(String name, String config, String daemon) {
    }

    private record Raw(String subnet, String daemon, JsonNode nodes) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TopologyFile() {
    }

    /** The topology {@code file} describes; {@code subnet} and {@code daemon}, when not null, override the file's. */
    public static Topology read(Path file, String subnet, String daemon) {
        Raw raw = YamlFiles.read(file, YAML, Raw.class, "subnet, daemon, nodes");
        if (raw == null || raw.nodes() == null) {
            throw new IllegalArgumentException(file + ":1: no nodes: give a count of seed nodes or a list of nodes");
        }
        String net = subnet != null ? subnet : raw.subnet() != null ? raw.subnet() : SeedTopology.DEFAULT_SUBNET;
        String defaultDaemon = daemon != null ? daemon : raw.daemon() != null ? raw.daemon() : "vrrpd";
        checkDaemon(file, defaultDaemon);
        if (raw.nodes().isInt()) {
            int n = raw.nodes().asInt();
            if (n < 2 || n > 9) {
                throw error(file, "nodes", "nodes: " + n + " is not between 2 and 9");
            }
            Topology t = SeedTopology.nodes(net, n);
            return defaultDaemon.equals("keepalived") ? t.allKeepalived() : t;
        }
        if (!raw.nodes().isArray() || raw.nodes().isEmpty()) {
            throw error(file, "nodes", "nodes: give a count of seed nodes (e.g. 2) or a list of {name, config, daemon}");
        }
        List<NodeEntry> entries;
        try {
            entries = List.of(YAML.treeToValue(raw.nodes(), NodeEntry[].class));
        } catch (UnrecognizedPropertyException e) {
            throw error(file, e.getPropertyName(), "unknown field '" + e.getPropertyName() + "' of a node (known: name, config, daemon)");
        } catch (JsonProcessingException e) {
            throw error(file, "nodes", "nodes: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, String> daemons = new LinkedHashMap<>();
        for (NodeEntry n : entries) {
            if (n.name() == null || n.config() == null) {
                throw error(file, "nodes", "every node needs a name and a config folder");
            }
            if (dirs.containsKey(n.name())) {
                throw error(file, "name: " + n.name(), "two nodes are named " + n.name());
            }
            Path dir = file.toAbsolutePath().getParent().resolve(n.config()).normalize();
            if (!Files.isDirectory(dir)) {
                throw error(file, "config: " + n.config(), "config: " + dir + " is not a folder");
            }
            String d = daemon != null ? daemon : n.daemon() != null ? n.daemon() : defaultDaemon;
            checkDaemon(file, d);
            dirs.put(n.name(), dir);
            daemons.put(n.name(), d);
        }
        Topology t = ConfigDirTopology.load(dirs, net, file.toString());
        for (NodeSpec spec : t.nodes()) {
            if (daemons.get(spec.name()).equals("keepalived")) {
                t = t.with(spec.withKeepalived());
            }
        }
        return t;
    }

    private static void checkDaemon(Path file, String daemon) {
        if (!daemon.equals("vrrpd") && !daemon.equals("keepalived")) {
            throw error(file, "daemon: " + daemon, "unknown daemon '" + daemon + "' (vrrpd or keepalived)");
        }
    }

    /** An error at the first line that holds {@code text} (a key, or "key: value"), else line 1. */
    private static IllegalArgumentException error(Path file, String text, String message) {
        int line = 1;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Pattern p = Pattern.compile("^\\s*(?:-\\s*)?" + Pattern.quote(text) + (text.contains(":") ? "\\s*$" : "\\s*:.*"));
            for (int i = 0; i < lines.size(); i++) {
                if (p.matcher(lines.get(i)).matches()) {
                    line = i + 1;
                    break;
                }
            }
        } catch (IOException e) {
            // line 1
        }
        return new IllegalArgumentException(file + ":" + line + ": " + message);
    }
}
