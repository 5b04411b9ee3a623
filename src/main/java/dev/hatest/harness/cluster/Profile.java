package dev.hatest.harness.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The timers the seed nodes run: the article's own, or the fast profile. A profile rewrites the seed's configs,
 * so it applies to seed nodes ({@code --nodes}, the default pair), not to an operator's own files.
 */
public enum Profile {
    SEED("VRRPv2, advert_int 1 s, nginx checked every 2 s with fall 2 (the article's settings)"),
    FAST("VRRPv3, advert_int " + SeedVariants.FAST_ADVERT_INT + " s, nginx tracked as a process (vrrpd) or by a 1 s "
            + "script with fall 1 (keepalived, whose process tracking can't run in a container); nginx gone is a FAULT");

    public final String description;

    Profile(String description) {
        this.description = description;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every profile's name. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Profile::label).toList();
    }

    /** @throws IllegalArgumentException for a name that is no profile */
    public static Profile parse(String name) {
        for (Profile p : values()) {
            if (p.label().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("--profile: unknown profile '" + name + "' (" + String.join(", ", labels()) + ")");
    }

    /** {@code t}'s seed nodes with this profile's timers, each node in the form its daemon runs. */
    public Topology apply(Topology t) {
        return this == SEED ? t : SeedVariants.fast(t);
    }
}
