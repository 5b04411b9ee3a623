package dev.hatest.vrrp.config;

/**
 * A track_file entry of an instance or sync group; {@code weight} and {@code reverse} override the track_file's
 * own when not null (see {@link VrrpTrackFile}).
 */
public record TrackedFile(String name, Integer weight, Boolean reverse, Location at) {

    /** The weight this entry carries: its own override, else {@code file}'s. */
    public int weightOf(VrrpTrackFile file) {
        return weight != null ? weight : file.weight();
    }

    public boolean reverseOf(VrrpTrackFile file) {
        return reverse != null ? reverse : file.reverse();
    }
}
