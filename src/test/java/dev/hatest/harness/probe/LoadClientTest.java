package dev.hatest.harness.probe;

import dev.hatest.harness.history.History;
import dev.hatest.harness.history.Observation.LoadRequest.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load's client against a server on the loopback that answers as each case needs: every outcome a user can
 * meet (served, refused, reset before the answer, cut mid-way, stalled, timed out) is told apart, and a keep-alive
 * connection carries request after request until the server closes it.
 */
class LoadClientTest {

    private static final String OK_HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-Served-By: lb01\r\n\r\n";

    private final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    /** What the server does with each request it reads: answers, closes, cuts or stalls. */
    interface Behaviour {
        /** Returns false to close the connection. */
        boolean answer(int request, OutputStream out) throws IOException;
    }

    private int serve(Behaviour b) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        AtomicInteger requests = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                Socket accepted;
                try {
                    accepted = server.accept();
                } catch (IOException e) {
                    return;  // the test closed the server
                }
                // each connection on its own thread, as a server's workers would
                Thread c = new Thread(() -> {
                    try (Socket s = accepted) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        while (readRequest(in)) {
                            if (!b.answer(requests.incrementAndGet(), out)) {
                                break;
                            }
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the client went away
                    }
                });
                c.setDaemon(true);
                c.start();
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    /** A server that answers every request with {@code response}, then keeps the connection open or closes it. */
    private int answering(String response, boolean keepOpen) throws IOException {
        return serve((n, out) -> {
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            return keepOpen;
        });
    }

    /** Holds the server's connection thread for 3 s: an answer that never comes, or never ends. */
    private static void stall() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.toString().endsWith("\r\n\r\n")) {
                return true;
            }
        }
        return false;
    }

    private static LoadClient.Result once(LoadClient.Connection c, int port, int timeoutMs) {
        return c.exchange("127.0.0.1", port, "/", History.nowMicros() + timeoutMs * 1000L, timeoutMs);
    }

    @Test
    void aKeepAliveConnectionCarriesRequestAfterRequestAndNamesItsNode() throws IOException {
        int port = answering(OK_HEAD + "node=lb01", true);
        LoadClient.Connection c = new LoadClient.Connection(1);
        for (int i = 0; i < 3; i++) {
            LoadClient.Result r = once(c, port, 1000);
            assertThat(r.outcome()).isEqualTo(Outcome.OK);
            assertThat(r.node()).isEqualTo("lb01");
            assertThat(r.close()).isFalse();
        }
        c.close();
    }

    @Test
    void aServerThatClosesAfterItsAnswerIsFollowedButTheAnswerCounts() throws IOException {
        int port = answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\nX-Served-By: lb02\r\n\r\nok", false);
        LoadClient.Result r = once(new LoadClient.Connection(1), port, 1000);
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.close()).as("the server said Connection: close").isTrue();
    }

    @Test
    void nothingListeningIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(once(new LoadClient.Connection(1), port, 1000).outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void aConnectionClosedBeforeAnyByteOfTheAnswerIsAReset() throws IOException {
        // the second request on the connection finds it closed, as one open to a node whose nginx died does
        int port = answering(OK_HEAD + "node=lb01", false);
        LoadClient.Connection c = new LoadClient.Connection(1);
        assertThat(once(c, port, 1000).outcome()).isEqualTo(Outcome.OK);
        assertThat(once(c, port, 1000).outcome()).isEqualTo(Outcome.RESET);
    }

    @Test
    void anAnswerThatEndsBeforeItsLengthIsCut() throws IOException {
        int port = answering("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nX-Served-By: lb01\r\n\r\nonly part", false);
        LoadClient.Result r = once(new LoadClient.Connection(1), port, 1000);
        assertThat(r.outcome()).isEqualTo(Outcome.CUT);
        assertThat(r.node()).isEqualTo("lb01");
    }

    @Test
    void aStalledDownloadIsCutAndAShortRequestPastItsDeadlineTimesOut() throws IOException, InterruptedException {
        int stalls = serve((n, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npart".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            stall();
            return false;
        });
        // a download (no deadline) whose answer stalls mid-way is cut; a short request's user gives up at its deadline,
        // and a slow answer is a timeout, not a cut one
        assertThat(new LoadClient.Connection(1).exchange("127.0.0.1", stalls, "/download", Long.MAX_VALUE, 200).outcome()).isEqualTo(Outcome.CUT);
        assertThat(once(new LoadClient.Connection(2), stalls, 200).outcome()).isEqualTo(Outcome.TIMEOUT);
        int silent = serve((n, out) -> {
            stall();
            return false;
        });
        long start = System.nanoTime();
        assertThat(once(new LoadClient.Connection(1), silent, 200).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat((System.nanoTime() - start) / 1e6).as("given up at the timeout, not at the server's pace").isLessThan(2500);
    }

    @Test
    void aNon2xxAnswerIsAStatusFailure() throws IOException {
        int port = answering("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad", true);
        assertThat(once(new LoadClient.Connection(1), port, 1000).outcome()).isEqualTo(Outcome.STATUS);
    }

    @Test
    void theArrivalsKeepTheirRateWhateverTheServerDoes() throws Exception {
        // An open model: a server that never answers does not slow the arrivals down; each request is given up
        // at its timeout from when it was due, and the lines say so.
        int silent = serve((n, out) -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LoadClient.Run run = new LoadClient.Run("127.0.0.1", silent, 50, 100, out);
        Thread t = new Thread(run::arrivals, "arrivals");
        t.setDaemon(true);
        run.startWorkers(0);
        long start = System.nanoTime();
        t.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> bytes.toString(StandardCharsets.UTF_8).lines().count() >= 20);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("LOAD 127\\.0\\.0\\.1 \\d+ \\d+ \\d+ timeout - \\d+ (new|reused) /"));
        // 20 requests at 50/s are due within 0.4 s and each is given up 0.1 s after it was due
        assertThat(seconds).as("20 lines at 50 requests/s, each timed out at 100 ms").isLessThan(3.0);
        for (String l : lines) {
            String[] f = l.split(" ");
            long due = Long.parseLong(f[2]);
            long end = Long.parseLong(f[4]);
            assertThat((end - due) / 1000.0).as("given up at its timeout from when it was due: " + l).isBetween(90.0, 400.0);
        }
    }

    @Test
    void workersCoverATimeoutsWorthOfRequests() {
        assertThat(LoadClient.workersFor(200, 1000)).isEqualTo(224);
        assertThat(LoadClient.workersFor(1, 1000)).isEqualTo(6);
        assertThat(LoadClient.workersFor(1000, 500)).as("the most Load allows").isEqualTo(554).isLessThanOrEqualTo(LoadClient.MAX_WORKERS);
    }
}
