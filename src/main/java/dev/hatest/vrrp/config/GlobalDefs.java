package dev.hatest.vrrp.config;

import java.util.List;

/** The parts of global_defs that the daemon uses or reports. */
public record GlobalDefs(String routerId, List<String> notificationEmail, String notificationEmailFrom,
                         String smtpServer, int vrrpVersion, long garpMasterDelayMillis, int garpMasterRepeat) {

    public static GlobalDefs defaults() {
        return new GlobalDefs(null, List.of(), null, null, 2, 5000, 5);
    }
}
