package dev.hatest.vrrp.config;

/**
 * The account a script is to run as, by name, as written: global_defs' {@code script_user USER [GROUP]}, a
 * vrrp_script's {@code user USER [GROUP]}, or a notify line's {@code SCRIPT USER [GROUP]}. The names are looked
 * up on the host that runs the scripts, as keepalived does, not by the parser (see
 * {@code dev.hatest.vrrp.track.ScriptUsers}).
 *
 * @param group the group to run as, or null for the user's own (primary) group
 */
public record ScriptUser(String user, String group, Location at) {

    @Override
    public String toString() {
        return group == null ? user : user + ":" + group;
    }
}
