package dev.hatest.vrrp.config;

import java.util.List;
import java.util.Optional;

/** A whole keepalived.conf as vrrpd understands it, with the warnings that keepalived would also print. */
public record KeepalivedConfig(GlobalDefs globalDefs, List<VrrpScript> scripts, List<VrrpInstanceConfig> instances,
                               List<String> warnings) {

    public KeepalivedConfig {
        scripts = List.copyOf(scripts);
        instances = List.copyOf(instances);
        warnings = List.copyOf(warnings);
    }

    public Optional<VrrpScript> script(String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
