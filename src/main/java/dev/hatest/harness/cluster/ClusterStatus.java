package dev.hatest.harness.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.testcontainers.containers.Container.ExecResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running cluster is doing now, asked of each node: its daemon's instances (state, base and effective
 * priority, VIPs), its check scripts' results, which addresses its interface holds, and whether its daemon and
 * nginx run. vrrpd answers on its status port; keepalived writes a data dump on SIGUSR1.
 */
public record ClusterStatus(String runId, String what, String subnet, String clientAddress, List<NodeStatus> nodes,
                            Map<String, List<String>> vipHolders) {

    /** One VRRP instance as its daemon reports it. */
    public record Instance(String name, String state, int basePriority, int effectivePriority, List<String> vips) {
    }

    /**
     * One node. {@code problem} says why the daemon could not be asked (paused, daemon not running), else null.
     * {@code staleVips} are VIPs on its interface while its daemon is not running: a SIGKILLed daemon leaves them.
     */
    public record NodeStatus(String name, String address, String daemon, boolean daemonRunning, boolean nginxRunning,
                             List<Instance> instances, Map<String, String> scripts, List<String> vipsHeld, List<String> staleVips,
                             String problem) {
    }

    /** What a daemon says of itself: its instances and its scripts' results (good, bad, init, ...). */
    record DaemonReport(List<Instance> instances, Map<String, String> scripts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asks every node of {@code cluster}. */
    public static ClusterStatus of(Cluster cluster) {
        Topology t = cluster.topology();
        List<NodeStatus> nodes = new ArrayList<>();
        Map<String, List<String>> holders = new LinkedHashMap<>();
        t.vips().forEach(v -> holders.put(v, new ArrayList<>()));
        for (Node n : cluster.nodes()) {
            NodeStatus s = of(n, t);
            nodes.add(s);
            s.vipsHeld().forEach(v -> holders.computeIfAbsent(v, k -> new ArrayList<>()).add(n.nodeName()));
        }
        return new ClusterStatus(cluster.runId(), cluster.what(), t.subnet(), t.clientAddress(), nodes, holders);
    }

    private static NodeStatus of(Node n, Topology t) {
        String daemon = t.node(n.nodeName()).daemon();
        var state = n.getDockerClient().inspectContainerCmd(n.getContainerId()).exec().getState();
        if (Boolean.TRUE.equals(state.getPaused())) {
            return new NodeStatus(n.nodeName(), n.address(), daemon, false, false, List.of(), Map.of(), List.of(), List.of(), "paused");
        }
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return new NodeStatus(n.nodeName(), n.address(), daemon, false, false, List.of(), Map.of(), List.of(), List.of(),
                    "container " + state.getStatus());
        }
        boolean daemonUp = n.sh(daemon.equals("keepalived") ? "pgrep -x keepalived" : "pgrep -f vrrpd.jar").getExitCode() == 0;
        boolean nginxUp = n.sh("pgrep -x nginx").getExitCode() == 0;
        List<String> held = new ArrayList<>();
        String own6 = t.ipv6Of(n.address());
        for (String a : addresses(n.sh("ip -o addr show dev eth0").getStdout())) {
            if (!a.equals(n.address()) && !a.equals(own6)) {
                held.add(a);
            }
        }
        List<Instance> instances = List.of();
        Map<String, String> scripts = Map.of();
        String problem = null;
        if (!daemonUp) {
            problem = daemon + " is not running";
        } else if (daemon.equals("vrrpd")) {
            ExecResult r = n.sh("curl -fsS -m 2 http://127.0.0.1:8081/status");
            if (r.getExitCode() == 0) {
                DaemonReport d = parseVrrpd(r.getStdout());
                instances = d.instances();
                scripts = d.scripts();
            } else {
                problem = "vrrpd's status port did not answer";
            }
        } else {
            // keepalived writes /tmp/keepalived.data on SIGUSR1; wait until the dump is whole.
            ExecResult r = n.sh("rm -f /tmp/keepalived.data; kill -USR1 $(cat /run/keepalived.pid 2>/dev/null || pgrep -o -x keepalived); "
                    + "for i in $(seq 1 30); do grep -q '< Interfaces >' /tmp/keepalived.data 2>/dev/null && break; sleep 0.1; done; "
                    + "cat /tmp/keepalived.data");
            if (r.getStdout().contains("VRRP Topology")) {
                DaemonReport d = parseKeepalived(r.getStdout());
                instances = d.instances();
                scripts = d.scripts();
            } else {
                problem = "keepalived wrote no data dump";
            }
        }
        List<String> stale = daemonUp ? List.of() : held;
        return new NodeStatus(n.nodeName(), n.address(), daemon, daemonUp, nginxUp, instances, scripts, held, stale, problem);
    }

    /** An IPv4 address, or an IPv6 one that is not link-local. */
    private static final Pattern INET = Pattern.compile("\\binet6? (\\d+\\.\\d+\\.\\d+\\.\\d+|(?!fe80:)[0-9a-f]*:[0-9a-f:]+)/\\d+");

    static List<String> addresses(String ipAddrShow) {
        List<String> out = new ArrayList<>();
        Matcher m = INET.matcher(ipAddrShow);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** vrrpd's GET /status: its instances and its scripts' results. */
    static DaemonReport parseVrrpd(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<Instance> instances = new ArrayList<>();
            for (JsonNode i : root.path("instances")) {
                List<String> vips = new ArrayList<>();
                i.path("vips").forEach(v -> vips.add(v.asText()));
                instances.add(new Instance(i.path("name").asText(), i.path("state").asText(), i.path("basePriority").asInt(),
                        i.path("effectivePriority").asInt(), vips));
            }
            Map<String, String> scripts = new LinkedHashMap<>();
            root.path("scripts").fields().forEachRemaining(e -> scripts.put(e.getKey(), e.getValue().asText()));
            return new DaemonReport(instances, scripts);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("vrrpd's status is not JSON: " + e.getMessage(), e);
        }
    }

    private static final Pattern K_INSTANCE = Pattern.compile("^ VRRP Instance = (\\S+)");
    private static final Pattern K_SCRIPT = Pattern.compile("^ VRRP Script = (\\S+)");
    private static final Pattern K_FIELD = Pattern.compile("^\\s+([A-Za-z ]+?) = (.*)$");
    private static final Pattern K_VIP = Pattern.compile("^\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+)\\b.*");

    /** keepalived's data dump (/tmp/keepalived.data, written on SIGUSR1): its instances and its scripts' results. */
    static DaemonReport parseKeepalived(String dump) {
        List<Instance> instances = new ArrayList<>();
        Map<String, String> scripts = new LinkedHashMap<>();
        String section = "";
        String name = null;
        String state = null;
        int base = 0;
        int effective = 0;
        List<String> vips = new ArrayList<>();
        boolean inVips = false;
        String script = null;
        for (String line : (dump + "\n------< end >------").split("\n")) {
            if (line.startsWith("------<")) {
                if (name != null) {
                    instances.add(new Instance(name, state, base, effective, List.copyOf(vips)));
                    name = null;
                }
                section = line;
                continue;
            }
            if (section.contains("VRRP Topology")) {
                Matcher i = K_INSTANCE.matcher(line);
                if (i.find()) {
                    if (name != null) {
                        instances.add(new Instance(name, state, base, effective, List.copyOf(vips)));
                    }
                    name = i.group(1);
                    state = null;
                    base = 0;
                    effective = 0;
                    vips.clear();
                    inVips = false;
                    continue;
                }
                if (line.matches("^\\s+Virtual IP \\(\\d+\\):.*")) {
                    inVips = true;
                    continue;
                }
                Matcher v = K_VIP.matcher(line);
                if (inVips && v.matches()) {
                    vips.add(v.group(1));
                    continue;
                }
                inVips = false;
                Matcher f = K_FIELD.matcher(line);
                if (f.matches() && name != null) {
                    switch (f.group(1)) {
                        case "State" -> state = f.group(2).trim();
                        case "Priority" -> base = Integer.parseInt(f.group(2).trim());
                        case "Effective priority" -> effective = Integer.parseInt(f.group(2).trim());
                        default -> {
                        }
                    }
                }
            } else if (section.contains("VRRP Scripts")) {
                Matcher s = K_SCRIPT.matcher(line);
                if (s.find()) {
                    script = s.group(1);
                    continue;
                }
                Matcher f = K_FIELD.matcher(line);
                if (script != null && f.matches() && f.group(1).equals("Status")) {
                    scripts.put(script, f.group(2).trim().toLowerCase(java.util.Locale.ROOT));
                    script = null;
                }
            }
        }
        return new DaemonReport(instances, scripts);
    }
}
