package dev.hatest.harness.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hatest.harness.history.Observation.GarpSent;
import dev.hatest.harness.history.Observation.Mark;
import dev.hatest.harness.history.Observation.NodeCondition;
import dev.hatest.harness.history.Observation.Request;
import dev.hatest.harness.history.Observation.StateChange;
import dev.hatest.harness.history.Observation.Unknown;
import dev.hatest.harness.history.Observation.VrrpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saved run's events are read back into the observations their sources made: the text of each is
 * {@link Observation#value()}, and {@link Observation#parse} is its exact inverse. What can't be read is kept as
 * {@link Unknown}, which no checker reads.
 */
class ObservationTest {

    /** Every event of every recorded run (real daemons, real probes) reads back typed, and writes back to the same text. */
    @Test
    void aConfigTestsFindingsAreTypedWithTheirLineAndWhetherTheyOnlyWarn() {
        Observation.ConfigChecked c = Observation.ConfigChecked.of(1, java.util.List.of(
                "to/lb02/keepalived.conf:14: SECURITY VIOLATION - scripts are being executed but script_security not enabled. (warning)",
                "(advert-int-0.conf: Line 6) number '0' outside range [0.010000, 255.000000]",
                "to/lb02/keepalived.conf:20: virtual_router_id must be 1..255, got 351",
                "no line here"));
        org.assertj.core.api.Assertions.assertThat(c.findings()).extracting(Observation.ConfigChecked.Finding::line, Observation.ConfigChecked.Finding::warning)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(14, true), org.assertj.core.groups.Tuple.tuple(6, false),
                        org.assertj.core.groups.Tuple.tuple(20, false), org.assertj.core.groups.Tuple.tuple(null, false));
    }

    @Test
    void everyRecordedEventReadsBackTypedAndWritesTheSameText() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/recorded"))) {
            files = s.filter(f -> f.toString().endsWith(".json.gz")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        ObjectMapper mapper = new ObjectMapper();
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        int n = 0;
        for (Path f : files) {
            JsonNode root;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                root = mapper.readTree(in);
            }
            for (JsonNode e : root.path("events")) {
                String kind = e.path("kind").asText();
                String value = e.path("value").asText();
                Observation o = Observation.parse(kind, value);
                assertThat(o).as("%s: %s %s", f.getFileName(), kind, value).isNotInstanceOf(Unknown.class);
                assertThat(o.kind()).isEqualTo(kind);
                assertThat(o.value()).isEqualTo(value);
                seen.add(o.getClass());
                n++;
            }
        }
        assertThat(n).isGreaterThan(1000);
        // the recorded runs cover every source: daemons, nemesis, client, wire and executor
        assertThat(seen).contains(StateChange.class, NodeCondition.class, Request.class, GarpSent.class, Mark.class,
                Observation.Advert.class, Observation.GarpSeen.class, Observation.Neighbour.class, Observation.Nemesis.class,
                Observation.AddressChange.class, Observation.PriorityChange.class, Observation.Reload.class, Observation.Phase.class);
    }

    @Test
    void eachFieldIsReadFromItsText() {
        assertThat(Observation.parse(Kinds.STATE, "VI_1 BACKUP->MASTER: master down timer expired"))
                .isEqualTo(new StateChange("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "master down timer expired"));
        assertThat(Observation.parse(Kinds.STATE, "* FROZEN->RESUMED: unpaused"))
                .isEqualTo(new NodeCondition(NodeCondition.Condition.RESUMED, "unpaused"));
        assertThat(Observation.parse(Kinds.STATE, "* ->DEAD: killed")).isEqualTo(new NodeCondition(NodeCondition.Condition.DEAD, "killed"));
        assertThat(Observation.parse(Kinds.HTTP_FAIL, "fd00:198:18::200 refused")).isEqualTo(Request.failed("fd00:198:18::200", "refused"));
        assertThat(Observation.parse(Kinds.GARP, "VI_1 [\"198.18.0.200/24\",\"198.18.0.201/24\"]"))
                .isEqualTo(new GarpSent("VI_1", List.of("198.18.0.200/24", "198.18.0.201/24")));
        assertThat(((GarpSent) Observation.parse(Kinds.GARP, "VI_1 [\"198.18.0.200/24\"]")).announces("198.18.0.200")).isTrue();
        // the longest mark name wins: "not back" is not "not" + "back"
        assertThat(Observation.parse(Kinds.MARK, "not back 198.18.0.200")).isEqualTo(new Mark(Mark.Name.NOT_BACK, "198.18.0.200"));
        assertThat(Observation.parse(Kinds.MARK, "one master VI_1")).isEqualTo(new Mark(Mark.Name.ONE_MASTER, "VI_1"));
        assertThat(Observation.parse(Kinds.MARK, "held")).isEqualTo(Mark.of(Mark.Name.HELD));
        assertThat(Observation.parse(Kinds.RELOAD, "applied: VI_1 priority")).isEqualTo(
                new Observation.Reload(Observation.Reload.Result.APPLIED, "VI_1 priority"));
    }

    /** A newer hatest's kind, or text that does not read as its kind, is kept whole and never judged. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "state|VI_1 INIT->BACKUP: start",
            "state|no arrow here",
            "advert|vrid x prio 100",
            "priority|VI_1 100->",
            "garp|VI_1 [198.18.0.200]",
            "mark|teleported",
            "reload|maybe: later",
            "tcp-reset|198.18.0.200 from lb01"})
    void whatCannotBeReadIsKeptAsUnknown(String kind, String value) {
        Observation o = Observation.parse(kind, value);
        assertThat(o).isEqualTo(new Unknown(kind, value));
        Event e = Event.saved(1, "lb01", kind, value);
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.value()).isEqualTo(value);
    }
}
