package dev.hatest.vrrp.config;

import java.nio.file.Path;

/**
 * A track_file block (vrrp_track_file is keepalived's older name for it): a file holding a number that moves the
 * priority of the instances tracking it, or puts them in FAULT. As keepalived 2.2.7 runs it (measured):
 * <ul>
 *   <li>the file's text is read as an integer the way strtol reads it ("2.7" is 2; "abc", an empty file and a
 *       missing file are 0), again whenever the file changes;</li>
 *   <li>with weight 0, any value but 0 is a FAULT;</li>
 *   <li>otherwise value × weight (negated with {@code reverse}) is added to the priority, which stays in [1, 254];
 *       a result below -253 is a FAULT;</li>
 *   <li>{@code init_file [VALUE] [overwrite]} writes VALUE (default 0) and a newline at start, when the file is
 *       missing or, with overwrite, always.</li>
 * </ul>
 *
 * @param weight      -254..254 (default 1)
 * @param initValue   init_file's value, or null without init_file
 */
public record VrrpTrackFile(String name, Path file, int weight, boolean reverse, Long initValue, boolean initOverwrite,
                            Location at) {
}
