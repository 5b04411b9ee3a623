package dev.hatest.harness.cluster;

import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.packet.VrrpCodec;

import java.util.Objects;
import java.util.Optional;

/**
 * A node's keepalived.conf as vrrpd's own parser reads it: the model the election, the bounds, the plan and the
 * analysis's facts are computed from. It is parsed once, the first time it is asked for, and kept with the
 * {@link NodeSpec} it belongs to (a node with other files is another spec, with its own). Nothing in the harness
 * parses config text but this.
 */
public final class NodeConfig {

    private final String node;
    private final String text;
    /** The parsed config, or the ConfigException that refused it; null until first asked. */
    private volatile Object parsed;

    NodeConfig(String node, String text) {
        this.node = node;
        this.text = text;
    }

    /** Whether the node has a keepalived.conf at all. */
    public boolean present() {
        return text != null;
    }

    /**
     * The parsed config.
     *
     * @throws IllegalArgumentException when the node has none, or it doesn't parse ({@code file:line: what})
     */
    public KeepalivedConfig get() {
        Object p = parse();
        if (p instanceof KeepalivedConfig c) {
            return c;
        }
        ConfigException e = (ConfigException) p;
        throw new IllegalArgumentException(e.getMessage(), e);
    }

    /** The parsed config, or empty when the node has none or it doesn't parse. */
    public Optional<KeepalivedConfig> ifValid() {
        return parse() instanceof KeepalivedConfig c ? Optional.of(c) : Optional.empty();
    }

    /** The instance that holds {@code vip}, if the config is valid and has one. */
    public Optional<VrrpInstanceConfig> instanceFor(String vip) {
        return ifValid().flatMap(c -> c.instanceHolding(VrrpCodec.ip(vip)));
    }

    /**
     * The instance that holds {@code vip}: its timers, priority and tracking are the ones a takeover of that VIP
     * runs on, whatever order the file lists its instances in.
     *
     * @throws IllegalArgumentException when the config doesn't parse or no instance of it holds the VIP
     */
    public VrrpInstanceConfig instance(String vip) {
        KeepalivedConfig c = get();
        return c.instanceHolding(VrrpCodec.ip(vip)).orElseThrow(() -> new IllegalArgumentException(node + ": no vrrp_instance holds "
                + vip + " (instances: " + c.instances().stream().map(VrrpInstanceConfig::name).toList() + ")"));
    }

    private Object parse() {
        Object p = parsed;
        if (p == null) {
            synchronized (this) {
                p = parsed;
                if (p == null) {
                    if (text == null) {
                        p = new ConfigException(java.util.List.of(node + " has no " + SeedTopology.CONFIG));
                    } else {
                        try {
                            p = ConfigParser.parse(node + "/keepalived.conf", text);
                        } catch (ConfigException e) {
                            p = e;
                        }
                    }
                    parsed = p;
                }
            }
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeConfig other && node.equals(other.node) && Objects.equals(text, other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, text);
    }

    @Override
    public String toString() {
        return node + "'s " + SeedTopology.CONFIG;
    }
}
