package dev.hatest.vrrp.config;

import java.util.List;

/**
 * What {@code vrrpd -t} needs, beyond the findings, to check a config against its host as keepalived's -t does.
 *
 * @param interfaces     the interfaces the config names, each where and with what keepalived says when it is absent
 * @param inlineFindings how many of the findings came as the statements were read (keepalived reports those, and
 *                       what it finds on the host, in line order); the rest come from checks of the whole file
 */
public record HostChecks(List<InterfaceUse> interfaces, int inlineFindings) {

    public HostChecks {
        interfaces = List.copyOf(interfaces);
    }
}
