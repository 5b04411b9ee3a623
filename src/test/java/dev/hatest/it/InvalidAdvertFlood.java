package dev.hatest.it;

import dev.hatest.vrrp.io.NetInterface;
import dev.hatest.vrrp.io.VrrpSocket;
import dev.hatest.vrrp.packet.AuthType;
import dev.hatest.vrrp.packet.VrrpCodec;
import dev.hatest.vrrp.packet.VrrpPacket;
import dev.hatest.vrrp.packet.VrrpVersion;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A test tool, run in a network namespace by {@code NetnsPairIT}: sends VRRPv2 adverts for VRID 51 with a wrong
 * PASS password, {@code count} of them {@code periodMillis} apart, from eth0. Usage: VIP PERIOD_MS COUNT.
 */
public final class InvalidAdvertFlood {

    private InvalidAdvertFlood() {
    }

    public static void main(String[] args) throws Exception {
        NetInterface eth0 = NetInterface.lookup("eth0", List.of());
        byte[] wrong = Arrays.copyOf("wrong".getBytes(StandardCharsets.US_ASCII), VrrpPacket.AUTH_DATA_LENGTH);
        VrrpPacket p = new VrrpPacket(VrrpVersion.V2, 51, 150, 1, AuthType.PASS, wrong, List.of(VrrpCodec.v4(args[0])));
        byte[] message = VrrpCodec.encode(p, eth0.primaryAddress(), VrrpCodec.MULTICAST_GROUP);
        long period = Long.parseLong(args[1]);
        try (VrrpSocket socket = new VrrpSocket(eth0, eth0.primaryAddress())) {
            for (int i = Integer.parseInt(args[2]); i > 0; i--) {
                socket.send(message, VrrpCodec.MULTICAST_GROUP);
                Thread.sleep(period);
            }
        }
    }
}
