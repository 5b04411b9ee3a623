package dev.hatest.harness.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A declarative chaos scenario ({@code hatest run}): a topology, one fault with its heal, and expectations.
 * <pre>
 * name: nginx killed on the master          # default: the file name
 * topology:
 *   nodes: 2                                # the seed pair grown to N nodes (default 2), or:
 *   configDir: ../my-configs                # your configs, relative to this file
 *   daemon: vrrpd                           # or keepalived
 *   subnet: 198.18.0.0/24
 * fault:
 *   kill: nginx                             # exactly one of kill, stop, hang (a process), blockVrrp (in|out|both),
 *                                           # partition, pause, linkDown (true), loss (a percentage)
 *   node: lb01                              # or master (the default), or backup (the node that would take over)
 *   healAfter: 5s                           # heal this long after the outcome (default: never for a takeover)
 * expect:
 *   outageUnder: 12s                        # default: derived from the configs
 *   master: lb01                            # who must win the election (default: from the priorities)
 * </pre>
 * Mistakes are reported as {@code file:line: what is wrong}.
 */
public record ScenarioFile(Path file, String name, Topology topology, Fault fault, Expect expect) {

    public record Topology(Integer nodes, String configDir, String daemon, String subnet) {
    }

    public record Fault(String kill, String stop, String hang, String blockVrrp, Boolean partition, Boolean pause, Boolean linkDown,
                        String loss, String node, String healAfter) {
    }

    public record Expect(String outageUnder, String master) {
    }

    private record Raw(String name, String description, Topology topology, Fault fault, Expect expect) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The fault's kind and argument, or an error at the fault's line when there isn't exactly one. */
    public FaultPlan.Kind kind() {
        List<FaultPlan.Kind> kinds = new ArrayList<>();
        if (fault.kill() != null) kinds.add(FaultPlan.Kind.KILL);
        if (fault.stop() != null) kinds.add(FaultPlan.Kind.STOP);
        if (fault.hang() != null) kinds.add(FaultPlan.Kind.HANG);
        if (fault.blockVrrp() != null) kinds.add(FaultPlan.Kind.BLOCK_VRRP);
        if (Boolean.TRUE.equals(fault.partition())) kinds.add(FaultPlan.Kind.PARTITION);
        if (Boolean.TRUE.equals(fault.pause())) kinds.add(FaultPlan.Kind.PAUSE);
        if (Boolean.TRUE.equals(fault.linkDown())) kinds.add(FaultPlan.Kind.LINK_DOWN);
        if (fault.loss() != null) kinds.add(FaultPlan.Kind.LOSS);
        if (kinds.size() != 1) {
            throw error("fault", "a fault needs exactly one of kill, stop, hang, blockVrrp, partition, pause, linkDown, loss"
                    + (kinds.isEmpty() ? "" : "; got " + kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList()));
        }
        return kinds.get(0);
    }

    public String argument() {
        return fault.kill() != null ? fault.kill() : fault.stop() != null ? fault.stop() : fault.hang() != null ? fault.hang()
                : fault.blockVrrp() != null ? fault.blockVrrp() : fault.loss();
    }

    /** The config folder, relative to the scenario file, or null for the seed nodes. */
    public Path configDir() {
        return topology.configDir() == null ? null : file.toAbsolutePath().getParent().resolve(topology.configDir()).normalize();
    }

    /** An error at the line where {@code key} first appears in the file (else line 1). */
    public IllegalArgumentException error(String key, String message) {
        return new IllegalArgumentException(file + ":" + lineOf(file, key) + ": " + message);
    }

    public static ScenarioFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        Raw raw;
        try {
            raw = YAML.readValue(text, Raw.class);
        } catch (UnrecognizedPropertyException e) {
            // The parser's location is past the value; the key's own line is what the author needs.
            throw new IllegalArgumentException(file + ":" + lineOf(file, e.getPropertyName()) + ": unknown field '" + e.getPropertyName()
                    + "' (known: " + e.getKnownPropertyIds() + ")");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (raw == null) {
            throw new IllegalArgumentException(file + ":1: empty scenario");
        }
        if (raw.fault() == null) {
            throw new IllegalArgumentException(file + ":1: no fault: a scenario needs a 'fault:' section");
        }
        Topology t = raw.topology() == null ? new Topology(null, null, null, null) : raw.topology();
        Expect x = raw.expect() == null ? new Expect(null, null) : raw.expect();
        String name = raw.name() != null ? raw.name() : file.getFileName().toString().replaceAll("\\.ya?ml$", "");
        ScenarioFile s = new ScenarioFile(file, name, t, raw.fault(), x);
        s.kind();
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

    private static int lineOf(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*:.*")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // line 1 below
        }
        return 1;
    }

}
