package dev.hatest.vrrp.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * no_accept's firewall, laid out as keepalived 2.2.7 lays it (measured with {@code nft list ruleset} beside a
 * running keepalived): one table, by default {@code ip keepalived}, holding a set {@code vips} and two base
 * chains at priority filter - 1 that drop what is addressed to, or sent from, a VIP in that set.
 *
 * <p>As keepalived does, a master's VIPs join the set before they are added to the interface and leave it after
 * they are removed, an old table of the same name is replaced, and the table is deleted when the daemon stops.
 * The table is made by one {@code nft -f -} transaction (so a half-made table is never seen); the set's elements
 * change through nfnetlink (NFT_MSG_NEWSETELEM / DELSETELEM in a batch), as keepalived's libnftnl does, because
 * starting nft costs 30-45 ms and this is the takeover path. One difference, for the same reason: keepalived
 * makes its table at the first mastership, vrrpd at start ({@link #prepare}); until then the set is empty, as
 * keepalived's is after its first mastership has ended.
 *
 * <p>IPv6 VIPs go in a table of family {@code ip6} and the same name, as keepalived's (measured): its set is of
 * {@code ipv6_addr}, and neighbour solicitations and advertisements, and link-local traffic, pass before the
 * drop rules, so that a filtered VIP still answers neighbour discovery.
 */
public final class NftFirewall {

    private final String table;
    private final int priority;
    private final String nft;
    private final Set<InetAddress> dropped = new LinkedHashSet<>();
    private boolean created;
    private boolean created6;

    /**
     * @param nft the nft command (normally "nft", found on the PATH)
     */
    public NftFirewall(String table, int priority, String nft) {
        this.table = table;
        this.priority = priority;
        this.nft = nft;
    }

    /** Makes the ip table (empty set), replacing an old one of the same name. */
    public void prepare() throws IOException {
        run(createScript());
        created = true;
    }

    /** Makes the ip6 table (empty set), replacing an old one of the same name. */
    public void prepare6() throws IOException {
        run(createScript6());
        created6 = true;
    }

    /** Packets to and from these addresses are dropped from now on. */
    public void drop(List<? extends InetAddress> vips) throws IOException {
        for (boolean six : new boolean[]{false, true}) {
            List<InetAddress> add = vips.stream().filter(v -> (v instanceof Inet6Address) == six && !dropped.contains(v))
                    .map(v -> (InetAddress) v).toList();
            if (add.isEmpty()) {
                continue;
            }
            if (six && !created6) {
                prepare6();
            } else if (!six && !created) {
                prepare();
            }
            elements(NFT_MSG_NEWSETELEM, add);
            dropped.addAll(add);
        }
    }

    /** These addresses pass again. */
    public void allow(List<? extends InetAddress> vips) throws IOException {
        for (boolean six : new boolean[]{false, true}) {
            List<InetAddress> remove = vips.stream().filter(v -> (v instanceof Inet6Address) == six && dropped.contains(v))
                    .map(v -> (InetAddress) v).toList();
            if (!remove.isEmpty()) {
                elements(NFT_MSG_DELSETELEM, remove);
                dropped.removeAll(remove);
            }
        }
    }

    private static final int NETLINK_NETFILTER = 12;
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final short NFNL_MSG_BATCH_BEGIN = 0x10;
    private static final short NFNL_MSG_BATCH_END = 0x11;
    static final short NFT_MSG_NEWSETELEM = 12;
    static final short NFT_MSG_DELSETELEM = 14;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_ACK = 0x4;
    private static final short NLM_F_CREATE = 0x400;
    private static final int NFPROTO_IPV4 = 2;
    private static final int NFPROTO_IPV6 = 10;
    private static final short NLA_F_NESTED = (short) 0x8000;
    private static final short NFTA_SET_ELEM_LIST_TABLE = 1;
    private static final short NFTA_SET_ELEM_LIST_SET = 2;
    private static final short NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private static final short NFTA_LIST_ELEM = 1;
    private static final short NFTA_SET_ELEM_KEY = 1;
    private static final short NFTA_DATA_VALUE = 1;

    private void elements(short op, List<InetAddress> vips) throws IOException {
        String family = vips.get(0) instanceof Inet6Address ? "ip6 " : "ip ";
        String what = (op == NFT_MSG_NEWSETELEM ? "add element " : "delete element ") + family + table + " vips { " + list(vips) + " }";
        int error = Netlink.acknowledged(NETLINK_NETFILTER, batch(op, table, vips), what);
        if (error != 0) {
            throw new IOException(what + ": errno " + error + (error == 2 ? " (no such table or set)" : ""));
        }
    }

    /**
     * BATCH_BEGIN, one NEWSETELEM or DELSETELEM (acknowledged) for {@code vips} (of one family) in set "vips"
     * of the ip or ip6 {@code table}, BATCH_END: what {@code nft add element} sends.
     */
    static byte[] batch(short op, String table, List<? extends InetAddress> vips) {
        byte[] tableName = (table + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] setName = "vips\0".getBytes(StandardCharsets.US_ASCII);
        boolean six = vips.get(0) instanceof Inet6Address;
        int width = six ? 16 : 4;
        int elem = 4 + 4 + 4 + width; // LIST_ELEM { KEY { DATA_VALUE (4 or 16 bytes) } }
        int elements = 4 + elem * vips.size();
        int body = 16 + 4 + align(4 + tableName.length) + align(4 + setName.length) + elements;
        ByteBuffer b = ByteBuffer.allocate(20 + body + 20).order(ByteOrder.nativeOrder());
        header(b, 20, NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, 1, 0, NFNL_SUBSYS_NFTABLES);
        short flags = (short) (NLM_F_REQUEST | NLM_F_ACK | (op == NFT_MSG_NEWSETELEM ? NLM_F_CREATE : 0));
        header(b, body, (short) (NFNL_SUBSYS_NFTABLES << 8 | op), flags, 2, six ? NFPROTO_IPV6 : NFPROTO_IPV4, 0);
        attribute(b, NFTA_SET_ELEM_LIST_TABLE, tableName);
        attribute(b, NFTA_SET_ELEM_LIST_SET, setName);
        b.putShort((short) elements).putShort((short) (NFTA_SET_ELEM_LIST_ELEMENTS | NLA_F_NESTED));
        for (InetAddress vip : vips) {
            b.putShort((short) elem).putShort((short) (NFTA_LIST_ELEM | NLA_F_NESTED));
            b.putShort((short) (8 + width)).putShort((short) (NFTA_SET_ELEM_KEY | NLA_F_NESTED));
            b.putShort((short) (4 + width)).putShort(NFTA_DATA_VALUE).put(vip.getAddress());
        }
        header(b, 20, NFNL_MSG_BATCH_END, NLM_F_REQUEST, 3, 0, NFNL_SUBSYS_NFTABLES);
        return b.array();
    }

    /** nlmsghdr + nfgenmsg (family, version 0, res_id in network order). */
    private static void header(ByteBuffer b, int length, short type, short flags, int seq, int family, int resId) {
        b.putInt(length).putShort(type).putShort(flags).putInt(seq).putInt(0);
        b.put((byte) family).put((byte) 0).put((byte) (resId >> 8)).put((byte) resId);
    }

    private static void attribute(ByteBuffer b, short type, byte[] value) {
        b.putShort((short) (4 + value.length)).putShort(type).put(value);
        for (int pad = align(4 + value.length) - 4 - value.length; pad > 0; pad--) {
            b.put((byte) 0);
        }
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }

    /** Removes the table, if this daemon made one. */
    public void close() throws IOException {
        if (created) {
            run("delete table ip " + table + "\n");
            created = false;
        }
        if (created6) {
            run("delete table ip6 " + table + "\n");
            created6 = false;
        }
        dropped.clear();
    }

    /** The transaction that replaces any old table of this name by an empty one. */
    String createScript() {
        String at = priority < 0 ? "filter - " + -(long) priority : "filter + " + priority;
        // keepalived's chain order (out, then in), so that `nft list ruleset` reads the same.
        // "add table" first, so that "delete table" cannot fail when there is no old table.
        return "add table ip " + table + "\n"
                + "delete table ip " + table + "\n"
                + "table ip " + table + " {\n"
                + "  set vips { type ipv4_addr; }\n"
                + "  chain out { type filter hook output priority " + at + "; policy accept; ip saddr @vips drop; }\n"
                + "  chain in { type filter hook input priority " + at + "; policy accept; ip daddr @vips drop; }\n"
                + "}\n";
    }

    /** The ip6 table, as keepalived 2.2.7 lays it out (measured with {@code nft list ruleset}). */
    String createScript6() {
        String at = priority < 0 ? "filter - " + -(long) priority : "filter + " + priority;
        return "add table ip6 " + table + "\n"
                + "delete table ip6 " + table + "\n"
                + "table ip6 " + table + " {\n"
                + "  set vips { type ipv6_addr; }\n"
                + "  set neighbor-discovery { type icmpv6_type; flags constant; elements = { nd-neighbor-solicit, nd-neighbor-advert }; }\n"
                + "  chain out { type filter hook output priority " + at + "; policy accept; icmpv6 type @neighbor-discovery accept;"
                + " ip6 saddr fe80::/10 goto out_link_local; ip6 saddr @vips drop; }\n"
                + "  chain in { type filter hook input priority " + at + "; policy accept; icmpv6 type @neighbor-discovery accept;"
                + " ip6 daddr fe80::/10 goto in_link_local; ip6 daddr @vips drop; }\n"
                + "  chain in_link_local { }\n"
                + "  chain out_link_local { }\n"
                + "}\n";
    }

    private static String list(List<InetAddress> vips) {
        return vips.stream().map(dev.hatest.vrrp.packet.VrrpCodec::text).collect(Collectors.joining(", "));
    }

    private void run(String script) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(nft, "-f", "-").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("no_accept needs the nft command (package nftables): " + e.getMessage(), e);
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.US_ASCII));
        }
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nft did not finish in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for nft", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("nft failed (exit " + p.exitValue() + "): " + out.replace('\n', ' '));
        }
    }
}
