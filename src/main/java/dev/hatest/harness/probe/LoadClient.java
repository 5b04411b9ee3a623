package dev.hatest.harness.probe;

import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation.LoadRequest.Outcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The client's load through the VIP, as the pair's users would send it: requests at a fixed arrival rate (an
 * open model: a slow or dead server can't slow the arrivals down, and each request's time counts from when it
 * was due, not from when a worker got to it), over keep-alive HTTP/1.1 connections that each worker keeps
 * open for as long as the server does, plus a few long downloads that are in flight most of the time. It runs in
 * the client container beside the {@link HttpProbe}, and prints one line per request to stdout:
 *
 * <pre>
 * LOAD &lt;vip&gt; &lt;dueMicros&gt; &lt;sentMicros&gt; &lt;endMicros&gt; &lt;outcome&gt; &lt;node|-&gt; &lt;connection&gt; new|reused &lt;path&gt;
 * </pre>
 *
 * The outcome ({@link dev.hatest.harness.history.Observation.LoadRequest.Outcome}) says how a request ended as its user would see it. A request whose user has
 * waited {@code timeout} since it was due is given up, whether it was on the wire or still waiting for a free
 * connection, as a browser or an HTTP client library with that timeout would.
 *
 * <p>It starts once GO_FILE exists (the harness creates it when the cluster has converged) and the VIP has answered
 * a request, so its records, and its connections, are of the run's faults, not of the start (where a node may be
 * master for a moment before the elected one preempts it).
 *
 * <p>Usage: {@code java -cp hatest.jar dev.hatest.harness.probe.LoadClient VIP RATE [PORT] [TIMEOUT_MS]
 * [DOWNLOADS] [GO_FILE]}: RATE requests per second for {@code /}, and DOWNLOADS (default 0) workers that fetch
 * {@code /download} one after another, each on its own connection.
 */
public final class LoadClient {

    /** The most workers (connections) for the short requests: a timeout's worth of requests at the rate ({@code Load} refuses more). */
    public static final int MAX_WORKERS = 600;

    private LoadClient() {
    }

