package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

/**
 * Restarts the node's VRRP daemon as {@code systemctl restart} does: SIGTERM (a master says goodbye with a
 * priority-0 advert and gives up its VIPs), wait for it to exit, start it again at once. What follows is the
 * election's: on the master, a takeover, and with preempt the VIP coming back once the daemon is up. The
 * restart is all in the injection; nothing to heal.
 */
public final class RestartDaemon implements Nemesis {

    private final String node;
    private final KillProcess stop;

    public RestartDaemon(String node) {
        this.node = node;
        this.stop = KillProcess.stop(node, NodeProcess.VRRPD);
    }

    @Override
    public String describe() {
        return "restart the VRRP daemon on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        injectTimed(cluster);
    }

    @Override
    public long injectTimed(Cluster cluster) {
        long at = stop.injectTimed(cluster);
        stop.heal(cluster);  // waits for it to exit, then starts it
        return at;
    }

    @Override
    public void heal(Cluster cluster) {
    }
}
