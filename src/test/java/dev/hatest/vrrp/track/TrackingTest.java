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
        ScriptState good = new ScriptState(1, 1);
        good.record(true);
        java.util.function.Function<String, dev.hatest.vrrp.config.VrrpScript> scripts = n -> config.script(n).orElseThrow();
        assertThat(Tracking.fault(vi1, Map.of(), scripts, n -> good)).as("unknown links count as up").isFalse();
        assertThat(Tracking.fault(vi1, Map.of("eth1", false), scripts, n -> good)).isTrue();
        assertThat(Tracking.fault(vi1, Map.of("eth0", false), scripts, n -> good)).isTrue();
        assertThat(Tracking.fault(vi1, Map.of("eth2", false, "eth3", false), scripts, n -> good)).as("weighted ones only move the priority").isFalse();
    }

    @Test
    void weightedInterfacesMoveThePriorityAsScriptWeightsDo() {
        // eth3 up: +10; eth2 up: nothing; the script good: nothing
        assertThat(priority(Map.of(), true)).isEqualTo(110);
        // eth2 down: -20; eth3 down: its +10 is gone; the script failing: -5
        assertThat(priority(Map.of("eth2", false, "eth3", false), false)).isEqualTo(75);
    }

    @Test
    void aFailingScriptWithoutWeightIsAFault() throws Exception {
        VrrpInstanceConfig c = ConfigParser.parse("k.conf", CONF.replace("    weight -5\n", "")).instances().get(0);
        KeepalivedConfig k = ConfigParser.parse("k.conf", CONF.replace("    weight -5\n", ""));
        ScriptState bad = new ScriptState(1, 1);
        bad.record(false);
        ScriptState good = new ScriptState(1, 1);
        good.record(true);
        assertThat(Tracking.fault(c, Map.of(), n -> k.script(n).orElseThrow(), n -> bad)).isTrue();
        assertThat(Tracking.fault(c, Map.of(), n -> k.script(n).orElseThrow(), n -> good)).isFalse();
    }
}
