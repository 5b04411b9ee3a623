package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpTrackProcess;
import dev.hatest.vrrp.config.VrrpTrackProcess.ParamMatch;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * vrrp_track_process from the config to the instance's FAULT and priority. The expected priorities are the
 * ones keepalived 2.2.7 gave for the same config (its SIGUSR1 data dump and log on this machine's host, where
 * its process events work): 100 - 7 (p_rev reversed, up) + 11 + 13 = 117, and 124 once p_rev's quorum is lost.
 */
class TrackProcessTest {

    private static final String CONF = """
            vrrp_track_process p_default {
                process fakeng
            }
            vrrp_track_process p_rev {
                process fakeng
                weight 7 reverse
                quorum 2
            }
            vrrp_track_process p_param {
                process /tmp/exp/fakeng 1000
                weight 11
            }
            vrrp_track_process p_init {
                process /tmp/exp/fakeng 100
                param_match initial
                weight 13
                delay 0.5
                terminate_delay 0.25
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 77
                priority 100
                virtual_ipaddress {
                    10.250.0.200
                }
                track_process {
                    p_default
                    p_rev
                    p_param
                    p_init
                }
            }
            """;

    private final KeepalivedConfig config = parse(CONF);
    private final VrrpInstanceConfig vi1 = config.instances().get(0);

