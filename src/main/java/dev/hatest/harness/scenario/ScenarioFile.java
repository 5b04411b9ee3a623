package dev.hatest.harness.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hatest.harness.cluster.YamlFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A declarative chaos scenario ({@code hatest run}): a topology, a fault schedule, and expectations.
 * <pre>
 * name: nginx killed on the master          # default: the file name
 * topology:
 *   nodes: 2                                # the seed pair grown to N nodes (default 2), or:
 *   profile: fast                           # the seed nodes' timers: seed (default) or fast
 *   configDir: ../my-configs                # your configs, relative to this file
 *   daemon: vrrpd                           # or keepalived
 *   subnet: 198.18.0.0/24
 * fault:
 *   kill: nginx                             # exactly one of kill, stop, hang (a process), blockVrrp (in|out|both),
 *                                           # partition, pause, linkDown, cpuHog, reload, restartDaemon, restartNode (true),
 *                                           # loss (a percentage)
 *   node: lb01                              # or master (the default), or backup (the node that would take over)
 *   healAfter: 5s                           # heal this long after the outcome (default: never for a takeover)
 *   outcome: takeover                       # default: derived; or noTakeover, splitBrain, flapping (loss only)
 *   to: lb02                                # for a takeover: the node that must take over (default: any other)
 *   after: 2s                               # wait this long before injecting (default: at once)
 * expect:
 *   outageUnder: 12s                        # default: derived from the configs
 *   master: lb01                            # who must win the election (default: from the priorities)
 * load:                                     # users' load through the VIP, as chaos --load (default: none)
 *   rate: 200                               # requests per second (needed)
 *   timeout: 1s                             # how long a user waits (default 1s)
 *   downloads: 2                            # long downloads kept in flight (default 2)
 *   maxFailed: 300                          # the most failed requests a step may cost (default: derived)
 *   maxCut: 0                               # the most responses cut mid-way (default: reported, not judged)
 * </pre>
 * With {@code rollout:}, new configs are rolled out to the running cluster first, as {@code hatest rollout}
 * does; the faults (none is fine then) are judged on the new configs once they are all in, and
 * {@code expect.outageUnder} bounds the rollout's outage:
 * <pre>
 * topology:
 *   configDir: ../now                       # the configs the cluster starts on (needed)
 * rollout:
 *   to: ../next                             # the new configs, a folder per node, relative to this file
 *   by: reload                              # or restart
 *   order: [lb02, lb01]                     # default: the backups, lowest priority first, then the master
 * </pre>
 * Instead of {@code fault:}, {@code faults:} lists several, as a schedule: each is injected once the one
 * before has had its outcome judged (and its heal, if it has one), into the master of that moment unless it
 * names a node. Faults without a heal stay until the cluster is removed, so later ones combine with them.
 * Mistakes are reported as {@code file:line: what is wrong}.
 */
public record ScenarioFile(Path file, String name, Topology topology, List<Fault> faults, Expect expect, Rollout rollout, LoadSpec load) {

    /**
     * The users' load through the VIP during the faults ({@code hatest chaos --load}); null for none.
     *
     * @param rate      requests per second (needed)
     * @param timeout   how long a user waits (default 1s)
     * @param downloads long downloads kept in flight (default 2)
     * @param maxFailed the most failed requests a step may cost (default: derived)
     * @param maxCut    the most responses cut mid-way in a step (default: no such verdict)
     */
    public record LoadSpec(Double rate, String timeout, Integer downloads, Integer maxFailed, Integer maxCut) {
    }

    /**
     * A config change rolled out to the running cluster before the faults ({@code hatest rollout}): the new
     * configs' folder (relative to the file), how each node takes them, and in what order; null for none.
     */
    public record Rollout(String to, String by, List<String> order) {
    }

    /** @param family the seed nodes' address family: ipv4 (null's), ipv6 or dual-stack */
    public record Topology(Integer nodes, String configDir, String daemon, String subnet, String profile, String family) {
    }

    public record Fault(String kill, String stop, String hang, String blockVrrp, Boolean partition, Boolean pause, Boolean linkDown,
                        Boolean cpuHog, String loss, Boolean reload, Boolean restartDaemon, Boolean restartNode, String node, String healAfter, String outcome, String to, String after) {
    }

    public record Expect(String outageUnder, String master) {
    }

