package dev.hatest.vrrp.config;

import java.util.List;

/** A vrrp_sync_group: instances that move together (keepalived's group { ... }). */
public record SyncGroup(String name, List<String> members, Location at) {

    public SyncGroup {
        members = List.copyOf(members);
    }
}
