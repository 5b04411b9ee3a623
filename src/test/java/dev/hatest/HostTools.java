package dev.hatest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way tests start programs on the host. Each program a command or a shell line names must be listed
 * in {@code docker/host-tools.list}, which {@code docker/host-tools.sh} installs from (run by {@code mvn
 * verify}'s pre-integration-test step and by {@code ./hatest}), and must be on the PATH. A program that is
 * not listed, or listed but absent, fails the test at once with one line naming it and what installs it,
 * never with an {@code IOException} deep in the test. {@code HostToolsTest} checks that no test builds a
 * {@link ProcessBuilder} any other way.
 */
public final class HostTools {

    /** Shell words that start no program of a package of ours: builtins, keywords and coreutils/procps. */
    private static final Set<String> SHELL = Set.of("for", "in", "do", "done", "if", "then", "else", "fi", "while",
            "!", "kill", "cat", "echo", "true", "false", "test", "[", "sleep", "grep", "sed", "head", "tail", "wc",
            "timeout", "exit", "exec", "sort");
    private static final Set<String> KEYWORDS = Set.of("do", "then", "else", "!", "exec", "timeout");
    private static final Pattern SEGMENT = Pattern.compile("&&|\\|\\||;|\\||\\$\\(|`|\\(|\\)|\\n");

    private static Map<String, String> listed;

    private HostTools() {
    }

    /** A builder for {@code command}, its programs checked (through {@code ip netns exec NS PROGRAM} too). */
    public static ProcessBuilder command(String... command) {
        return command(List.of(command));
    }

    public static ProcessBuilder command(List<String> command) {
        programsOf(command).forEach(HostTools::require);
        return new ProcessBuilder(command);
    }

    /** A builder for {@code sh -c line}, every program the line starts checked. */
    public static ProcessBuilder shell(String line) {
        require("sh");
        programsOf(line).forEach(HostTools::require);
        return new ProcessBuilder("sh", "-c", line);
    }

    /**
     * The programs a command starts: its first word, and the one {@code ip netns exec NS} runs. A path (a
     * file the test made, or this JVM's own {@code java}) is no host tool.
     */
    static List<String> programsOf(List<String> command) {
        List<String> programs = new ArrayList<>();
        if (command.isEmpty()) {
            return programs;
        }
        programs.add(command.get(0));
        if (command.size() > 4 && command.subList(0, 3).equals(List.of("ip", "netns", "exec"))) {
            programs.addAll(programsOf(command.subList(4, command.size())));
        }
        return programs.stream().filter(p -> !p.contains("/")).toList();
    }

    /**
     * The programs a shell line starts: the first word of each command of it (split at {@code && || ; |},
     * command substitutions and subshells), skipping keywords, assignments, redirections and variables.
     */
    static Set<String> programsOf(String line) {
        Set<String> programs = new LinkedHashSet<>();
        for (String segment : SEGMENT.split(line)) {
            List<String> words = new ArrayList<>(Arrays.asList(segment.trim().split("\\s+")));
            while (!words.isEmpty() && (words.get(0).isEmpty() || KEYWORDS.contains(words.get(0))
                    || words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*") || words.get(0).matches("\\d*[<>].*")
                    || words.get(0).matches("-?\\d+(\\.\\d+)?"))) {
                words.remove(0);
            }
            if (words.isEmpty() || words.get(0).startsWith("$") || words.get(0).startsWith("\"$")) {
                continue;
            }
            List<String> found = programsOf(words);
            found.stream().filter(p -> !SHELL.contains(p)).forEach(programs::add);
        }
        return programs;
    }

    /** Fails with one line unless {@code program} is listed and on the PATH. */
    public static void require(String program) {
        String pkg = listed().get(program);
        if (pkg == null) {
            throw new IllegalStateException(program + " is not in docker/host-tools.list: list it there (PROGRAM "
                    + "PACKAGE why) so that docker/host-tools.sh installs it before the tests run");
        }
        if (!onPath(program)) {
            throw new IllegalStateException(program + " is missing on this host: docker/host-tools.sh installs it "
                    + "(apt-get install " + pkg + "); mvn verify runs it in pre-integration-test");
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** docker/host-tools.list: program to Debian package. */
    public static synchronized Map<String, String> listed() {
        if (listed == null) {
            listed = read(listFile());
        }
        return listed;
    }

    static Map<String, String> read(Path file) {
        Map<String, String> programs = new LinkedHashMap<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split("\\s+", 3);
                if (f.length < 3) {
                    throw new IllegalStateException(file + ":" + n + ": want PROGRAM PACKAGE why, got '" + t + "'");
                }
                if (programs.put(f[0], f[1]) != null) {
                    throw new IllegalStateException(file + ":" + n + ": " + f[0] + " is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return programs;
    }

    /** The list in this checkout (Failsafe passes the project's folder; Surefire runs in it). */
    public static Path listFile() {
        return Path.of(System.getProperty("hatest.projectDir", "."), "docker", "host-tools.list");
    }
}
