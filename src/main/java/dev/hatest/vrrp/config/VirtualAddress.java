package dev.hatest.vrrp.config;

import java.net.InetAddress;

/**
 * One entry of virtual_ipaddress: {@code addr[/prefix] [dev IFACE] [label LABEL]}. keepalived adds an address
 * given without a prefix as a /32 (IPv4) or a /128 (IPv6).
 */
public record VirtualAddress(InetAddress address, int prefix, String device, String label) {

    public VirtualAddress {
        int max = address instanceof java.net.Inet6Address ? 128 : 32;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix must be 0.." + max + ", got " + prefix);
        }
    }

    public String cidr() {
        return dev.hatest.vrrp.packet.VrrpCodec.text(address) + "/" + prefix;
    }
}
