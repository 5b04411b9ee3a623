package dev.hatest.harness.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** A topology as JSON, as a kept cluster carries it in a label of its client, with every node's files. */
final class TopologyJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record NodeDto(String name, String address, Map<String, String> files, Map<String, String> env) {
    }

    private record TopologyDto(String subnet, List<NodeDto> nodes, List<String> vips, String clientAddress) {
    }

    private TopologyJson() {
    }

    static String write(Topology t) {
        try {
            return JSON.writeValueAsString(new TopologyDto(t.subnet(),
                    t.nodes().stream().map(n -> new NodeDto(n.name(), n.address(), n.files(), n.env())).toList(), t.vips(), t.clientAddress()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Topology read(String json) {
        try {
            TopologyDto d = JSON.readValue(json, TopologyDto.class);
            return new Topology(d.subnet(), d.nodes().stream().map(n -> new NodeSpec(n.name(), n.address(), n.files(), n.env())).toList(),
                    d.vips(), d.clientAddress());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept cluster's topology label is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
