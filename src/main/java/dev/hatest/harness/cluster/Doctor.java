package dev.hatest.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import dev.hatest.harness.history.History;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Preflight for {@code hatest doctor}: each thing a run needs, checked for real, with a one-line diagnosis
 * when it is missing. Later checks that depend on an earlier one are skipped (and say so) when it failed.
 */
public final class Doctor {

    /** One check: passed, failed (with what to do), or informational. */
    public record Check(String name, Status status, String detail) {
    }

    public enum Status { OK, FAIL, INFO, SKIPPED }

    private Doctor() {
    }

    public static List<Check> run(String subnet, Consumer<Check> progress) {
        List<Check> out = new ArrayList<>();
        Consumer<Check> add = c -> {
            out.add(c);
            progress.accept(c);
        };
        DockerClient docker;
        try {
            docker = Docker.client();
            var v = docker.versionCmd().exec();
            add.accept(new Check("engine", Status.OK, "Docker " + v.getVersion() + " (API " + v.getApiVersion() + ")"));
        } catch (RuntimeException e) {
            add.accept(new Check("engine", Status.FAIL, e.getMessage() == null ? e.toString() : e.getMessage()));
            for (String n : List.of("macvlan driver", "images", "host links", "multicast on the test network")) {
                add.accept(new Check(n, Status.SKIPPED, "needs the engine"));
            }
            return out;
        }
        Info info = docker.infoCmd().exec();
        Map<String, List<String>> plugins = info.getPlugins();
        List<String> networks = plugins == null ? List.of() : plugins.getOrDefault("Network", List.of());
        boolean macvlan = networks.contains("macvlan");
        add.accept(new Check("macvlan driver", macvlan ? Status.OK : Status.FAIL, macvlan ? "network drivers " + networks
                : "the engine has no macvlan network driver (it has " + networks + "): use a Linux engine with macvlan"));
        boolean images = true;
        for (String image : List.of(Images.BASE, Images.NODE)) {
            try {
                docker.inspectImageCmd(image).exec();
                add.accept(new Check("image " + image, Status.OK, "present"));
            } catch (NotFoundException e) {
                images = false;
                add.accept(new Check("image " + image, Status.FAIL, "missing: run docker/prepare.sh target/vrrpd.jar "
                        + "(./hatest does it; buildable offline from Debian's packages with debootstrap)"));
            }
        }
        if (!images) {
            add.accept(new Check("host links", Status.SKIPPED, "needs " + Images.BASE));
            add.accept(new Check("multicast on the test network", Status.SKIPPED, "needs the images"));
            return out;
        }
        for (String line : hostProbe().lines().toList()) {
            String[] p = line.split(" ", 3);
            if (p.length < 2) {
                continue;
            }
            String detail = p.length > 2 ? p[2] : "";
            boolean ok = p[1].equals("ok");
            String name = p[0];
            if (name.equals("link-dummy")) {
                // The harness never needs dummy links; Docker would, for a macvlan network without a parent.
                add.accept(new Check("link type dummy", Status.INFO, ok ? "available" : "not available: fine, hatest parents "
                        + "its macvlan networks on a bridge of its own"));
            } else if (name.startsWith("link-")) {
                add.accept(new Check("link type " + name.substring(5), ok ? Status.OK : Status.FAIL, ok ? "available (NET_ADMIN works)"
                        : "the kernel can't make a " + name.substring(5) + " link: " + detail));
            } else if (name.equals("statistic")) {
                add.accept(new Check("iptables statistic", ok ? Status.OK : Status.FAIL, ok ? "available (for --loss)"
                        : "no iptables statistic match (needed by --loss): " + detail));
            } else {
                add.accept(new Check(name, ok ? Status.INFO : Status.FAIL, detail));
            }
        }
        if (macvlan) {
            add.accept(multicast(subnet));
        }
        return out;
    }

    /** Whether a VRRP-group multicast sent by one container on a test network reaches another. */
    static Check multicast(String subnet) {
        String runId = "doc" + UUID.randomUUID().toString().substring(0, 5);
        String prefix = SeedTopology.prefixOf(subnet);
        History history = new History();
        Stale.removeStale();
        try (MacvlanNetwork network = new MacvlanNetwork(runId, subnet).create()) {
            Node a = new Node(runId, "doctor-a", prefix + "241", network, history).withEnv(Map.of("HATEST_NO_DAEMON", "1"));
            Node b = new Node(runId, "doctor-b", prefix + "242", network, history).withEnv(Map.of("HATEST_NO_DAEMON", "1"));
            try {
                a.start();
                b.start();
                a.execInContainer("sh", "-c", "timeout 10 tcpdump -c 1 -n -i eth0 dst 224.0.0.18 > /tmp/cap 2>/dev/null &");
                // Ping the VRRP group until the capture on the other node has seen it (at most 8 s).
                b.execInContainer("sh", "-c", "ping -c 8 -i 1 -W 1 -I eth0 -t 255 224.0.0.18 >/dev/null 2>&1 &");
                var seen = a.execInContainer("sh", "-c", "timeout 9 sh -c 'until grep -q 224.0.0.18 /tmp/cap 2>/dev/null; do sleep 0.2; done'");
                boolean ok = seen.getExitCode() == 0;
                return new Check("multicast on the test network", ok ? Status.OK : Status.FAIL, ok
                        ? "224.0.0.18 from one node reached another over macvlan on a private bridge"
                        : "224.0.0.18 sent by one container never reached another on the macvlan network: VRRP can't work here");
            } finally {
                a.stop();
                b.stop();
                Stale.removeRun(runId);
            }
        } catch (IOException e) {
            return new Check("multicast on the test network", Status.FAIL, "cannot run the check: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("multicast on the test network", Status.FAIL, "interrupted");
        } catch (RuntimeException e) {
            return new Check("multicast on the test network", Status.FAIL, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static String hostProbe() {
        try {
            return MacvlanNetwork.runOnHost("doctor-host.sh");
        } catch (EnvironmentException e) {
            return "host-probe missing " + e.getMessage();
        }
    }
}
