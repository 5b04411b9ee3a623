package dev.hatest.vrrp.config;

import java.util.List;

/**
 * The parts of global_defs that the daemon uses or reports.
 *
 * @param garp                 the instances' default GARP behaviour (vrrp_garp_master_delay, _repeat, _refresh)
 * @param enableScriptSecurity enable_script_security: scripts that non-root users could change are not run
 */
public record GlobalDefs(String routerId, List<String> notificationEmail, String notificationEmailFrom,
                         String smtpServer, int vrrpVersion, Garp garp, boolean enableScriptSecurity) {

    public static GlobalDefs defaults() {
        return new GlobalDefs(null, List.of(), null, null, 2, Garp.KEEPALIVED, false);
    }
}
