package dev.hatest.vrrp.config;

/**
 * A track_interface entry. Without a weight, the interface going down puts the instance in FAULT; with one,
 * it moves the priority instead, as a script's weight does (a positive weight is added while the interface
 * is up, a negative one while it is down).
 */
public record TrackedInterface(String name, Integer weight, Location at) {
}
