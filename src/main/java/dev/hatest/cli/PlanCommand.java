package dev.hatest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.plan.HaPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code hatest plan}: what each failure would do to the pair, from its configs alone; no Docker engine needed. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        exitCodeListHeading = Hatest.EXIT_HEADING,
        exitCodeList = {"0:no error-level finding", "1:an error-level finding (a failure the configs handle wrong, members that disagree)",
                Hatest.EXIT_2, Hatest.EXIT_4},
        description = {"What each failure would do to the pair, from the configs alone (no containers, no engine): who holds the VIP "
                + "after nginx dies, a daemon crashes or stops, a node goes down or is cut off, and the outage bound `chaos` would "
                + "judge it by; then findings at file:line (a weight too small to move the VIP, members that disagree on the wire, "
                + "VRID collisions, asymmetric unicast peers, ties settled by address).",
                "Takes the cluster options of chaos: the seed pair by default, --config-dir DIR or --topology FILE."})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterMixin cluster;

    @Option(names = "--json", description = "The plan as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Topology t = cluster.topology();
        HaPlan plan = HaPlan.of(t);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(plan, cluster.describe(t)));
        } else {
            text(out, plan, cluster.describe(t));
        }
        out.flush();
        return plan.hasErrors() ? Hatest.FAILED : Hatest.PASSED;
    }

    static void text(PrintWriter out, HaPlan plan, String what) {
        out.printf("plan of %s: VIP %s, elected %s%n", what, plan.vip(), plan.master());
        StringBuilder prios = new StringBuilder("priorities (base / with nginx dead):");
        plan.priorities().forEach((n, p) -> prios.append(' ').append(n).append(' ').append(p[0]).append('/')
                .append(p[1] < 0 ? "FAULT" : Integer.toString(p[1])));
        out.println(prios);
        out.printf("%-6s %-38s %-12s %-14s %-7s %s%n", "NODE", "FAILURE", "OUTCOME", "VIP ON", "BOUND", "WHY");
        for (HaPlan.Row r : plan.whatIf()) {
            out.printf(Locale.ROOT, "%-6s %-38s %-12s %-14s %-7s %s%n", r.node(), r.failure(), outcome(r.outcome()),
                    r.master() + (r.served() ? "" : " (dead)"), Double.isNaN(r.boundMs()) ? "-" : String.format(Locale.ROOT, "%.1f s", r.boundMs() / 1000),
                    r.formula());
        }
        if (plan.findings().isEmpty()) {
            out.println("no findings");
        }
        plan.findings().forEach(out::println);
    }

    private static String outcome(dev.hatest.harness.scenario.FaultPlan.Outcome o) {
        return dev.hatest.harness.scenario.FaultPlan.outcomeName(o);
    }

    static String json(HaPlan plan, String what) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("what", what);
        root.put("vip", plan.vip());
        root.put("master", plan.master());
        ObjectNode prios = root.putObject("priorities");
        plan.priorities().forEach((n, p) -> {
            ObjectNode o = prios.putObject(n);
            o.put("base", p[0]);
            if (p[1] < 0) {
                o.put("withNginxDead", "FAULT");
            } else {
                o.put("withNginxDead", p[1]);
            }
        });
        ArrayNode rows = root.putArray("whatIf");
        for (HaPlan.Row r : plan.whatIf()) {
            ObjectNode o = rows.addObject();
            o.put("node", r.node());
            o.put("failure", r.failure().text());
            o.put("outcome", outcome(r.outcome()));
            o.put("master", r.master());
            o.put("served", r.served());
            if (Double.isNaN(r.boundMs())) {
                o.putNull("boundMs");
            } else {
                o.put("boundMs", r.boundMs());
            }
            o.put("formula", r.formula());
        }
        ArrayNode findings = root.putArray("findings");
        for (HaPlan.Finding f : plan.findings()) {
            ObjectNode o = findings.addObject();
            o.put("where", f.where());
            o.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            o.put("text", f.text());
        }
        return m.writeValueAsString(root);
    }
}
