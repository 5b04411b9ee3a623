package dev.hatest.harness.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an {@link Event} saw, typed. Each source makes these at its edge (the log observer from a node's or the
 * client's log lines, the nemesis, the executor), so no reader parses text again: checkers, reports and the
 * differential switch over these records.
 *
 * <p>A saved run keeps each as its {@link #kind()} and {@link #value()} (the text of the History's JSON, format 2);
 * {@link #parse} reads them back, and is the only place that text is read. An observation this version does not
 * know (a newer hatest's) is kept as {@link Unknown} and ignored by the checkers.
 */
public sealed interface Observation {

    /** The name of this kind in a saved run ({@link Kinds}). */
    String kind();

    /** This observation's text in a saved run, read back by {@link #parse}. */
    String value();

    /** A VRRP instance's state, as daemons name them. */
    enum VrrpState {
        INITIALIZE, BACKUP, MASTER, FAULT;

        /** The state named {@code name}, if it is one. */
        public static java.util.Optional<VrrpState> named(String name) {
            for (VrrpState s : values()) {
                if (s.name().equals(name)) {
                    return java.util.Optional.of(s);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** A node's VRRP daemon moved {@code instance} from one state to another, for {@code reason}. */
    record StateChange(String instance, VrrpState from, VrrpState to, String reason) implements Observation {
        public StateChange {
            Objects.requireNonNull(instance);
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            reason = reason == null ? "" : reason;
        }

        public String kind() {
            return Kinds.STATE;
        }

        public String value() {
            return instance + " " + from + "->" + to + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /**
     * What a daemon can't report itself, said of the whole node by the nemesis or the observer: its daemon
     * {@link Condition#DEAD dead}, the node {@link Condition#FROZEN frozen} and {@link Condition#RESUMED resumed},
     * or {@link Condition#DOWN down}. Any state change the daemon reports afterwards clears it.
     */
    record NodeCondition(Condition condition, String why) implements Observation {
        /** Instance name a node-wide condition is saved under. */
        public static final String ALL = "*";

        public enum Condition {
            /** The daemon is gone: its VIPs stay on the interface, but nobody claims them. */
            DEAD,
            /** The node is paused: its kernel holds (and answers ARP for) its VIPs; its daemon neither sends nor hears. */
            FROZEN,
            /** A frozen node goes on: what it claimed before holds again. */
            RESUMED,
            /** The node is stopped (restarting): it holds nothing. */
            DOWN
        }

        public NodeCondition {
            Objects.requireNonNull(condition);
            why = why == null ? "" : why;
        }

        public String kind() {
            return Kinds.STATE;
        }

        public String value() {
            return ALL + " " + (condition == Condition.RESUMED ? Condition.FROZEN.name() : "") + "->" + condition
                    + (why.isEmpty() ? "" : ": " + why);
        }
    }

    /** A daemon changed {@code instance}'s effective priority. */
    record PriorityChange(String instance, int from, int to) implements Observation {
        public String kind() {
            return Kinds.PRIORITY;
        }

        public String value() {
            return instance + " " + from + "->" + to;
        }
    }

    /** A daemon said it sent gratuitous ARPs (or unsolicited NAs) for {@code instance}'s addresses. */
    record GarpSent(String instance, List<String> addresses) implements Observation {
        public GarpSent {
            addresses = List.copyOf(addresses);
        }

        public String kind() {
            return Kinds.GARP;
        }

        public String value() {
            StringBuilder b = new StringBuilder(instance).append(" [");
            for (int i = 0; i < addresses.size(); i++) {
                b.append(i == 0 ? "" : ",").append('"').append(addresses.get(i)).append('"');
            }
            return b.append(']').toString();
        }

        /** Whether it announced {@code vip} (its addresses may carry a prefix length). */
        public boolean announces(String vip) {
            return addresses.stream().anyMatch(a -> a.equals(vip) || a.startsWith(vip + "/"));
        }
    }

    /**
     * The client asked for {@code vip}: served by node {@code detail} when {@code ok}, else failed for reason
     * {@code detail} (refused, timeout, ...).
     */
    record Request(String vip, boolean ok, String detail) implements Observation {
        public Request {
            Objects.requireNonNull(vip);
            detail = detail == null ? "" : detail;
        }

        public static Request served(String vip, String node) {
            return new Request(vip, true, node);
        }

        public static Request failed(String vip, String reason) {
            return new Request(vip, false, reason);
        }

        /** Answered by {@code node}. */
        public boolean servedBy(String node) {
            return ok && detail.equals(node);
        }

        public String kind() {
            return ok ? Kinds.HTTP_OK : Kinds.HTTP_FAIL;
        }

        public String value() {
            return vip + " " + detail;
        }
    }

    /**
     * One request of the client's load ({@code --load}) through {@code vip}, ended at the event's time: when it
     * was due (the open model's arrival; its latency counts from here), when it went on the wire, how it ended,
     * the node that served it ({@code "-"} when none did), the connection it used and whether that was already
     * open, and the path ({@code /} or the long {@code /download}).
     */
    record LoadRequest(String vip, long dueMicros, long sentMicros, Outcome outcome, String node, int connection, boolean reused,
                       String path) implements Observation {

        /** How a request ended, from its user's side. */
        public enum Outcome {
            /** A 2xx response, read whole. */
            OK,
            /** The connection was refused (nothing listens on the port of the node the client's packets reach). */
            REFUSED,
            /** Given up after the timeout with no byte of the response read (connecting, or waiting for the answer). */
            TIMEOUT,
            /** The connection was reset or closed by the server before any byte of the response. */
            RESET,
            /** The response had begun and was cut: reset, closed or stalled past the timeout before its end. */
            CUT,
            /** No route to the VIP (no neighbour answered for it), or another network error while connecting. */
            UNREACHABLE,
            /** A response that is not 2xx. */
            STATUS;

            public String text() {
                return name().toLowerCase(Locale.ROOT);
            }

            public static Outcome parse(String s) {
                return valueOf(s.toUpperCase(Locale.ROOT));
            }
        }

        public LoadRequest {
            Objects.requireNonNull(vip);
            Objects.requireNonNull(outcome);
            node = node == null || node.isEmpty() ? "-" : node;
            path = path == null || path.isEmpty() ? "/" : path;
        }

        public boolean ok() {
            return outcome == Outcome.OK;
        }

        /** One of the long downloads, not a short request. */
        public boolean download() {
            return !path.equals("/");
        }

        public String kind() {
            return Kinds.LOAD;
        }

        public String value() {
            return vip + " " + dueMicros + " " + sentMicros + " " + outcome.text() + " " + node + " " + connection + " "
                    + (reused ? "reused" : "new") + " " + path;
        }
    }

    /** An address was added to or removed from a node's interface. */
    record AddressChange(String address, boolean added) implements Observation {
        public String kind() {
            return added ? Kinds.VIP_ADD : Kinds.VIP_DEL;
        }

        public String value() {
            return address;
        }
    }

    /** A VRRP advert seen on the wire (the event's source is its sender). */
    record Advert(int vrid, int priority) implements Observation {
        public String kind() {
            return Kinds.ADVERT;
        }

        public String value() {
            return "vrid " + vrid + " prio " + priority;
        }
    }

    /** A gratuitous ARP (or unsolicited NA) seen on the wire for {@code address} (the source is its sender). */
    record GarpSeen(String address) implements Observation {
        public String kind() {
            return Kinds.GARP_SEEN;
        }

        public String value() {
            return address;
        }
    }

    /** The client's neighbour entry for {@code address} now points at {@code mac}, in {@code state}. */
    record Neighbour(String address, String mac, String state) implements Observation {
        public String kind() {
            return Kinds.NEIGH;
        }

        public String value() {
            return address + " " + mac + " " + state;
        }
    }

    /** The nemesis injected a fault ({@code heal} false) or healed it; {@code what} says what and where. */
    record Nemesis(boolean heal, String what) implements Observation {
        public static Nemesis injected(String what) {
            return new Nemesis(false, what);
        }

        public static Nemesis healed(String what) {
            return new Nemesis(true, what);
        }

        public String kind() {
            return heal ? Kinds.HEAL : Kinds.FAULT;
        }

        public String value() {
            return what;
        }
    }

    /** A daemon's reload (SIGHUP): applied, rejected (it carries on) or exited (keepalived 2.2.7 on a config error). */
    record Reload(Result result, String detail) implements Observation {
        public enum Result { APPLIED, REJECTED, EXITED }

        public Reload {
            Objects.requireNonNull(result);
            detail = detail == null ? "" : detail;
        }

        public String kind() {
            return Kinds.RELOAD;
        }

        public String value() {
            String r = result.name().toLowerCase(Locale.ROOT);
            return detail.isEmpty() ? r : r + ": " + detail;
        }
    }

    /** The run can't be judged from here on: {@code why}, one line. See {@link History#lost(String)}. */
    record Lost(String why) implements Observation {
        public String kind() {
            return Kinds.LOST;
        }

        public String value() {
            return why;
        }
    }

    /**
     * A point the executor marks for its judge: when one of its waits ended and how ({@code about}: the VIP or
     * instance it concerns, or empty). Reports leave marks out.
     */
    record Mark(Name name, String about) implements Observation {
        /** The executor's marks, by their saved text. */
        public enum Name {
            STEP("step"),
            /** A step's waits are over (its outcome, heal and return judged next): its load's window ends here. */
            STEP_END("step end"),
            CONVERGED("converged"), NOT_CONVERGED("not converged"), MOVED("moved"), STAYED("stayed"),
            BACK("back"), NOT_BACK("not back"), HELD("held"), ONE_MASTER("one master"), SERVED("served"),
            TEARDOWN("teardown"), ROLLOUT_START("rollout start"), ROLLOUT_END("rollout end"),
            /** A node's turn in a rollout begins (about: the node). */
            TURN("turn"),
            /** A node whose new config was refused: the wait for one node serving steadily ended, and how. */
            SERVING("still serving"), NOT_SERVING("not serving"),
            /** ... and whether its daemon process was found running. */
            DAEMON_RUNNING("daemon running"), DAEMON_GONE("daemon gone"),
            /** A node's new config is in: the wait for the cluster to settle ended, and how. */
            SETTLED("settled"), NOT_SETTLED("not settled");

            private final String text;

            Name(String text) {
                this.text = text;
            }

            public String text() {
                return text;
            }
        }

        public Mark {
            Objects.requireNonNull(name);
            about = about == null ? "" : about;
        }

        public static Mark of(Name name) {
            return new Mark(name, "");
        }

        public boolean is(Name n, String subject) {
            return name == n && about.equals(subject == null ? "" : subject);
        }

        public String kind() {
            return Kinds.MARK;
        }

        public String value() {
            return about.isEmpty() ? name.text() : name.text() + " " + about;
        }
    }

    /** A milestone of the run, for people (cluster up, converged on a node): reports show it, checkers don't read it. */
    record Phase(String text) implements Observation {
        public String kind() {
            return Kinds.PHASE;
        }

        public String value() {
            return text;
        }
    }

    /**
     * A node's daemon checked a new config ({@code vrrpd -t} or {@code keepalived -t} on the node): its exit code and
     * its findings, one line each, as the daemon printed them (the file named as the user's).
     */
    record ConfigChecked(int exit, List<Finding> findings) implements Observation {

        private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(":(\\d+): |\\bLine (\\d+)\\)");

        /**
         * One finding of the config test: its text, the config line it is about (vrrpd's {@code file:line: ...},
         * keepalived's {@code ... (file Line N)}), or null, and whether it is only a warning.
         */
        public record Finding(String text, Integer line, boolean warning) {

            /** The finding a daemon's {@code -t} printed as {@code text}: read once, where the output is taken. */
            public static Finding of(String text) {
                java.util.regex.Matcher m = LINE.matcher(text);
                Integer line = m.find() ? Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2)) : null;
                return new Finding(text, line, text.endsWith("(warning)"));
            }
        }

        public ConfigChecked {
            findings = List.copyOf(findings);
        }

        /** The test's exit and the lines it printed, each typed: the edge where a daemon's output becomes findings. */
        public static ConfigChecked of(int exit, List<String> lines) {
            return new ConfigChecked(exit, lines.stream().map(Finding::of).toList());
        }

        /** The findings' texts, as the daemon printed them. */
        public List<String> texts() {
            return findings.stream().map(Finding::text).toList();
        }

        public String kind() {
            return Kinds.CONFIG_TEST;
        }

        public String value() {
            StringBuilder b = new StringBuilder("exit ").append(exit).append(" [");
            for (int i = 0; i < findings.size(); i++) {
                b.append(i == 0 ? "" : ",").append('"').append(findings.get(i).text().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
            return b.append(']').toString();
        }
    }

    /** A saved observation this version doesn't know, or whose text it can't read: kept, shown, never judged. */
    record Unknown(String kind, String value) implements Observation {
    }

    /** Reads a saved observation back: the inverse of {@link #kind()} and {@link #value()}. */
    static Observation parse(String kind, String value) {
        String v = value == null ? "" : value;
        try {
            Observation o = switch (kind) {
                case Kinds.STATE -> state(v);
                case Kinds.PRIORITY -> {
                    int sp = v.indexOf(' ');
                    int arrow = v.indexOf("->", sp);
                    yield new PriorityChange(v.substring(0, sp), Integer.parseInt(v.substring(sp + 1, arrow).trim()),
                            Integer.parseInt(v.substring(arrow + 2).trim()));
                }
                case Kinds.GARP -> {
                    int sp = v.indexOf(' ');
                    yield new GarpSent(v.substring(0, sp), addresses(v.substring(sp + 1)));
                }
                case Kinds.HTTP_OK, Kinds.HTTP_FAIL -> {
                    int sp = v.indexOf(' ');
                    yield new Request(sp < 0 ? v : v.substring(0, sp), kind.equals(Kinds.HTTP_OK), sp < 0 ? "" : v.substring(sp + 1));
                }
                case Kinds.LOAD -> {
                    String[] f = v.split(" ");
                    yield f.length != 8 ? null : new LoadRequest(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]),
                            LoadRequest.Outcome.parse(f[3]), f[4], Integer.parseInt(f[5]), f[6].equals("reused"), f[7]);
                }
                case Kinds.VIP_ADD, Kinds.VIP_DEL -> new AddressChange(v, kind.equals(Kinds.VIP_ADD));
                case Kinds.ADVERT -> {
                    String[] f = v.split(" ");
                    if (f.length != 4 || !f[0].equals("vrid") || !f[2].equals("prio")) {
                        yield null;
                    }
                    yield new Advert(Integer.parseInt(f[1]), Integer.parseInt(f[3]));
                }
                case Kinds.GARP_SEEN -> new GarpSeen(v);
                case Kinds.NEIGH -> {
                    String[] f = v.split(" ", 3);
                    yield f.length == 3 ? new Neighbour(f[0], f[1], f[2]) : null;
                }
                case Kinds.FAULT, Kinds.HEAL -> new Nemesis(kind.equals(Kinds.HEAL), v);
                case Kinds.RELOAD -> {
                    int colon = v.indexOf(": ");
                    String r = colon < 0 ? v : v.substring(0, colon);
                    yield new Reload(Reload.Result.valueOf(r.toUpperCase(Locale.ROOT)), colon < 0 ? "" : v.substring(colon + 2));
                }
                case Kinds.LOST -> new Lost(v);
                case Kinds.MARK -> mark(v);
                case Kinds.PHASE -> new Phase(v);
                case Kinds.CONFIG_TEST -> {
                    int sp = v.indexOf(' ', 5);
                    if (!v.startsWith("exit ") || sp < 0) {
                        yield null;
                    }
                    yield ConfigChecked.of(Integer.parseInt(v.substring(5, sp)), addresses(v.substring(sp + 1)));
                }
                default -> null;
            };
            return o != null && o.value().equals(v) ? o : new Unknown(kind, v);
        } catch (RuntimeException e) {
            return new Unknown(kind, v);
        }
    }

    private static Observation state(String v) {
        int sp = v.indexOf(' ');
        int arrow = v.indexOf("->", sp);
        int colon = v.indexOf(": ", arrow);
        String instance = v.substring(0, sp);
        String from = v.substring(sp + 1, arrow);
        String to = colon < 0 ? v.substring(arrow + 2) : v.substring(arrow + 2, colon);
        String reason = colon < 0 ? "" : v.substring(colon + 2);
        if (instance.equals(NodeCondition.ALL)) {
            return new NodeCondition(NodeCondition.Condition.valueOf(to), reason);
        }
        return new StateChange(instance, VrrpState.valueOf(from), VrrpState.valueOf(to), reason);
    }

    private static Mark mark(String v) {
        Mark.Name best = null;
        for (Mark.Name n : Mark.Name.values()) {
            boolean fits = v.equals(n.text()) || v.startsWith(n.text() + " ");
            if (fits && (best == null || n.text().length() > best.text().length())) {
                best = n;
            }
        }
        if (best == null) {
            return null;
        }
        return new Mark(best, v.length() > best.text().length() ? v.substring(best.text().length() + 1) : "");
    }

    /** {@code ["a","b"]}: a JSON array of strings (as daemons write the addresses they announced), escapes read. */
    private static List<String> addresses(String json) {
        String t = json.strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException(json);
        }
        List<String> out = new ArrayList<>();
        int i = 1;
        int end = t.length() - 1;
        while (i < end) {
            if (t.charAt(i) != '"') {
                throw new IllegalArgumentException(json);
            }
            StringBuilder b = new StringBuilder();
            i++;
            while (t.charAt(i) != '"') {
                if (t.charAt(i) == '\\') {
                    i++;
                }
                b.append(t.charAt(i++));
            }
            out.add(b.toString());
            i++;
            if (i < end && t.charAt(i++) != ',') {
                throw new IllegalArgumentException(json);
            }
        }
        return out;
    }
}
