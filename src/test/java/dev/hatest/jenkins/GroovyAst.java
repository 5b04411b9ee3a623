package dev.hatest.jenkins;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NamedArgumentListExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Jenkinsfile or shared-library script as Groovy's own parser sees it, reduced to what pipeline code is:
 * a tree of step calls ({@code pipeline { stages { stage('x') { steps { sh '...' } } } }}), each with its
 * arguments as plain values. A file that doesn't parse fails here with Groovy's message and line.
 */
final class GroovyAst {

    /** A step or block call: its name, its arguments as values, and the calls inside its closure(s). */
    record Call(String name, List<Object> args, Map<String, Object> named, List<Call> children, int line) {

        /** The first positional argument as text (a stage's name, a shell line), or null. */
        String text() {
            return args.isEmpty() ? null : String.valueOf(args.get(0));
        }

        /** Every call below this one (not itself), depth first, in source order. */
        Stream<Call> descendants() {
            return children.stream().flatMap(c -> Stream.concat(Stream.of(c), c.descendants()));
        }

        List<Call> find(String name) {
            return descendants().filter(c -> c.name.equals(name)).toList();
        }

        Optional<Call> child(String name) {
            return children.stream().filter(c -> c.name.equals(name)).findFirst();
        }

        /** The stage of this name anywhere below, or an assertion failure. */
        Call stage(String stageName) {
            return descendants().filter(c -> c.name.equals("stage") && stageName.equals(c.text())).findFirst()
                    .orElseThrow(() -> new AssertionError("no stage '" + stageName + "'"));
        }

        /** Whether this call or any below it satisfies p. */
        boolean any(Predicate<Call> p) {
            return p.test(this) || descendants().anyMatch(p);
        }
    }

    /** A placeholder for a GString's ${...} part, kept as its source text. */
    record Interpolation(String source) {
        @Override
        public String toString() {
            return "${" + source + "}";
        }
    }

    private GroovyAst() {
    }

    /** The file's calls: its top-level statements and, for a library script, the bodies of its methods. */
    static Call parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        CompilationUnit cu = new CompilationUnit();
        SourceUnit su = cu.addSource(file.toString(), text);
        cu.compile(Phases.CONVERSION);  // syntax only: steps and library classes are not on this classpath
        ModuleNode module = su.getAST();
        Call root = new Call(file.getFileName().toString(), List.of(), Map.of(), new ArrayList<>(), 1);
        Tree tree = new Tree(root);
        module.getStatementBlock().visit(tree);
        for (ClassNode c : module.getClasses()) {
            for (MethodNode m : c.getMethods()) {
                if (m.getCode() != null) {
                    Call method = new Call("def " + m.getName(), List.of(), Map.of(), new ArrayList<>(), m.getLineNumber());
                    root.children().add(method);
                    tree.stack.push(method);
                    m.getCode().visit(tree);
                    tree.stack.pop();
                }
            }
        }
        return root;
    }

    private static final class Tree extends CodeVisitorSupport {
        final Deque<Call> stack = new ArrayDeque<>();

        Tree(Call root) {
            stack.push(root);
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            List<Object> args = new ArrayList<>();
            Map<String, Object> named = new LinkedHashMap<>();
            Expression a = call.getArguments();
            List<Expression> list = a instanceof TupleExpression t ? t.getExpressions() : List.of(a);
            for (int i = 0; i < list.size(); i++) {
                Expression e = list.get(i);
                // Named arguments: `step key: value` or `step(key: value) { ... }`, where the first is a map.
                if (e instanceof NamedArgumentListExpression || (i == 0 && e instanceof MapExpression)) {
                    named.putAll(map((MapExpression) e));
                } else {
                    args.add(value(e));
                }
            }
            Call c = new Call(call.getMethodAsString(), args, named, new ArrayList<>(), call.getLineNumber());
            stack.peek().children().add(c);
            stack.push(c);
            super.visitMethodCallExpression(call);
            stack.pop();
        }
    }

    /** An expression as a value: constants, lists and maps as themselves, a GString as its text, anything else as its source. */
    static Object value(Expression e) {
        if (e instanceof ConstantExpression c) {
            return c.getValue();
        }
        if (e instanceof GStringExpression g) {
            StringBuilder b = new StringBuilder();
            List<ConstantExpression> strings = g.getStrings();
            List<Expression> values = g.getValues();
            for (int i = 0; i < strings.size(); i++) {
                b.append(strings.get(i).getValue());
                if (i < values.size()) {
                    b.append(new Interpolation(values.get(i).getText()));
                }
            }
            return b.toString();
        }
        if (e instanceof BinaryExpression b && b.getOperation().getText().equals("+")
                && value(b.getLeftExpression()) instanceof String left && value(b.getRightExpression()) instanceof String right) {
            return left + right;  // a long line split over several: 'a' + 'b'
        }
        if (e instanceof ListExpression l) {
            return l.getExpressions().stream().map(GroovyAst::value).toList();
        }
        if (e instanceof MapExpression m) {
            return map(m);
        }
        return e.getText();
    }

    private static Map<String, Object> map(MapExpression m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MapEntryExpression entry : m.getMapEntryExpressions()) {
            out.put(String.valueOf(value(entry.getKeyExpression())), value(entry.getValueExpression()));
        }
        return out;
    }

    /** A shell line's words: '...' and "..." quoting and backslash escapes, as sh reads them (no expansion). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote == '\'') {
                if (ch == '\'') {
                    quote = 0;
                } else {
                    w.append(ch);
                }
            } else if (quote == '"') {
                if (ch == '"') {
                    quote = 0;
                } else if (ch == '\\' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(ch);
                }
            } else if (Character.isWhitespace(ch)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                if (w == null) {
                    w = new StringBuilder();
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                } else if (ch == '\\' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(ch);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in: " + line);
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    /** An Ant-style glob as Jenkins' junit and archiveArtifacts read it: ** any folders, * and ? within one name. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        String g = glob.trim();
        for (int i = 0; i < g.length(); i++) {
            char ch = g.charAt(i);
            if (ch == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slash = i + 2 < g.length() && g.charAt(i + 2) == '/';
                re.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (ch == '*') {
                re.append("[^/]*");
            } else if (ch == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The files under {@code workspace} a comma-separated list of globs matches, as workspace-relative paths. */
    static List<String> matches(Path workspace, String globs) throws IOException {
        List<Pattern> patterns = Stream.of(globs.split(",")).map(GroovyAst::glob).toList();
        if (!Files.isDirectory(workspace)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(workspace)) {
            return files.filter(Files::isRegularFile).map(p -> workspace.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> patterns.stream().anyMatch(p -> p.matcher(rel).matches())).sorted().toList();
        }
    }
}