    public static void main(String[] args) {
        String vip = args[0];
        double rate = Double.parseDouble(args[1]);
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 80;
        int timeout = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int downloads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length > 5) {
            awaitFile(java.nio.file.Path.of(args[5]));
        }
        new LoadClient.Run(vip, port, rate, timeout, out).start(downloads);
    }

    /** Waits for {@code go} to exist: the harness creates it once the cluster has converged. */
    static void awaitFile(java.nio.file.Path go) {
        while (!java.nio.file.Files.exists(go)) {
            LockSupport.parkNanos(50_000_000L);
        }
    }

    /**
     * How many workers a rate needs: every request of one timeout's worth in flight at once (each ends by its deadline,
     * so no more can be), a tenth more and 4 for the scheduler's jitter.
     */
    static int workersFor(double rate, int timeoutMillis) {
        return (int) Math.min(MAX_WORKERS, Math.ceil(rate * timeoutMillis * 11 / 10_000.0) + 4);
    }

    /** One load: its arrivals, its workers and where its lines go. */
    static final class Run {
        private final String host;
        private final int port;
        private final double rate;
        private final int timeout;
        private final PrintStream out;
        private final BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        private final AtomicInteger connections = new AtomicInteger();

        Run(String host, int port, double rate, int timeout, PrintStream out) {
            this.host = host;
            this.port = port;
            this.rate = rate;
            this.timeout = timeout;
            this.out = out;
        }

        void start(int downloads) {
            awaitFirstAnswer();
            startWorkers(downloads);
            arrivals();
        }

        void startWorkers(int downloads) {
            for (int i = 0; i < workersFor(rate, timeout); i++) {
                daemon("load-" + i, this::work);
            }
            for (int i = 0; i < downloads; i++) {
                daemon("download-" + i, this::download);
            }
        }

        /**
         * Waits until the VIP answers a request once: before the cluster's first master serves it, every request
         * would fail, and the load is about the takeovers after that, not the start.
         */
        private void awaitFirstAnswer() {
            while (true) {
                Connection c = new Connection(0);
                Result r = c.exchange(host, port, "/", History.nowMicros() + timeout * 1000L, timeout);
                c.close();
                if (r.outcome() == Outcome.OK) {
                    return;
                }
                LockSupport.parkNanos(100_000_000L);
            }
        }

        private static void daemon(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }

        /** Puts each request's due time on the queue at its time, whatever the workers are doing. */
        void arrivals() {
            long period = Math.max(1, Math.round(1_000_000 / rate));
            long next = History.nowMicros();
            while (true) {
                due.add(next);
                next += period;
                long wait;
                // parkNanos may return early: a request is never queued before it is due
                while ((wait = next - History.nowMicros()) > 0) {
                    LockSupport.parkNanos(wait * 1000);
                }
            }
        }

        private void work() {
            Connection c = null;
            while (true) {
                long at;
                try {
                    at = due.take();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = at + timeout * 1000L;
                if (History.nowMicros() >= deadline) {
                    // its user gave up before any connection was free for it (rare: there are workers for a timeout's worth
                    // of requests and some to spare); its end is now, so the lines stay in the order of their ends
                    print(at, History.nowMicros(), Outcome.TIMEOUT, "-", 0, false, "/", 0);
                    continue;
                }
                if (c != null && c.closed) {
                    c = null;
                }
                boolean reused = c != null;
                if (c == null) {
                    c = new Connection(connections.incrementAndGet());
                }
                try {
                    c = request(c, at, deadline, reused, "/");
                } catch (RuntimeException e) {
                    // a response this client can't read (a bad status line or length): the request failed, the worker goes on
                    print(at, at, Outcome.STATUS, "-", c.id, reused, "/", 0);
                    c.close();
                    c = null;
                }
            }
        }

        /** Fetches /download one after another on a connection of its own, each with no deadline but the stall timeout. */
        private void download() {
            Connection c = null;
            while (true) {
                long at = History.nowMicros();
                boolean reused = c != null && !c.closed;
                if (!reused) {
                    c = new Connection(connections.incrementAndGet());
                }
                Outcome o;
                try {
                    o = exchange(c, at, Long.MAX_VALUE, reused, "/download");
                } catch (RuntimeException e) {
                    o = Outcome.STATUS;
                    c.close();
                }
                if (c.notFound) {
                    // the server has no /download (the operator's own nginx.conf): short requests only
                    return;
                }
                if (o != Outcome.OK) {
                    c = null;
                    // a failed download is tried again after a pause, not in a tight loop while the VIP is away
                    LockSupport.parkNanos(100_000_000L);
                }
            }
        }

        /** Sends one request on {@code c}; returns the connection to use next (null: open a new one). */
        private Connection request(Connection c, long at, long deadline, boolean reused, String path) {
            return exchange(c, at, deadline, reused, path) == Outcome.OK && !c.closed ? c : null;
        }

        /** Sends one request on {@code c} and prints its line; closes {@code c} unless it may carry the next. */
        private Outcome exchange(Connection c, long at, long deadline, boolean reused, String path) {
            long sent = History.nowMicros();
            Result r = c.exchange(host, port, path, deadline, timeout);
            print(at, sent, r.outcome(), r.node(), c.id, reused, path, 0);
            if (r.outcome() != Outcome.OK || r.close()) {
                c.close();
            }
            return r.outcome();
        }

        /**
         * Prints a request's line, its end taken under the lock ({@code end} 0: now) so the lines leave in the order of
         * their ends: once a line ended after a moment has been read, every line that ended before it has been too.
         */
        private void print(long at, long sent, Outcome o, String node, int conn, boolean reused, String path, long end) {
            synchronized (out) {
                long e = end == 0 ? History.nowMicros() : end;
                out.println("LOAD " + host + " " + at + " " + sent + " " + e + " " + o.text() + " " + node + " " + conn + " "
                        + (reused ? "reused" : "new") + " " + path);
                out.flush();
            }
        }
    }

    /** A request's end: its outcome, the node that served it ("-" when none did), and whether the server closes the connection. */
    record Result(Outcome outcome, String node, boolean close) {
    }

    /** One keep-alive connection to the VIP, opened on its first request. */
    static final class Connection {
        final int id;
        /** The server answered 404: it has no such path (a download worker stops). */
        boolean notFound;
        private Socket socket;
        private InputStream in;
        private OutputStream os;
        boolean closed;

        Connection(int id) {
            this.id = id;
        }

        /**
         * One request and its response on this connection (connecting it first when it is new), given up at
         * {@code deadline} (µs) or when the response stalls for {@code stallMillis}.
         */
        Result exchange(String host, int port, String path, long deadline, int stallMillis) {
            boolean begun = false;
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), remaining(deadline, stallMillis));
                    in = socket.getInputStream();
                    os = socket.getOutputStream();
                }
                String hostHeader = host.contains(":") ? "[" + host + "]" : host;
                os.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: hatest-load\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                os.flush();
                socket.setSoTimeout(remaining(deadline, stallMillis));
                int first = in.read();
                if (first < 0) {
                    return new Result(Outcome.RESET, "-", true);
                }
                begun = true;
                Head head = Head.read(first, in, () -> socket.setSoTimeout(remaining(deadline, stallMillis)));
                long length = head.contentLength();
                byte[] buf = new byte[16384];
                long left = length;
                while (left > 0) {
                    socket.setSoTimeout(remaining(deadline, stallMillis));
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        return new Result(Outcome.CUT, head.servedBy(), true);
                    }
                    left -= n;
                }
                if (head.status() < 200 || head.status() > 299) {
                    notFound = head.status() == 404;
                    return new Result(Outcome.STATUS, head.servedBy(), true);
                }
                String node = head.servedBy();
                if (node.equals("-")) {
                    node = host.contains(":") ? HttpProbe.Neighbours.entry(host) : HttpProbe.arpEntry(host);
                }
                return new Result(Outcome.OK, node, head.close());
            } catch (SocketTimeoutException e) {
                // past its user's deadline it timed out, begun or not (a slow answer is not a cut one); a download,
                // which has none, stalled mid-way
                // (the read's timeout is the time left to the deadline, rounded down to the ms: it may fire just before it)
                boolean stalled = begun && (deadline == Long.MAX_VALUE || History.nowMicros() + stallMillis * 1000L < deadline);
                return new Result(stalled ? Outcome.CUT : Outcome.TIMEOUT, "-", true);
            } catch (java.net.ConnectException e) {
                // "Connection refused"; a connect that times out is a SocketTimeoutException above
                return new Result(e.getMessage() != null && e.getMessage().contains("refused") ? Outcome.REFUSED : Outcome.UNREACHABLE,
                        "-", true);
            } catch (java.net.NoRouteToHostException e) {
                return new Result(Outcome.UNREACHABLE, "-", true);
            } catch (IOException e) {
                if (socket != null && socket.isConnected()) {
                    return new Result(begun ? Outcome.CUT : Outcome.RESET, "-", true);
                }
                return new Result(Outcome.UNREACHABLE, "-", true);
            }
        }

        /** The milliseconds left until {@code deadline} (µs), at most {@code stallMillis}, at least 1. */
        private static int remaining(long deadline, int stallMillis) {
            long left = deadline == Long.MAX_VALUE ? stallMillis : (deadline - History.nowMicros()) / 1000;
            return (int) Math.max(1, Math.min(stallMillis, left));
        }

        void close() {
            closed = true;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }

    /** A response's head: its status, its length, who served it and whether the server closes the connection after it. */
    record Head(int status, long contentLength, String servedBy, boolean close) {

        interface Refresh {
            void run() throws IOException;
        }

        /** Reads the head whose first byte is {@code first}; a head with no Content-Length is refused as cut. */
        static Head read(int first, InputStream in, Refresh refresh) throws IOException {
            StringBuilder b = new StringBuilder();
            b.append((char) first);
            int c;
            while (!b.toString().endsWith("\r\n\r\n")) {
                if (b.length() > 16384) {
                    throw new IOException("a response head over 16 KB");
                }
                refresh.run();
                c = in.read();
                if (c < 0) {
                    throw new java.io.EOFException("the response head was cut");
                }
                b.append((char) c);
            }
            String[] lines = b.toString().split("\r\n");
            String[] status = lines[0].split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + lines[0]);
            }
            long length = -1;
            String node = "-";
            boolean close = status[0].equals("HTTP/1.0");
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "x-served-by" -> node = value;
                    case "connection" -> close = value.equalsIgnoreCase("close") || (close && !value.equalsIgnoreCase("keep-alive"));
                    default -> {
                    }
                }
            }
            if (length < 0) {
                // nginx gives every response of ours a length; without one, the end of the body is unknowable on keep-alive
                throw new IOException("a response without Content-Length");
            }
            return new Head(Integer.parseInt(status[1]), length, node, close);
        }
    }
}
