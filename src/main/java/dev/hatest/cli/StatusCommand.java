package dev.hatest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.ClusterStatus;
import dev.hatest.harness.history.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hatest status}: what the clusters {@code hatest up} left running are doing now. */
@Command(name = "status", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {Hatest.EXIT_0, Hatest.EXIT_1, Hatest.EXIT_2, Hatest.EXIT_3, Hatest.EXIT_4},
        description = {"Show each node of the running cluster(s): its daemon's state, base and effective priority and VIPs per instance, "
                + "its check scripts' results, and who holds each VIP (a VIP left by a killed daemon is marked stale)."})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "Only this cluster (its run id). Default: every cluster that is up.")
    String run;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<Cluster.Kept> kept = run != null ? List.of(Cluster.findKept(run)) : Cluster.keptClusters();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no cluster is up: start one with `hatest up`");
        }
        List<ClusterStatus> all = new ArrayList<>();
        for (Cluster.Kept k : kept) {
            try (Cluster c = Cluster.attach(k.runId(), new History(), false)) {
                all.add(ClusterStatus.of(c));
            }
        }
        print(spec.commandLine().getOut(), all, json);
        return Hatest.PASSED;
    }

    static void print(PrintWriter out, List<ClusterStatus> all, boolean json) {
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all.size() == 1 ? all.get(0) : all));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            all.forEach(s -> out.print(text(s)));
        }
        out.flush();
    }

    /** The status as a table, then one line per VIP saying who holds it. */
    static String text(ClusterStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("cluster %s: %s, on %s; client %s%n", s.runId(), s.what(), s.subnet(), s.clientAddress()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"NODE", "ADDRESS", "DAEMON", "NGINX", "INSTANCE", "STATE", "PRIORITY", "HOLDS", "SCRIPTS"});
        for (ClusterStatus.NodeStatus n : s.nodes()) {
            String daemon = n.daemon() + (n.problem() != null ? " (" + n.problem() + ")" : "");
            String scripts = n.scripts().isEmpty() ? "-" : String.join(", ", n.scripts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
            String holds = n.vipsHeld().isEmpty() ? "-" : String.join(" ", n.vipsHeld()) + (n.staleVips().isEmpty() ? "" : " (stale)");
            String nginx = n.problem() != null && n.problem().equals("paused") ? "?" : n.nginxRunning() ? "up" : "down";
            if (n.instances().isEmpty()) {
                rows.add(new String[]{n.name(), n.address(), daemon, nginx, "-", "-", "-", holds, scripts});
            }
            for (int i = 0; i < n.instances().size(); i++) {
                ClusterStatus.Instance in = n.instances().get(i);
                rows.add(new String[]{i == 0 ? n.name() : "", i == 0 ? n.address() : "", i == 0 ? daemon : "", i == 0 ? nginx : "", in.name(),
                        in.state(), in.basePriority() + "/" + in.effectivePriority(), i == 0 ? holds : "", i == 0 ? scripts : ""});
            }
        }
        int[] width = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append("(PRIORITY is base/effective)\n");
        for (Map.Entry<String, List<String>> v : s.vipHolders().entrySet()) {
            b.append("VIP ").append(v.getKey()).append(": ").append(holders(s, v.getValue())).append('\n');
        }
        return b.toString();
    }

    private static String holders(ClusterStatus s, List<String> names) {
        if (names.isEmpty()) {
            return "held by nobody";
        }
        List<String> live = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (String name : names) {
            boolean isStale = s.nodes().stream().anyMatch(n -> n.name().equals(name) && !n.staleVips().isEmpty());
            (isStale ? stale : live).add(name);
        }
        List<String> parts = new ArrayList<>();
        parts.add(live.isEmpty() ? "no live holder" : "held by " + String.join(" and ", live)
                + (live.size() > 1 ? ": two live masters (split brain)" : ""));
        if (!stale.isEmpty()) {
            parts.add("stale on " + String.join(" and ", stale) + ", whose daemon is not running");
        }
        return String.join("; ", parts);
    }
}
