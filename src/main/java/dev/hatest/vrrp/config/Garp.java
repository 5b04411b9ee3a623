package dev.hatest.vrrp.config;

/**
 * When a master sends gratuitous ARPs, as keepalived's garp_master_* options set it (globally with the
 * {@code vrrp_} prefix, per instance without it).
 *
 * @param delayMillis   garp_master_delay: a second burst this long after becoming master (0: none)
 * @param repeat        garp_master_repeat: GARPs per burst
 * @param refreshMillis garp_master_refresh: while master, another burst this often (0: never)
 */
public record Garp(long delayMillis, int repeat, long refreshMillis) {

    /** keepalived's defaults: 5 GARPs, 5 more after 5 s, no refresh. */
    public static final Garp KEEPALIVED = new Garp(5000, 5, 0);
}
