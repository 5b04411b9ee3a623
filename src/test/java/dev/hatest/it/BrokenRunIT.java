package dev.hatest.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.hatest.HostTools;
import dev.hatest.harness.cluster.Labels;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gate's exit 1 must mean "the pair failed a verdict". Given a chaos run on the seed pair, when its client
 * container (the probe of the VIP) is removed from the engine mid-run, then the run can't be judged: it exits 3,
 * says what broke, reports its verdicts as unknown, and leaves nothing behind.
 */
class BrokenRunIT {

    private static final String SUBNET = "198.18.31.0/24";
    private static final String VIP = "198.18.31.200";

    private final InProcessCli cli = new InProcessCli();

    @Test
    void aClientRemovedMidRunExitsThreeNotOneAndLeavesNothingBehind() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli.run("chaos", "--kill", "nginx", "--subnet", SUBNET, "-q"));

        // Mid-run: the master holds the VIP (the run is converging or about to inject its fault).
        Container client = await("the seed pair on " + SUBNET + " up, lb01 holding its VIP").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> mastersClient(docker), c -> c != null);
        docker.removeContainerCmd(client.getId()).withForce(true).exec();

        // The run winds up at once (its waits end on the lost client) rather than waiting out its timeouts.
        int exit = run.get(2, TimeUnit.MINUTES);

        assertThat(exit).as(cli.both()).isEqualTo(3);
        // "docker rm -f" kills it first: the watch may see it stopped (exit 137) or already removed
        assertThat(cli.err()).containsPattern("hatest: could not judge the run: the client container \\(the probe of the VIP\\) is "
                + "(removed from the engine|stopped \\(exit code \\d+\\))");
        assertThat(cli.out()).contains("COULD NOT JUDGE").doesNotContain("FAILED");
        String runId = client.getLabels().get(Labels.RUN);
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.RUN, runId)).exec()).isEmpty();
        assertThat(docker.listNetworksCmd().exec()).noneMatch(n -> runId.equals(n.getLabels() == null ? null : n.getLabels().get(Labels.RUN)));
        Process links = HostTools.command("ip", "-o", "link", "show").start();
        String text = new String(links.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        links.waitFor();
        assertThat(text).doesNotContain("hbr-" + runId, "hbp-" + runId, "hbq-" + runId);
    }

    /** The client container of the run on {@link #SUBNET}, once its lb01 holds the VIP; null before. */
    private static Container mastersClient(DockerClient docker) throws Exception {
        List<Container> all = docker.listContainersCmd().withLabelFilter(Map.of(Labels.HATEST, "1")).exec();
        for (Container c : all) {
            if (c.getNames().length == 0 || !c.getNames()[0].endsWith("-lb01")) {
                continue;
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                var exec = docker.execCreateCmd(c.getId()).withCmd("ip", "-o", "addr", "show", "dev", "eth0").withAttachStdout(true).exec();
                docker.execStartCmd(exec.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Frame f) {
                        out.writeBytes(f.getPayload());
                    }
                }).awaitCompletion(10, TimeUnit.SECONDS);
            } catch (com.github.dockerjava.api.exception.ConflictException | com.github.dockerjava.api.exception.NotFoundException e) {
                continue;  // another test's cluster, stopping or gone: test classes run side by side
            }
            if (!out.toString(StandardCharsets.UTF_8).contains(" " + VIP + "/")) {
                continue;
            }
            String runId = c.getLabels().get(Labels.RUN);
            return all.stream().filter(o -> runId.equals(o.getLabels().get(Labels.RUN)) && o.getNames()[0].endsWith("-client")).findFirst()
                    .orElse(null);
        }
        return null;
    }
}