    private record Raw(String name, String description, Topology topology, Fault fault, List<Fault> faults, Expect expect, Rollout rollout,
                       LoadSpec load) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Step {@code step}'s (0-based) fault kind, or an error at its line when it hasn't exactly one. */
    public FaultPlan.Kind kind(int step) {
        Fault fault = faults.get(step);
        List<FaultPlan.Kind> kinds = new ArrayList<>();
        if (fault.kill() != null) kinds.add(FaultPlan.Kind.KILL);
        if (fault.stop() != null) kinds.add(FaultPlan.Kind.STOP);
        if (fault.hang() != null) kinds.add(FaultPlan.Kind.HANG);
        if (fault.blockVrrp() != null) kinds.add(FaultPlan.Kind.BLOCK_VRRP);
        if (Boolean.TRUE.equals(fault.partition())) kinds.add(FaultPlan.Kind.PARTITION);
        if (Boolean.TRUE.equals(fault.pause())) kinds.add(FaultPlan.Kind.PAUSE);
        if (Boolean.TRUE.equals(fault.linkDown())) kinds.add(FaultPlan.Kind.LINK_DOWN);
        if (Boolean.TRUE.equals(fault.cpuHog())) kinds.add(FaultPlan.Kind.CPU_HOG);
        if (fault.loss() != null) kinds.add(FaultPlan.Kind.LOSS);
        if (Boolean.TRUE.equals(fault.reload())) kinds.add(FaultPlan.Kind.RELOAD);
        if (Boolean.TRUE.equals(fault.restartDaemon())) kinds.add(FaultPlan.Kind.RESTART_DAEMON);
        if (Boolean.TRUE.equals(fault.restartNode())) kinds.add(FaultPlan.Kind.RESTART_NODE);
        if (kinds.size() != 1) {
            throw error(step, null, "a fault needs exactly one of kill, stop, hang, blockVrrp, partition, pause, linkDown, cpuHog, loss, reload, restartDaemon, "
                    + "restartNode"
                    + (kinds.isEmpty() ? "" : "; got " + kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList()));
        }
        return kinds.get(0);
    }

    /** Step {@code step}'s fault argument: the process, direction or percentage; null for the others. */
    public String argument(int step) {
        Fault fault = faults.get(step);
        return fault.kill() != null ? fault.kill() : fault.stop() != null ? fault.stop() : fault.hang() != null ? fault.hang()
                : fault.blockVrrp() != null ? fault.blockVrrp() : fault.loss();
    }

    /** The key that holds step {@code step}'s fault argument, to point at its line. */
    public String argumentKey(int step) {
        return switch (kind(step)) {
            case KILL -> "kill";
            case STOP -> "stop";
            case HANG -> "hang";
            case BLOCK_VRRP -> "blockVrrp";
            case LOSS -> "loss";
            default -> null;
        };
    }

    /** The rollout's new configs, relative to the scenario file; null without a rollout. */
    public Path rolloutDir() {
        return rollout == null ? null : file.toAbsolutePath().getParent().resolve(rollout.to()).normalize();
    }

    /** The config folder, relative to the scenario file, or null for the seed nodes. */
    public Path configDir() {
        return topology.configDir() == null ? null : file.toAbsolutePath().getParent().resolve(topology.configDir()).normalize();
    }

    /** An error at the line where {@code key} first appears in the file (else line 1). */
    public IllegalArgumentException error(String key, String message) {
        return new IllegalArgumentException(file + ":" + YamlFiles.lineOf(file, key, 0, Integer.MAX_VALUE, 1) + ": " + message);
    }

    /**
     * An error about step {@code step}'s fault: at the line of its {@code key} (or, when that is null or
     * absent, where the step starts).
     */
    public IllegalArgumentException error(int step, String key, String message) {
        int[] range = stepLines(file, step);
        int line = key == null ? range[0] : YamlFiles.lineOf(file, key, range[0], range[1], range[0]);
        return new IllegalArgumentException(file + ":" + line + ": " + message);
    }

    /** The load the file asks for, or null; a wrong value is an error at its line. */
    public dev.hatest.harness.cluster.Load loadOrNull() {
        if (load == null) {
            return null;
        }
        try {
            if (load.rate() == null) {
                throw new IllegalArgumentException("needs its rate (requests per second)");
            }
            dev.hatest.harness.cluster.Load l = dev.hatest.harness.cluster.Load.of(load.rate()).withMaxFailed(load.maxFailed())
                    .withMaxCut(load.maxCut());
            if (load.downloads() != null) {
                l = l.withDownloads(load.downloads());
            }
            if (load.timeout() != null) {
                l = l.withTimeoutMs((int) Math.min(Integer.MAX_VALUE, Durations.parse("timeout", load.timeout()).toMillis()));
            }
            return l;
        } catch (IllegalArgumentException e) {
            // a value the load refuses is named by this file's key, not the command line's option
            String m = e instanceof dev.hatest.harness.cluster.Load.Invalid i ? i.byKey() : e.getMessage();
            throw new IllegalArgumentException(file + ":" + YamlFiles.lineOf(file, "load", 0, Integer.MAX_VALUE, 1) + ": load: " + m);
        }
    }

