package dev.hatest.vrrp.config;

import java.util.List;

/**
 * A vrrp_track_process block: how many processes matching {@code process} (and its parameters) must run. As in
 * keepalived 2.2.7 (its {@code -t} and its SIGUSR1 data dump, measured):
 * <ul>
 *   <li>without parameters or {@code full_command}, {@code process} is compared with the process's name
 *       ({@code /proc/PID/comm}); parameters, {@code param_match} or {@code full_command} compare it with the
 *       command line's first word instead, and the parameters with the words after it;</li>
 *   <li>the weight defaults to 0, which puts the tracking instances in FAULT while the quorum is not met;</li>
 *   <li>{@code delay} sets both {@code fork_delay} and {@code terminate_delay}.</li>
 * </ul>
 *
 * @param params          the parameters that must follow the command, as written
 * @param quorum          the fewest matching processes that count as up (1..65535)
 * @param quorumMax       the most that count as up; 0 means up only while none runs
 * @param forkDelayMicros how long a regained quorum must hold before the status goes up
 * @param terminateDelayMicros how long a lost quorum must stay lost before the status goes down
 */
public record VrrpTrackProcess(String name, String process, List<String> params, ParamMatch paramMatch, int weight,
                               boolean reverse, int quorum, int quorumMax, long forkDelayMicros,
                               long terminateDelayMicros, boolean fullCommand, Location at) {

    /** How the parameters are compared. */
    public enum ParamMatch {
        /** No parameters given: any parameters match. */
        NONE,
        /** The same parameters, no more and no fewer (the default once parameters are given). */
        EXACT,
        /** The first parameters are the given ones, each exactly; more may follow. */
        PARTIAL,
        /** Like PARTIAL, but the last given parameter need only begin the process's. */
        INITIAL
    }

    public VrrpTrackProcess {
        params = List.copyOf(params);
        if (quorum < 1 || quorumMax < 0 || weight < -254 || weight > 254) {
            throw new IllegalArgumentException("invalid vrrp_track_process " + name);
        }
    }

    /** Whether {@code count} matching processes meet the quorum. */
    public boolean up(int count) {
        return quorumMax == 0 ? count == 0 : count >= quorum && count <= quorumMax;
    }

    /** Whether the command line, not the name, is compared. */
    public boolean matchesCommandLine() {
        return fullCommand || paramMatch != ParamMatch.NONE;
    }
}
