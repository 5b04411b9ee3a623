package dev.hatest.jenkins;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import org.codehaus.groovy.runtime.MethodClosure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Jenkins' pipeline steps, stubbed for running shared-library code without a Jenkins server. Each step
 * records its call and behaves as the real one does where the library depends on it: {@code error} aborts,
 * {@code lock}, {@code node} and the like run their body, {@code sh} returns what the test's shell gives.
 * Paths are relative to a workspace folder, as on an agent.
 */
public final class StubSteps {

    /** Thrown by {@code error}, as Jenkins' AbortException is. */
    public static final class StepError extends RuntimeException {
        StepError(String message) {
            super(message);
        }
    }

    /** A recorded step call. */
    public record Step(String name, Object arg) {
    }

    private static final List<String> STEPS = List.of("sh", "error", "unstable", "echo", "lock", "junit", "archiveArtifacts", "publishHTML",
            "plot", "fileExists", "node", "timeout", "timestamps", "checkout", "parallel", "properties", "pipelineTriggers", "cron",
            "buildDiscarder", "logRotator", "disableConcurrentBuilds");

    final Path workspace;
    final List<Step> steps = new ArrayList<>();
    final Map<String, Object> env = new LinkedHashMap<>();
    /** What a shell line exits with; it may write files into the workspace as the real command would. */
    ToIntFunction<String> shell = line -> 0;
    String result = "SUCCESS";

    StubSteps(Path workspace) {
        this.workspace = workspace;
        env.put("NODE_NAME", "agent-1");
        env.put("WORKSPACE", workspace.toString());
    }

    /** A library script (vars/NAME.groovy) loaded against these steps. */
    Script load(Path script) throws IOException {
        Binding binding = new Binding();
        for (String step : STEPS) {
            binding.setVariable(step, new MethodClosure(this, step));
        }
        binding.setVariable("env", env);
        binding.setVariable("scm", "scm");
        globals.forEach(binding::setVariable);
        Script s = new GroovyShell(binding).parse(script.toFile());
        s.setBinding(binding);
        return s;
    }

    /** Makes a library var callable from scripts loaded after this, as Jenkins makes every vars/*.groovy global. */
    void global(String name, Script var) {
        globals.put(name, new MethodClosure(var, "call"));
    }

    private final Map<String, Object> globals = new LinkedHashMap<>();

    List<Step> calls(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).toList();
    }

    List<String> shellLines() {
        return calls("sh").stream().map(s -> String.valueOf(s.arg())).toList();
    }

    // ---- the steps ----

    public Object sh(Map<String, Object> args) {
        String line = String.valueOf(args.get("script"));
        steps.add(new Step("sh", line));
        int status = shell.applyAsInt(line);
        if (Boolean.TRUE.equals(args.get("returnStatus"))) {
            return status;
        }
        if (status != 0) {
            throw new StepError("script returned exit code " + status);
        }
        return null;
    }

    public Object sh(Object line) {
        return sh(Map.of("script", String.valueOf(line)));
    }

    public void error(Object message) {
        steps.add(new Step("error", String.valueOf(message)));
        result = "FAILURE";
        throw new StepError(String.valueOf(message));
    }

    public void unstable(Object message) {
        steps.add(new Step("unstable", String.valueOf(message)));
        if (result.equals("SUCCESS")) {
            result = "UNSTABLE";
        }
    }

    public void echo(Object message) {
        steps.add(new Step("echo", String.valueOf(message)));
    }

    public Object lock(Map<String, Object> args, Closure<?> body) {
        steps.add(new Step("lock", String.valueOf(args.get("resource"))));
        return body.call();
    }

    public void junit(Map<String, Object> args) {
        steps.add(new Step("junit", String.valueOf(args.get("testResults"))));
    }

    public void archiveArtifacts(Map<String, Object> args) {
        steps.add(new Step("archiveArtifacts", String.valueOf(args.get("artifacts"))));
    }

    public void publishHTML(Map<String, Object> args) {
        steps.add(new Step("publishHTML", args.get("target")));
    }

    public void plot(Map<String, Object> args) {
        steps.add(new Step("plot", args));
    }

    public boolean fileExists(Object path) {
        steps.add(new Step("fileExists", String.valueOf(path)));
        return Files.exists(workspace.resolve(String.valueOf(path)));
    }

    public Object node(Object label, Closure<?> body) {
        steps.add(new Step("node", String.valueOf(label)));
        return body.call();
    }

    public Object timeout(Map<String, Object> args, Closure<?> body) {
        steps.add(new Step("timeout", args));
        return body.call();
    }

    public Object timestamps(Closure<?> body) {
        steps.add(new Step("timestamps", null));
        return body.call();
    }

    public void checkout(Object scm) {
        steps.add(new Step("checkout", scm));
    }

    /** Runs every branch, one after the other; a failing branch fails the step after the others ran, as failFast: false does. */
    public void parallel(Map<String, Closure<?>> branches) {
        steps.add(new Step("parallel", List.copyOf(branches.keySet())));
        RuntimeException first = null;
        for (Closure<?> branch : branches.values()) {
            try {
                branch.call();
            } catch (StepError e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public void properties(List<Object> props) {
        steps.add(new Step("properties", props));
    }

    public Object pipelineTriggers(List<Object> triggers) {
        return Map.of("pipelineTriggers", triggers);
    }

    public Object cron(String spec) {
        steps.add(new Step("cron", spec));
        return Map.of("cron", spec);
    }

    public Object buildDiscarder(Object strategy) {
        return Map.of("buildDiscarder", strategy);
    }

    public Object logRotator(Map<String, Object> args) {
        return Map.of("logRotator", args);
    }

    public Object disableConcurrentBuilds() {
        return "disableConcurrentBuilds";
    }
}
