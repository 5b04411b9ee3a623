package dev.hatest.vrrp.config;

/** A track_script entry; {@code weight} overrides the script's own weight when not null. */
public record TrackedScript(String name, Integer weight, Location at) {
}
