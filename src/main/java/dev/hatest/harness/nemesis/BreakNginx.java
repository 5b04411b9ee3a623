package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

/**
 * nginx dies and can't come back: a broken config is pushed, then nginx is killed. A check script that
 * tries to restart nginx (the seed article's check_ng.sh) fails to, as it would after a bad deploy. Healing
 * removes the broken file and starts nginx.
 */
public final class BreakNginx implements Nemesis {

    private static final String BROKEN = "/etc/nginx/conf.d/zz-hatest-broken.conf";

    private final String node;

    public BreakNginx(String node) {
        this.node = node;
    }

    @Override
    public String describe() {
        return "break nginx's config and kill -9 nginx on " + node;
    }

    @Override
    public void inject(Cluster cluster) {
        NodeCommands.run(cluster.node(node), describe(),
                "echo 'hatest broke this config;' > " + BROKEN,
                "pkill -KILL -x nginx");
    }

    @Override
    public void heal(Cluster cluster) {
        NodeCommands.run(cluster.node(node), "repair nginx", "rm -f " + BROKEN, "nginx");
    }
}
