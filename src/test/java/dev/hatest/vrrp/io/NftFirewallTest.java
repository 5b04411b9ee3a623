package dev.hatest.vrrp.io;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nfnetlink batch that changes the VIP set, read back field by field. (That the kernel takes it, and that the
 * table matches keepalived's, is shown on a real kernel by NetnsPairIT.)
 */
class NftFirewallTest {

    @Test
    void anElementBatchIsBeginOneAcknowledgedSetElemMessageEnd() throws Exception {
        List<Inet4Address> vips = List.of((Inet4Address) InetAddress.getByName("198.51.100.200"),
                (Inet4Address) InetAddress.getByName("198.51.100.199"));
        byte[] batch = NftFirewall.batch(NftFirewall.NFT_MSG_NEWSETELEM, "keepalived", vips);
        ByteBuffer b = ByteBuffer.wrap(batch).order(ByteOrder.nativeOrder());

        List<Integer> types = new ArrayList<>();
        int at = 0;
        while (at < batch.length) {
            int length = b.getInt(at);
            assertThat(length).as("message at %d", at).isGreaterThanOrEqualTo(20);
            types.add(Short.toUnsignedInt(b.getShort(at + 4)));
            at += length;
        }
        assertThat(at).as("the lengths add up to the whole batch").isEqualTo(batch.length);
        // BATCH_BEGIN, (NFNL_SUBSYS_NFTABLES << 8) | NEWSETELEM, BATCH_END
        assertThat(types).containsExactly(0x10, (10 << 8) | 12, 0x11);
        // the batch is for nf_tables: res_id 10, big-endian
        assertThat(batch[18]).isZero();
        assertThat(batch[19]).isEqualTo((byte) 10);

        int m = 20;
        assertThat(b.getShort(m + 6) & 0x4).as("NLM_F_ACK").isNotZero();
        assertThat(b.getShort(m + 6) & 0x400).as("NLM_F_CREATE").isNotZero();
        assertThat(batch[m + 16]).as("NFPROTO_IPV4").isEqualTo((byte) 2);
        int attr = m + 20;
        assertThat(b.getShort(attr + 2)).as("NFTA_SET_ELEM_LIST_TABLE").isEqualTo((short) 1);
        assertThat(new String(batch, attr + 4, b.getShort(attr) - 5)).isEqualTo("keepalived");
        attr += (b.getShort(attr) + 3) & ~3;
        assertThat(b.getShort(attr + 2)).as("NFTA_SET_ELEM_LIST_SET").isEqualTo((short) 2);
        assertThat(new String(batch, attr + 4, b.getShort(attr) - 5)).isEqualTo("vips");
        attr += (b.getShort(attr) + 3) & ~3;
        assertThat(b.getShort(attr + 2) & 0x7fff).as("NFTA_SET_ELEM_LIST_ELEMENTS").isEqualTo(3);
        assertThat(attr + b.getShort(attr)).as("the elements end the message").isEqualTo(m + b.getInt(m));
        int elem = attr + 4;
        for (Inet4Address vip : vips) {
            // LIST_ELEM { KEY { DATA_VALUE = the address } }
            assertThat(b.getShort(elem + 2) & 0x7fff).isEqualTo(1);
            assertThat(b.getShort(elem + 6) & 0x7fff).isEqualTo(1);
            assertThat(b.getShort(elem + 8)).isEqualTo((short) 8);
            byte[] key = new byte[4];
            System.arraycopy(batch, elem + 12, key, 0, 4);
            assertThat(key).isEqualTo(vip.getAddress());
            elem += b.getShort(elem);
        }
    }

    @Test
    void aDeleteCarriesNoCreateFlag() throws Exception {
        byte[] batch = NftFirewall.batch(NftFirewall.NFT_MSG_DELSETELEM, "t",
                List.of((Inet4Address) InetAddress.getByName("198.51.100.200")));
        ByteBuffer b = ByteBuffer.wrap(batch).order(ByteOrder.nativeOrder());
        assertThat(Short.toUnsignedInt(b.getShort(24))).isEqualTo((10 << 8) | 14);
        assertThat(b.getShort(26) & 0x400).isZero();
    }

    @Test
    void theTableIsReplacedInOneTransactionAtKeepalivedsPriority() {
        assertThat(new NftFirewall("keepalived", -1, "nft").createScript())
                .startsWith("add table ip keepalived\ndelete table ip keepalived\ntable ip keepalived {")
                .contains("hook output priority filter - 1; policy accept; ip saddr @vips drop;")
                .contains("hook input priority filter - 1; policy accept; ip daddr @vips drop;");
        assertThat(new NftFirewall("t", 3, "nft").createScript()).contains("priority filter + 3;");
    }

    @Test
    void ipv6VipsGoInAnIp6TableWhoseSetHolds16OctetKeys() throws Exception {
        List<InetAddress> vips = List.of(dev.hatest.vrrp.packet.VrrpCodec.v6("2001:db8:6::200"));
        byte[] batch = NftFirewall.batch(NftFirewall.NFT_MSG_NEWSETELEM, "keepalived", vips);
        ByteBuffer b = ByteBuffer.wrap(batch).order(ByteOrder.nativeOrder());
        // the set-element message is the second: its nfgenmsg family is NFPROTO_IPV6
        assertThat(batch[20 + 16]).isEqualTo((byte) 10);
        // the key's value, last before BATCH_END: the 16 octets of the address
        int end = batch.length - 20;
        assertThat(java.util.Arrays.copyOfRange(batch, end - 16, end)).isEqualTo(vips.get(0).getAddress());
        assertThat(Short.toUnsignedInt(b.getShort(end - 20))).as("DATA_VALUE attribute length").isEqualTo(20);
        // keepalived's ip6 table: neighbour discovery and link-local traffic pass before the drop rules
        assertThat(new NftFirewall("keepalived", -1, "nft").createScript6())
                .startsWith("add table ip6 keepalived\ndelete table ip6 keepalived\ntable ip6 keepalived {")
                .contains("set vips { type ipv6_addr; }")
                .contains("icmpv6 type @neighbor-discovery accept; ip6 saddr fe80::/10 goto out_link_local; ip6 saddr @vips drop;")
                .contains("icmpv6 type @neighbor-discovery accept; ip6 daddr fe80::/10 goto in_link_local; ip6 daddr @vips drop;");
    }
}
