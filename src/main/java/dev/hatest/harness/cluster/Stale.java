package dev.hatest.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Clean-up by label. {@link #removeRun} removes one run's leftovers, {@link #removeStale} those of runs whose
 * process is gone (a crashed run on this host), {@link #removeKept} the clusters {@code hatest up} left running,
 * and {@link #removeAll} everything of hatest's ({@code down --all}).
 */
public final class Stale {

    private Stale() {
    }

    public static int removeRun(String runId) {
        return remove(labels -> runId.equals(labels.get(Labels.RUN)));
    }

    public static int removeStale() {
        return remove(labels -> {
            String pid = labels.get(Labels.PID);
            if (pid == null) {
                return false;
            }
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
        });
    }

    /** Clusters left running by {@code hatest up}; {@code runId} null for all of them. */
    public static int removeKept(String runId) {
        return remove(labels -> "1".equals(labels.get(Labels.KEPT)) && (runId == null || runId.equals(labels.get(Labels.RUN))));
    }

    public static int removeAll() {
        int removed = remove(labels -> true);
        // A run that crashed between making its bridge and its network left a bridge no label names.
        List<String> inUse = Docker.client().listNetworksCmd().exec().stream()
                .map(n -> n.getOptions() == null ? null : n.getOptions().get("parent"))
                .filter(p -> p != null && p.startsWith("hbr-")).toList();
        MacvlanNetwork.sweepBridges(inUse);
        return removed;
    }

    private static int remove(Predicate<Map<String, String>> which) {
        DockerClient docker = Docker.client();
        int removed = 0;
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.HATEST, "1")).exec();
        for (Container c : containers) {
            if (which.test(c.getLabels())) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed++;
                } catch (RuntimeException e) {
                    // raced with another clean-up
                }
            }
        }
        List<Network> networks = docker.listNetworksCmd().withFilter("label", List.of(Labels.HATEST + "=1")).exec();
        for (Network n : networks) {
            if (which.test(n.getLabels())) {
                try {
                    docker.removeNetworkCmd(n.getId()).exec();
                } catch (RuntimeException e) {
                    // raced with another clean-up
                }
                String bridge = n.getLabels().get(Labels.BRIDGE);
                if (bridge != null) {
                    MacvlanNetwork.deleteBridge(bridge);
                }
                removed++;
            }
        }
        return removed;
    }
}
