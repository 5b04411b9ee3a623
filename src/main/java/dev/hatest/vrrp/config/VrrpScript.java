package dev.hatest.vrrp.config;

/**
 * A vrrp_script block. Defaults are keepalived's: interval 1 s, timeout = interval, weight 0, fall 1, rise 1.
 *
 * @param weight -253..253: with a positive weight a passing script adds it; with a negative one a failing
 *               script adds it (lowers the priority)
 * @param user   its {@code user USER [GROUP]}, or null for the default script user
 */
public record VrrpScript(String name, String script, long intervalMillis, long timeoutMillis, int weight,
                         int fall, int rise, ScriptUser user, Location at) {

    public VrrpScript {
        if (intervalMillis <= 0 || timeoutMillis <= 0 || fall < 1 || rise < 1 || weight < -253 || weight > 253) {
            throw new IllegalArgumentException("invalid vrrp_script " + name);
        }
    }
}
