package dev.hatest.vrrp.config;

/**
 * An interface a config names: an instance's {@code interface}, a {@code track_interface} entry, an address's or
 * a route's {@code dev}. keepalived's -t looks each up on its host; {@code vrrpd -t} does so too.
 *
 * @param missing what keepalived 2.2.7 says, at {@code at}, when there is no such interface (measured)
 */
public record InterfaceUse(String name, Location at, String missing) {
}
