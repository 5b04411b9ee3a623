package dev.hatest.vrrp.config;

/**
 * A notify line (notify_master, notify_backup, notify_fault, notify_stop or notify).
 *
 * @param command the command line, as written (the script, then its own arguments)
 * @param user    the account written after the command, or null for the default script user
 */
public record NotifyScript(String command, ScriptUser user, Location at) {
}
