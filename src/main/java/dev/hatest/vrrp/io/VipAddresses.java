package dev.hatest.vrrp.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adds and removes VIPs with iproute2, as an operator would. (keepalived talks netlink directly; iproute2
 * gives the same kernel state with far less code, at about a millisecond per call.)
 */
public final class VipAddresses {

    private VipAddresses() {
    }

    public static void add(String cidr, String device, String label) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-4", "addr", "replace", cidr, "dev", device));
        if (label != null) {
            cmd.addAll(List.of("label", label));
        }
        run(cmd);
    }

    public static void remove(String cidr, String device) throws IOException {
        run(List.of("ip", "-4", "addr", "del", cidr, "dev", device), true);
    }

    private static void run(List<String> cmd) throws IOException {
        run(cmd, false);
    }

    private static void run(List<String> cmd, boolean absentIsFine) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 && !(absentIsFine && out.contains("Cannot assign requested address"))) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }
}