    private static KeepalivedConfig parse(String text) {
        try {
            return ConfigParser.parse("keepalived.conf", text);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryOptionWithKeepalivedsDefaults() {
        VrrpTrackProcess def = config.trackProcess("p_default").orElseThrow();
        assertThat(def.weight()).as("keepalived 2.2.7's dump: weight 0").isZero();
        assertThat(def.quorum()).isEqualTo(1);
        assertThat(def.paramMatch()).isEqualTo(ParamMatch.NONE);
        assertThat(def.matchesCommandLine()).isFalse();

        VrrpTrackProcess param = config.trackProcess("p_param").orElseThrow();
        assertThat(param.process()).isEqualTo("/tmp/exp/fakeng");
        assertThat(param.params()).containsExactly("1000");
        assertThat(param.paramMatch()).as("parameters given: exact").isEqualTo(ParamMatch.EXACT);
        assertThat(param.matchesCommandLine()).as("keepalived's dump: Full command = true").isTrue();

        VrrpTrackProcess init = config.trackProcess("p_init").orElseThrow();
        assertThat(init.paramMatch()).isEqualTo(ParamMatch.INITIAL);
        assertThat(init.forkDelayMicros()).as("delay sets fork_delay").isEqualTo(500_000);
        assertThat(init.terminateDelayMicros()).as("a later terminate_delay overrides it").isEqualTo(250_000);
        assertThat(config.trackProcess("p_rev").orElseThrow().reverse()).isTrue();
        assertThat(vi1.trackProcesses()).extracting(t -> t.name()).containsExactly("p_default", "p_rev", "p_param", "p_init");
    }

    @Test
    void weightsAndReverseMoveThePriorityAsKeepalivedDoes() {
        Map<String, Boolean> up = new HashMap<>(Map.of("p_default", true, "p_rev", true, "p_param", true, "p_init", true));
        assertThat(priority(up)).isEqualTo(117);
        up.put("p_rev", false);
        assertThat(priority(up)).as("reverse: a lost quorum subtracts nothing").isEqualTo(124);
        up.put("p_param", false);
        assertThat(priority(up)).isEqualTo(113);
        up.put("p_init", false);
        assertThat(priority(up)).isEqualTo(100);
    }

    @Test
    void weightZeroIsAFaultWhileTheQuorumIsLostAndReverseTurnsThatRound() {
        assertThat(fault(Map.of("p_default", true))).isFalse();
        assertThat(fault(Map.of("p_default", false))).isTrue();
        assertThat(fault(Map.of())).as("not counted yet").isFalse();

        KeepalivedConfig reversed = parse(CONF.replace("        p_default\n", "        p_default weight 0 reverse\n"));
        VrrpInstanceConfig c = reversed.instances().get(0);
        assertThat(Tracking.fault(c, Map.of(), n -> null, n -> null, n -> reversed.trackProcess(n).orElseThrow(), n -> n.equals("p_default") ? true : null))
                .as("weight 0 reverse: down while the process runs").isTrue();
    }

    @Test
    void matchesByNameOrCommandLineExactlyNotLikePgrep() {
        VrrpTrackProcess nginx = process("process nginx");
        assertThat(ProcessMatcher.matches(nginx, proc("nginx", 'S', "nginx: master process nginx"))).isTrue();
        assertThat(ProcessMatcher.matches(nginx, proc("nginx-debug", 'S'))).as("no pgrep-style substring").isFalse();
        assertThat(ProcessMatcher.matches(nginx, proc("nginx", 'Z'))).as("a zombie is not running").isFalse();

        VrrpTrackProcess exact = process("process /usr/bin/app -c conf");
        assertThat(ProcessMatcher.matches(exact, proc("app", 'S', "/usr/bin/app", "-c", "conf"))).isTrue();
        assertThat(ProcessMatcher.matches(exact, proc("app", 'S', "/usr/bin/app", "-c", "conf", "-v"))).isFalse();
        assertThat(ProcessMatcher.matches(exact, proc("app", 'S', "app", "-c", "conf"))).as("the command as written").isFalse();

        VrrpTrackProcess partial = process("process /usr/bin/app -c\n    param_match partial");
        assertThat(ProcessMatcher.matches(partial, proc("app", 'S', "/usr/bin/app", "-c", "conf"))).isTrue();
        assertThat(ProcessMatcher.matches(partial, proc("app", 'S', "/usr/bin/app", "-cx"))).as("partial: whole words").isFalse();

        VrrpTrackProcess initial = process("process /usr/bin/app 100\n    param_match initial");
        assertThat(ProcessMatcher.matches(initial, proc("app", 'S', "/usr/bin/app", "10005"))).isTrue();
        assertThat(ProcessMatcher.matches(initial, proc("app", 'S', "/usr/bin/app", "99"))).isFalse();

        VrrpTrackProcess none = process("process /usr/bin/app\n    param_match partial");
        assertThat(ProcessMatcher.matches(none, proc("app", 'S', "/usr/bin/app"))).isTrue();
        assertThat(ProcessMatcher.matches(none, proc("app", 'S', "/usr/bin/app", "-v"))).as("param_match without parameters: none allowed").isFalse();

        VrrpTrackProcess full = process("process /usr/sbin/nginx\n    full_command");
        assertThat(ProcessMatcher.matches(full, proc("nginx", 'S', "/usr/sbin/nginx", "-g", "daemon off;"))).isTrue();
        assertThat(ProcessMatcher.matches(full, proc("nginx", 'S', "nginx: worker process"))).isFalse();
    }

    @Test
    void quorumChangesWaitOutTheirDelaysOnTheVirtualClock() {
        ProcessQuorum q = new ProcessQuorum(process("process nginx\n    quorum 2\n    quorum_max 3\n    fork_delay 0.5\n    terminate_delay 0.2"));
        assertThat(q.up()).as("not counted yet").isNull();
        assertThat(q.count(3, 0)).as("the first count decides at once").isTrue();
        assertThat(q.up()).isTrue();

        assertThat(q.count(1, 1_000_000)).as("lost, but terminate_delay runs").isFalse();
        assertThat(q.nextDeadline()).isEqualTo(1_200_000);
        assertThat(q.tick(1_199_999)).isFalse();
        assertThat(q.tick(1_200_000)).isTrue();
        assertThat(q.up()).isFalse();

        assertThat(q.count(2, 2_000_000)).isFalse();
        assertThat(q.count(1, 2_300_000)).as("dropped again before fork_delay ran out").isFalse();
        assertThat(q.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.tick(2_600_000)).isFalse();
        assertThat(q.up()).isFalse();

        assertThat(q.count(4, 3_000_000)).as("above quorum_max is not up either").isFalse();
        assertThat(q.count(2, 3_100_000)).isFalse();
        assertThat(q.tick(3_599_999)).isFalse();
        assertThat(q.tick(3_600_000)).as("fork_delay from the first good count").isTrue();
        assertThat(q.up()).isTrue();

        ProcessQuorum none = new ProcessQuorum(process("process nginx\n    quorum_max 0"));
        none.count(0, 0);
        assertThat(none.up()).as("quorum_max 0: up only while none runs").isTrue();
        assertThat(none.count(1, 10)).isTrue();
        assertThat(none.up()).isFalse();
    }

    @Test
    void badValuesPointAtTheirLineAndUnknownNamesAreWarned() {
        assertThatThrownBy(() -> ConfigParser.parse("k.conf", "vrrp_track_process p {\n  process x\n  delay 0\n}\n"))
                .hasMessageContaining("k.conf:3: delay must be between 0.000001 and 3600 seconds, got 0");
        assertThatThrownBy(() -> ConfigParser.parse("k.conf", "vrrp_track_process p {\n  process x\n  quorum 3\n  quorum_max 2\n}\n"))
                .hasMessageContaining("k.conf:4: quorum_max 2 is less than quorum 3");
        assertThatThrownBy(() -> ConfigParser.parse("k.conf", "vrrp_track_process p {\n  weight 3\n}\n"))
                .hasMessageContaining("k.conf:1: vrrp_track_process p has no process");
        assertThatThrownBy(() -> ConfigParser.parse("k.conf", "vrrp_track_process p {\n  process x\n  param_match bogus\n}\n"))
                .hasMessageContaining("k.conf:3: param_match must be initial or partial, got 'bogus'");
        KeepalivedConfig unknown = parse(CONF.replace("        p_default\n", "        p_missing\n"));
        assertThat(unknown.warnings()).anyMatch(w -> w.startsWith("keepalived.conf:") && w.contains("track_process p_missing not found"));
    }

    private boolean fault(Map<String, Boolean> up) {
        return Tracking.fault(vi1, Map.of(), n -> null, n -> null, n -> config.trackProcess(n).orElseThrow(), up::get);
    }

    private int priority(Map<String, Boolean> up) {
        return Tracking.effectivePriority(vi1, n -> null, n -> null, Map.of(), n -> config.trackProcess(n).orElseThrow(), up::get);
    }

    private static VrrpTrackProcess process(String body) {
        return parse("vrrp_track_process t {\n    " + body + "\n}\n").trackProcess("t").orElseThrow();
    }

    private static ProcessMatcher.Proc proc(String comm, char state, String... argv) {
        return new ProcessMatcher.Proc(1, comm, state, List.of(argv));
    }
}
