package dev.hatest.harness.bench;

import dev.hatest.harness.cluster.Cluster;
import dev.hatest.harness.cluster.Node;
import dev.hatest.harness.cluster.ProbeJar;
import dev.hatest.harness.cluster.SeedVariants;
import dev.hatest.harness.cluster.Topology;
import dev.hatest.harness.history.History;
import dev.hatest.harness.scenario.ChaosRun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The VRRP daemon's footprint, vrrpd and keepalived side by side in one run: resident memory and CPU of the
 * master and of the backup, at the seed's advert_int 1 s (idle) and with VRRPv3 at 0.05 s. A benchmark: it
 * prints figures and judges nothing.
 *
 * <pre>
 * TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost \
 *   java -cp target/hatest.jar dev.hatest.harness.bench.FootprintBench [SECONDS]
 * </pre>
 */
public final class FootprintBench {

    /** One daemon's figures over a window. */
    record Sample(String daemon, String profile, String role, long rssKib, double cpuPercent) {
    }

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        List<Sample> samples = new ArrayList<>();
        for (String profile : List.of("v2 advert_int 1", "v3 advert_int 0.05")) {
            for (String daemon : List.of("vrrpd", "keepalived")) {
                Topology t = profile.startsWith("v2") ? SeedVariants.weight() : SeedVariants.v3("0.05");
                if (daemon.equals("keepalived")) {
                    for (String n : List.of("lb01", "lb02")) {
                        t = t.with(t.node(n).withKeepalived());
                    }
                }
                samples.addAll(measure(t, daemon, profile, seconds));
            }
        }
        System.out.printf(Locale.ROOT, "%-11s %-19s %-7s %10s %8s%n", "daemon", "profile", "role", "RSS MiB", "CPU %");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%-11s %-19s %-7s %10.1f %8.2f%n", s.daemon(), s.profile(), s.role(),
                    s.rssKib() / 1024.0, s.cpuPercent());
        }
        System.out.printf("(%d s windows; RSS and CPU summed over the daemon's processes: keepalived runs two)%n", seconds);
    }

    private static List<Sample> measure(Topology t, String daemon, String profile, int seconds) throws Exception {
        System.err.println("measuring " + daemon + ", " + profile + " ...");
        try (Cluster cluster = new Cluster(t, new History())) {
            cluster.start(ProbeJar.locate());
            if (!cluster.history().await(ChaosRun.servedSteadilyBy(cluster.topology().vip(), "lb01"), Duration.ofSeconds(60))) {
                throw new IllegalStateException(daemon + " did not converge on lb01");
            }
            String pattern = daemon.equals("vrrpd") ? "vrrpd\\.jar" : "^keepalived";
            long[] before = {ticks(cluster.node("lb01"), pattern), ticks(cluster.node("lb02"), pattern)};
            long start = System.nanoTime();
            // The window is the measurement: nothing to wait for but the clock.
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<Sample> out = new ArrayList<>();
            String[] roles = {"master", "backup"};
            for (int i = 0; i < 2; i++) {
                Node n = cluster.node(i == 0 ? "lb01" : "lb02");
                long ticks = ticks(n, pattern) - before[i];
                // Ticks are hundredths of a second, so ticks per second of wall time is a percentage of a core.
                out.add(new Sample(daemon, profile, roles[i], rss(n, pattern), ticks / elapsed));
            }
            return out;
        }
    }

    /** utime + stime, in clock ticks (100 per second), over the daemon's processes. */
    private static long ticks(Node n, String pattern) {
        String out = n.sh("for p in $(pgrep -f '" + pattern + "'); do cut -d' ' -f14,15 /proc/$p/stat; done").getStdout();
        return out.lines().filter(l -> !l.isBlank()).mapToLong(l -> {
            String[] f = l.trim().split(" ");
            return Long.parseLong(f[0]) + Long.parseLong(f[1]);
        }).sum();
    }

    /** Resident memory in KiB over the daemon's processes. */
    private static long rss(Node n, String pattern) {
        String out = n.sh("for p in $(pgrep -f '" + pattern + "'); do awk '/^VmRSS/ {print $2}' /proc/$p/status; done").getStdout();
        return out.lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.trim())).sum();
    }
}
