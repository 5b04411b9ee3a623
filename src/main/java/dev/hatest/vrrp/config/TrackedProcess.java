package dev.hatest.vrrp.config;

/**
 * A track_process entry of an instance; {@code weight} and {@code reverse} override the vrrp_track_process's own
 * when not null. Weight 0 puts the instance in FAULT while the quorum is not met (with reverse: while it is).
 */
public record TrackedProcess(String name, Integer weight, Boolean reverse, Location at) {
}