    public static ScenarioFile read(Path file) {
        Raw raw = YamlFiles.read(file, YAML, Raw.class, null);
        if (raw == null) {
            throw new IllegalArgumentException(file + ":1: empty scenario");
        }
        if (raw.fault() != null && raw.faults() != null && !raw.faults().isEmpty()) {
            throw new IllegalArgumentException(file + ":" + YamlFiles.lineOf(file, "faults", 0, Integer.MAX_VALUE, 1)
                    + ": give 'fault:' (one) or 'faults:' (a list), not both");
        }
        if (raw.rollout() == null && (raw.fault() == null) == (raw.faults() == null || raw.faults().isEmpty())) {
            throw new IllegalArgumentException(file + ":" + YamlFiles.lineOf(file, "faults", 0, Integer.MAX_VALUE, 1) + ": "
                    + (raw.fault() == null ? "no fault: a scenario needs a 'fault:' section, or a 'faults:' list"
                    : "give 'fault:' (one) or 'faults:' (a list), not both"));
        }
        Topology t = raw.topology() == null ? new Topology(null, null, null, null, null, null) : raw.topology();
        Expect x = raw.expect() == null ? new Expect(null, null) : raw.expect();
        String name = raw.name() != null ? raw.name() : file.getFileName().toString().replaceAll("\\.ya?ml$", "");
        List<Fault> faults = raw.fault() != null ? List.of(raw.fault()) : raw.faults() != null ? raw.faults() : List.of();
        for (int i = 0; i < faults.size(); i++) {
            if (faults.get(i) == null) {
                throw new IllegalArgumentException(file + ":" + stepLines(file, i)[0] + ": an empty fault");
            }
        }
        ScenarioFile s = new ScenarioFile(file, name, t, faults, x, raw.rollout(), raw.load());
        s.loadOrNull();  // a wrong load: is an error at its line even when --load replaces it
        if (raw.rollout() != null) {
            if (raw.rollout().to() == null) {
                throw s.error("rollout", "rollout: needs 'to:', the folder of the new configs");
            }
            if (t.configDir() == null) {
                throw s.error("rollout", "rollout: needs topology's configDir, the configs the cluster starts on");
            }
            try {
                dev.hatest.harness.scenario.Rollout.By.parse(raw.rollout().by() == null ? "reload" : raw.rollout().by());
            } catch (IllegalArgumentException e) {
                throw s.error("by", e.getMessage().replace("--by: ", "by: "));
            }
        }
        for (int i = 0; i < faults.size(); i++) {
            s.kind(i);
        }
        if (t.nodes() != null && t.configDir() != null) {
            throw s.error("configDir", "topology: give nodes or configDir, not both");
        }
        return s;
    }

    /** The scenario files at {@code path}: the file itself, or every *.yaml / *.yml in the folder, by name. */
    public static List<Path> find(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder");
        }
        try (Stream<Path> s = Files.list(path)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException(path + ": no *.yaml scenarios in it");
            }
            return files;
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot list: " + e.getMessage());
        }
    }

    /**
     * Shard {@code index} of {@code count} (1-based): every count-th file, starting at the index-th, so
     * shards are disjoint, cover everything, and stay stable as long as the file names do.
     */
    public static <T> List<T> shard(List<T> all, int index, int count) {
        List<T> out = new ArrayList<>();
        for (int i = index - 1; i < all.size(); i += count) {
            out.add(all.get(i));
        }
        return out;
    }

    /**
     * The 1-based lines where step {@code step}'s fault starts and where the next begins: from {@code fault:}
     * to the end of the file, or the step-th item of the {@code faults:} list.
     */
    static int[] stepLines(Path file, int step) {
        List<String> lines = YamlFiles.lines(file);
        int list = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("fault\\s*:.*")) {
                return new int[]{i + 1, Integer.MAX_VALUE};
            }
            if (lines.get(i).matches("faults\\s*:.*")) {
                list = i;
                break;
            }
        }
        if (list < 0) {
            return new int[]{1, Integer.MAX_VALUE};
        }
        List<Integer> items = new ArrayList<>();
        String indent = null;
        for (int i = list + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\s*)-(\\s.*|)$").matcher(l);
            if (m.matches() && (indent == null || m.group(1).equals(indent))) {
                indent = m.group(1);
                items.add(i + 1);
            } else if (!l.isBlank() && !l.trim().startsWith("#") && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("-")) {
                items.add(i + 1);  // the next top-level key ends the list
                break;
            }
        }
        if (step < items.size()) {
            return new int[]{items.get(step), step + 1 < items.size() ? items.get(step + 1) : Integer.MAX_VALUE};
        }
        return new int[]{list + 1, Integer.MAX_VALUE};
    }

}
