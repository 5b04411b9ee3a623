package dev.hatest.harness.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards TCP ports to the VIPs, in a container of its own that sits on a bridge network (whose ports the
 * host reaches) and on the test network (where the VIPs are): the host's tests can't reach macvlan children.
 * It opens one connection to the VIP per connection it accepts and copies bytes both ways, so an HTTP client
 * on the host sees what a client on the test network sees; it is not the probe, and the probe's client
 * never goes through it.
 *
 * <p>Usage: {@code TcpForwarder LISTEN_PORT=HOST:PORT...}; prints {@code forwarding ...} once it listens.
 */
public final class TcpForwarder {

    /** How long to wait for the VIP to accept a connection: a takeover in progress fails the request, as it would the client's. */
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private TcpForwarder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: TcpForwarder LISTEN_PORT=HOST:PORT...");
            System.exit(2);
        }
        List<ServerSocket> servers = new ArrayList<>();
        for (String a : args) {
            String[] lr = a.split("=", 2);
            int colon = lr[1].lastIndexOf(':');  // HOST may be an IPv6 literal: the port is after the last ':'
            String[] hp = {lr[1].substring(0, colon), lr[1].substring(colon + 1)};
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(Integer.parseInt(lr[0])));
            servers.add(s);
            InetSocketAddress to = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
            Thread t = new Thread(() -> accept(s, to), "accept-" + lr[0]);
            t.start();
        }
        System.out.println("forwarding " + String.join(" ", args));
        System.out.flush();
    }

    private static void accept(ServerSocket server, InetSocketAddress to) {
        while (true) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return;
            }
            daemon(() -> relay(in, to));
        }
    }

    private static void relay(Socket in, InetSocketAddress to) {
        try (in; Socket out = new Socket()) {
            out.connect(to, CONNECT_TIMEOUT_MS);
            Thread back = daemon(() -> copy(out, in));
            copy(in, out);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the VIP refused or was unreachable: closing the accepted socket tells the host's client
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Copies until EOF, then half-closes the other side so the peer sees the end too. */
    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream i = from.getInputStream();
            OutputStream o = to.getOutputStream();
            for (int n; (n = i.read(buf)) >= 0; ) {
                o.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
