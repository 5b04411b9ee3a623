package dev.hatest.harness.probe;

import dev.hatest.harness.history.History;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * The client-side HTTP probe. It runs inside the client container (the host cannot reach its own macvlan
 * children), opens a new connection to each VIP for every request, as a fresh client would, and prints one
 * line per request to stdout:
 *
 * <pre>
 * PROBE &lt;vip&gt; &lt;startMicros&gt; &lt;endMicros&gt; ok &lt;servingNode&gt;
 * PROBE &lt;vip&gt; &lt;startMicros&gt; &lt;endMicros&gt; fail &lt;reason&gt;
 * </pre>
 *
 * The serving node is the one the node's nginx names in its {@code X-Served-By} header. A node running the
 * operator's own nginx.conf doesn't name itself: then it is {@code mac:ADDRESS}, the MAC the client's ARP
 * table (for an IPv6 VIP, its neighbour table) holds for the VIP, which is where the request went (the observer
 * maps it to the node).
 *
 * Usage: {@code java -cp hatest.jar dev.hatest.harness.probe.HttpProbe VIP[,VIP...] [PORT] [INTERVAL_MS]
 * [TIMEOUT_MS]}. Each VIP has its own thread. Requests start every INTERVAL_MS (default 20) unless one is
 * still running. TIMEOUT_MS (default 250) bounds the connect and each read separately, so a request that
 * connects late and then stalls can take up to twice that before it fails.
 */
public final class HttpProbe {

    private HttpProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        long intervalMicros = (args.length > 2 ? Long.parseLong(args[2]) : 20) * 1000;
        int timeout = args.length > 3 ? Integer.parseInt(args[3]) : 250;
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        if (args[0].contains(":")) {
            Neighbours.start();  // before the first request, whose timing it would otherwise add to
        }
        for (String host : args[0].split(",")) {
            Thread t = new Thread(() -> probe(host, port, intervalMicros, timeout, out), "probe-" + host);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void probe(String host, int port, long intervalMicros, int timeout, PrintStream out) {
        long next = History.nowMicros();
        while (true) {
            long start = History.nowMicros();
            String result = once(host, port, timeout);
            String line = "PROBE " + host + " " + start + " " + History.nowMicros() + " " + result;
            synchronized (out) {
                out.println(line);
                out.flush();
            }
            next = Math.max(next + intervalMicros, History.nowMicros());
            LockSupport.parkNanos((next - History.nowMicros()) * 1000);
        }
    }

    static String once(String host, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            OutputStream os = s.getOutputStream();
            String hostHeader = host.contains(":") ? "[" + host + "]" : host;  // RFC 7230 5.4: an IPv6 literal in brackets
            os.write(("GET / HTTP/1.0\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            os.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                return "fail status:" + head.lines().findFirst().orElse("").replace(' ', '_');
            }
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "X-Served-By:", 0, 12)) {
                    return "ok " + line.substring(12).trim();
                }
            }
            return "ok " + (host.contains(":") ? Neighbours.entry(host) : arpEntry(host));
        } catch (java.net.SocketTimeoutException e) {
            return "fail timeout";
        } catch (java.net.ConnectException e) {
            return "fail refused";
        } catch (IOException e) {
            return "fail " + e.getClass().getSimpleName();
        }
    }

    /** {@code mac:ADDRESS} of the client's ARP entry for IPv4 address {@code host}, or {@code unknown}. */
    static String arpEntry(String host) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/arp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].equals(host) && f[3].matches("[0-9a-f:]{17}")) {
                    return "mac:" + f[3];
                }
            }
        } catch (IOException e) {
            // below
        }
        return "unknown";
    }

    /**
     * The client's IPv6 neighbour entries. The kernel has no /proc table of them, so they are followed: one
     * {@code ip -6 monitor neigh} for the probe's life (an NA that moves an entry is printed as it lands), its
     * start seeded with {@code ip -6 neigh show}. Started with a probe that has an IPv6 VIP, before its first
     * request; read only for a response that doesn't name its node (the operator's own nginx).
     */
    static final class Neighbours {

        private static final java.util.Map<String, String> MACS = new java.util.concurrent.ConcurrentHashMap<>();
        private static boolean started;
        private static volatile boolean dead;

        private Neighbours() {
        }

        /** {@code mac:ADDRESS} of the entry for {@code host} (as ip prints it), or {@code unknown}. */
        static String entry(String host) {
            start();
            return dead ? "unknown" : MACS.getOrDefault(host, "unknown");
        }

        static synchronized void start() {
            if (started) {
                return;
            }
            started = true;
            try {
                Process monitor = new ProcessBuilder("ip", "-6", "monitor", "neigh").redirectErrorStream(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(monitor::destroy));
                Thread t = new Thread(() -> follow(monitor.getInputStream()), "neigh-monitor");
                t.setDaemon(true);
                t.start();
                Process show = new ProcessBuilder("ip", "-6", "neigh", "show").redirectErrorStream(true).start();
                try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(show.getInputStream(),
                        StandardCharsets.US_ASCII))) {
                    r.lines().forEach(l -> apply(l, true));
                }
            } catch (IOException e) {
                // no ip: every entry stays unknown
            }
        }

        private static void follow(InputStream in) {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.US_ASCII))) {
                r.lines().forEach(l -> apply(l, false));
            } catch (IOException e) {
                // below
            }
            // the monitor is gone: what it said last can't be trusted any longer
            dead = true;
            MACS.clear();
        }

        /**
         * One line of {@code ip -6 neigh}: {@code ADDR dev IF lladdr MAC STATE}, {@code Deleted ...}, or an
         * entry without a link-layer address (INCOMPLETE, FAILED). A seeding line never overwrites what the
         * monitor has already said.
         */
        static void apply(String line, boolean seed) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) {
                return;
            }
            boolean deleted = f[0].equals("Deleted");
            int at = deleted ? 1 : 0;
            if (f.length <= at || !f[at].contains(":")) {
                return;
            }
            String mac = null;
            for (int i = at + 1; i + 1 < f.length; i++) {
                if (f[i].equals("lladdr") && f[i + 1].matches("[0-9a-f:]{17}")) {
                    mac = f[i + 1];
                }
            }
            if (deleted || mac == null) {
                if (!seed) {
                    MACS.remove(f[at]);
                }
            } else if (seed) {
                MACS.putIfAbsent(f[at], "mac:" + mac);
            } else {
                MACS.put(f[at], "mac:" + mac);
            }
        }

        static java.util.Map<String, String> macs() {
            return MACS;
        }

        static void clear() {
            MACS.clear();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && b.length() < 8192) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }
}
