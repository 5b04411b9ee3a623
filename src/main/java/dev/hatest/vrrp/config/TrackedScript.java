package dev.hatest.vrrp.config;

/** A track_script entry; {@code weight} overrides the script's own weight when not null. */
public record TrackedScript(String name, Integer weight, Location at) {

    /** The weight this entry carries: its own override, else {@code script}'s weight. */
    public int weightOf(VrrpScript script) {
        return weight != null ? weight : script.weight();
    }
}
