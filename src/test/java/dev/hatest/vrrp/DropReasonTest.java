package dev.hatest.vrrp;

import dev.hatest.vrrp.packet.VrrpDecodeException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DropReasonTest {

    /** Instance.received maps each decoder rejection to a drop counter by name; a new reason needs one. */
    @Test
    void everyDecoderRejectionHasADropCounter() {
        assertThat(Arrays.stream(DropReason.values()).map(Enum::name))
                .containsAll(Arrays.stream(VrrpDecodeException.Reason.values()).map(Enum::name).toList());
    }
}
