package dev.hatest.vrrp.track;

import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingTest {

    private static final String CONF = """
            vrrp_script chk {
                script /bin/true
                weight -5
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.168.0.200
                }
                track_interface {
                    eth1
                    eth2 weight -20
                    eth3 weight 10
                }
                track_script {
                    chk
                }
            }
            """;

    private final KeepalivedConfig config = parse();
    private final VrrpInstanceConfig vi1 = config.instances().get(0);

    private static KeepalivedConfig parse() {
        try {
            return ConfigParser.parse("keepalived.conf", CONF);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int priority(Map<String, Boolean> links, boolean scriptGood) {
        ScriptState st = new ScriptState(1, 1);
        st.record(scriptGood);
        return Tracking.effectivePriority(vi1, n -> config.script(n).orElseThrow(), n -> st, links);
    }

    @Test
    void anUnweightedTrackedInterfaceOrTheOwnOneGoingDownIsAFault() {
        assertThat(Tracking.fault(vi1, Map.of())).as("unknown links count as up").isFalse();
        assertThat(Tracking.fault(vi1, Map.of("eth1", false))).isTrue();
        assertThat(Tracking.fault(vi1, Map.of("eth0", false))).isTrue();
        assertThat(Tracking.fault(vi1, Map.of("eth2", false, "eth3", false))).as("weighted ones only move the priority").isFalse();
    }

    @Test
    void weightedInterfacesMoveThePriorityAsScriptWeightsDo() {
        // eth3 up: +10; eth2 up: nothing; the script good: nothing
        assertThat(priority(Map.of(), true)).isEqualTo(110);
        // eth2 down: -20; eth3 down: its +10 is gone; the script failing: -5
        assertThat(priority(Map.of("eth2", false, "eth3", false), false)).isEqualTo(75);
    }

    @Test
    void inASyncGroupWeightsAreIgnoredAndAFailingScriptIsAFault() {
        ScriptState bad = new ScriptState(1, 1);
        bad.record(false);
        assertThat(Tracking.effectivePriority(vi1, n -> config.script(n).orElseThrow(), n -> bad, Map.of("eth2", false), true))
                .isEqualTo(100);
        assertThat(Tracking.fault(vi1, Map.of(), n -> bad, true)).isTrue();
        assertThat(Tracking.fault(vi1, Map.of(), n -> bad, false)).as("outside a group the weight applies").isFalse();
        ScriptState good = new ScriptState(1, 1);
        good.record(true);
        assertThat(Tracking.fault(vi1, Map.of("eth2", false), n -> good, true)).as("a weighted interface down").isTrue();
    }
}
