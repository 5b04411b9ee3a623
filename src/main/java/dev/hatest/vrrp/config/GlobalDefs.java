package dev.hatest.vrrp.config;

import java.util.List;

/**
 * The parts of global_defs that the daemon uses or reports.
 *
 * @param garp                 the instances' default GARP behaviour (vrrp_garp_master_delay, _repeat, _refresh)
 * @param enableScriptSecurity enable_script_security: scripts that non-root users could change are not run
 * @param nftablesTable        nftables TABLENAME: the table that holds no_accept's drop rules (keepalived's default
 *                             is "keepalived")
 * @param nftablesPriority     nftables_priority: the hook priority of that table's chains (default -1)
 * @param scriptUser           script_user: the default account scripts run as, or null for keepalived's default
 *                             ({@code keepalived_script} when that user exists, else the daemon's own)
 * @param reloadCheckConfig    reload_check_config [LOG_FILE]: a reload first runs the config test and is refused if it finds
 *                             anything; null when not set, "" when set without a log file
 */
public record GlobalDefs(String routerId, List<String> notificationEmail, String notificationEmailFrom,
                         String smtpServer, int vrrpVersion, Garp garp, boolean enableScriptSecurity,
                         String nftablesTable, int nftablesPriority, ScriptUser scriptUser, String reloadCheckConfig) {

    public static final String NFTABLES_TABLE = "keepalived";
    public static final int NFTABLES_PRIORITY = -1;

    public static GlobalDefs defaults() {
        return new GlobalDefs(null, List.of(), null, null, 2, Garp.KEEPALIVED, false, NFTABLES_TABLE, NFTABLES_PRIORITY, null, null);
    }
}
