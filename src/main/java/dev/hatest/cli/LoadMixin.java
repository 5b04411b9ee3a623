package dev.hatest.cli;

import dev.hatest.harness.cluster.Load;
import dev.hatest.harness.scenario.Durations;
import picocli.CommandLine.Option;

/** The client's load through the VIP ({@link Load}): what the pair's users would send during the faults. */
public final class LoadMixin {

    @Option(names = "--load", paramLabel = "RATE",
            description = "Send RATE requests per second (1 to 1000, with at most 500 in flight: RATE x --load-timeout) through "
                    + "the VIP beside the probe, as users would: a fixed "
                    + "arrival rate over keep-alive connections, plus long downloads in flight. Each step then reports the "
                    + "failed requests by kind, the connections lost, the responses cut, the longest time with nothing "
                    + "served and the latency, and judges the failed requests (see --load-max-failed).")
    Double rate;

    @Option(names = "--load-timeout", paramLabel = "DURATION",
            description = "How long a user waits for a request, from when it was due, before giving up (default 1s).")
    String timeout;

    @Option(names = "--load-downloads", paramLabel = "N",
            description = "How many long downloads (8 MiB at 1 MB/s from each node's nginx) are kept in flight, 0 to 8 (default 2).")
    Integer downloads;

    @Option(names = "--load-max-failed", paramLabel = "N",
            description = "The most failed requests a step may cost. Default: for a takeover, the requests due while its outage "
                    + "bound runs and one timeout after it; for a fault that must move nothing, 0.")
    Integer maxFailed;

    @Option(names = "--load-max-cut", paramLabel = "N",
            description = "The most responses that may be cut mid-way in a step (e.g. 0 for a graceful handover). Default: "
                    + "no such verdict; the figure is reported.")
    Integer maxCut;

    /** The load these options name, or null without --load. */
    Load load() {
        if (rate == null) {
            if (timeout != null || downloads != null || maxFailed != null || maxCut != null) {
                throw new IllegalArgumentException("--load-timeout, --load-downloads, --load-max-failed and --load-max-cut go with --load RATE");
            }
            return null;
        }
        Load l = Load.of(rate).withMaxFailed(maxFailed).withMaxCut(maxCut);
        if (downloads != null) {
            l = l.withDownloads(downloads);
        }
        if (timeout != null) {
            long ms = Durations.parse("--load-timeout", timeout).toMillis();
            l = l.withTimeoutMs((int) Math.min(Integer.MAX_VALUE, ms));
        }
        return l;
    }
}
