package dev.hatest.vrrp.config;

import java.net.Inet4Address;

/**
 * One entry of virtual_ipaddress: {@code addr[/prefix] [dev IFACE] [label LABEL]}. keepalived adds an address
 * given without a prefix as a /32.
 */
public record VirtualAddress(Inet4Address address, int prefix, String device, String label) {

    public VirtualAddress {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0..32, got " + prefix);
        }
    }

    public String cidr() {
        return address.getHostAddress() + "/" + prefix;
    }
}
