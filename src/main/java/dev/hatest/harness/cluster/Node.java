package dev.hatest.harness.cluster;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import dev.hatest.harness.history.History;
import dev.hatest.harness.probe.LogObserver;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A container on the test network with a fixed address: an HA node (nginx + the VRRP daemon under tini) or
 * the client. Its stdout feeds the History through a {@link LogObserver}. {@link #exec} is the one way to
 * run a command in a node.
 */
public final class Node extends GenericContainer<Node> {

    private final String nodeName;
    private final String address;
    private final Consumer<OutputFrame> logs;
    private final LogObserver observer;
    /** The container of a node that was already running (a kept cluster), or null for one this object starts. */
    private final String attachedId;
    private FrameConsumerResultCallback attachedLogs;
    /** Called when the node's log stream ends (the container stopped, restarted or vanished); see {@link #onLogEnd}. */
    private volatile Runnable logEnded = () -> { };

    public Node(String runId, String nodeName, String address, MacvlanNetwork network, History history) {
        this(Labels.of(runId), runId, nodeName, address, network, history, Function.identity());
    }

    /**
     * @param labels the run's labels ({@link Labels#of} for a run of this process, {@link Labels#kept} for a
     *               cluster that outlives it)
     * @param names  maps the MAC and IPv4 addresses of the cluster's nodes to their names, for the client's
     *               capture of the test network
     */
    public Node(Map<String, String> labels, String runId, String nodeName, String address, MacvlanNetwork network, History history,
                Function<String, String> names) {
        super(DockerImageName.parse(Images.NODE));
        this.nodeName = nodeName;
        this.address = address;
        this.observer = new LogObserver(nodeName, history, names);
        this.attachedId = null;
        this.logs = lines(observer, () -> logEnded.run());
        withNetworkMode(network.name());
        withImagePullPolicy(image -> false);
        withLabels(labels);
        withLabel(Labels.NODE, nodeName);
        withCreateContainerCmdModifier(cmd -> {
            cmd.withName("hatest-" + runId + "-" + nodeName);
            cmd.withHostName(nodeName);
            cmd.withIpv4Address(address);
            if (network.subnet6() != null) {
                cmd.withIpv6Address(IpFamily.ipv6Of(network.subnet(), address));
            }
            cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW);
        });
        withLogConsumer(logs);
        waitingFor(Wait.forLogMessage(".*hatest-node-ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }

    /**
     * A node that is already running (a kept cluster's): this object only observes and acts on it. Its log is
     * followed from {@link #ATTACH_LOOKBACK_SECONDS} before now: a kept cluster's client logs 50 requests a
     * second, so its whole log is no thing to replay. What the node is doing now is seeded instead
     * ({@link #observer()}).
     */
    private Node(String containerId, String nodeName, String address, History history, Function<String, String> names) {
        super(DockerImageName.parse(Images.NODE));
        this.nodeName = nodeName;
        this.address = address;
        this.observer = new LogObserver(nodeName, history, names);
        this.attachedId = containerId;
        this.logs = lines(observer, () -> logEnded.run());
    }

    static Node attach(String containerId, String nodeName, String address, History history, Function<String, String> names,
                       boolean follow) {
        Node n = new Node(containerId, nodeName, address, history, names);
        if (!follow) {
            return n;
        }
        n.attachedLogs = new FrameConsumerResultCallback();
        n.attachedLogs.addConsumer(OutputFrame.OutputType.STDOUT, n.logs);
        n.attachedLogs.addConsumer(OutputFrame.OutputType.STDERR, n.logs);
        int since = (int) (System.currentTimeMillis() / 1000) - ATTACH_LOOKBACK_SECONDS;
        n.getDockerClient().logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).withSince(since)
                .exec(n.attachedLogs);
        return n;
    }

    /** How far back an attached node's log is read. */
    static final int ATTACH_LOOKBACK_SECONDS = 2;

    /** What turns this node's log into History events; seeds it with an attached node's present state. */
    LogObserver observer() {
        return observer;
    }

    /** Whether this node was running before this object (a kept cluster's). */
    public boolean attached() {
        return attachedId != null;
    }

    /** Stops reading an attached node's log; the node runs on. */
    void detach() {
        if (attachedLogs != null) {
            try {
                attachedLogs.close();
            } catch (IOException e) {
                // the stream is gone either way
            }
        }
    }

    @Override
    public String getContainerId() {
        return attachedId != null ? attachedId : super.getContainerId();
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        return attachedId != null ? getDockerClient().inspectContainerCmd(attachedId).exec() : super.getContainerInfo();
    }

    /**
     * Runs {@code r} (on the engine's callback thread: it must not block) whenever the node's log stream ends:
     * its container stopped, restarted or was removed.
     */
    public Node onLogEnd(Runnable r) {
        this.logEnded = r;
        return self();
    }

    /**
     * Whether the node can't go on being observed: {@code null} while its container exists (and, with
     * {@code mustRun}, runs, paused or not), else what is wrong in a few words.
     *
     * @throws RuntimeException the engine's own, when it does not answer
     */
    String gone(boolean mustRun) {
        String id = attachedId != null ? attachedId : getContainerId();
        if (id == null) {
            return null;
        }
        try {
            var state = getDockerClient().inspectContainerCmd(id).exec().getState();
            if (mustRun && !Boolean.TRUE.equals(state.getRunning())) {
                return "stopped (exit code " + state.getExitCodeLong() + ")";
            }
            return null;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return "removed from the engine";
        }
    }

    private static Consumer<OutputFrame> lines(LogObserver observer, Runnable ended) {
        return frame -> {
            if (frame.getType() == OutputFrame.OutputType.END) {
                ended.run();
                return;
            }
            String text = frame.getUtf8String();
            if (text != null) {
                text.lines().forEach(observer);
            }
        };
    }

    /** Puts the node's files (keepalived.conf, check scripts, nginx.conf) in place before it starts. */
    public Node withFiles(Map<String, String> files) {
        files.forEach((path, content) -> withCopyToContainer(Transferable.of(content, path.endsWith(".sh") ? 0755 : 0644), path));
        return self();
    }

    public String nodeName() {
        return nodeName;
    }

    public String address() {
        return address;
    }

    /** Runs a command in the node and returns its result; fails only when the engine can't run it. */
    public ExecResult exec(String... command) {
        try {
            return execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The node's MAC address on the test network. */
    public String macAddress() {
        return getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getMacAddress();
    }

    /** Freezes every process of the node (the cgroup freezer): {@code docker pause}. */
    public void pause() {
        getDockerClient().pauseContainerCmd(getContainerId()).exec();
    }

    public void unpause() {
        getDockerClient().unpauseContainerCmd(getContainerId()).exec();
    }

    /**
     * Restarts the container, like a reboot: its processes end, its network namespace (with any VIP) goes,
     * and it boots again with the same address. Its log is followed again from the restart on.
     */
    public void restart() {
        getDockerClient().restartContainerCmd(getContainerId()).withTimeout(5).exec();
        // Following the log again replays it from the start: only what the new boot logs is new. Every
        // line is stamped, so the boundary is the container's new start time.
        Instant started = Instant.parse(
                getDockerClient().inspectContainerCmd(getContainerId()).exec().getState().getStartedAt());
        observer.skipBefore(started.getEpochSecond() * 1_000_000L + started.getNano() / 1000);
        followOutput(logs);
    }

    /** Writes a file into the running node (a rollout's new config and scripts), scripts executable. */
    public void putFile(String path, String content) {
        copyFileToContainer(Transferable.of(content, path.endsWith(".sh") ? 0755 : 0644), path);
    }

    /** Runs a shell command line in the node. */
    public ExecResult sh(String commandLine) {
        return exec("sh", "-c", commandLine);
    }
}
