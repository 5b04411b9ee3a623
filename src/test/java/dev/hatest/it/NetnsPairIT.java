package dev.hatest.it;

import dev.hatest.HostTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 3's acceptance test, without containers: vrrpd and keepalived 2.2.7 on a plain Linux bridge between
 * two network namespaces of this host. They elect, fail over and preempt back, both ways round, and tshark
 * reads every packet vrrpd sent as well-formed VRRP. The bridge carries no address of the host's and joins
 * no real NIC; it, its forwarding rule and the namespaces are removed afterwards.
 */
class NetnsPairIT {

    private static final String SUBNET = "198.51.100.";
    private static final String VIP = SUBNET + "200";
    /** IPv6's documentation prefix (RFC 3849): never routed, and the bridge joins no real NIC anyway. */
    private static final String PREFIX6 = "2001:db8:6::";
    private static final String VIP6 = PREFIX6 + "200";

    @TempDir
    Path dir;

    private String id;
    private String bridge;
    private final List<Process> daemons = new ArrayList<>();
    private Process capture;

    @BeforeEach
    void network() throws Exception {
        id = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
        bridge = "hbr-n" + id;
        sh("ip link add " + bridge + " type bridge && ip link set " + bridge + " addrgenmode none && ip link set " + bridge + " up");
        // Docker's FORWARD policy is DROP, and br_netfilter shows it this bridge's frames (the host-wide
        // bridge-nf-call-iptables overrides a bridge's own nf_call_iptables 0): let the bridge forward to
        // itself, as Docker does for docker0, until the clean-up
        sh(forward("-I"));
        for (String node : new String[]{"a", "b", "c"}) {
            String ns = ns(node);
            String host = "hbq-" + id + node;
            sh("ip netns add " + ns);
            sh("ip link add " + host + " type veth peer name eth0 netns " + ns);
            sh("ip link set " + host + " addrgenmode none && ip link set " + host + " master " + bridge + " && ip link set " + host + " up");
            sh("ip -n " + ns + " link set lo up && ip -n " + ns + " addr add " + address(node) + "/24 dev eth0 && ip -n " + ns
                    + " link set eth0 up");
        }
        // c is a client: an address in the IPv6 VIP's prefix, to see whose MAC its neighbour entry for the VIP names
        sh("ip -n " + ns("c") + " addr add " + PREFIX6 + "3/64 dev eth0");
        // --immediate-mode: each packet as it comes, not a block at a time (up to 1 s late): a capture stopped
        // right after the last NA still holds it
        capture = HostTools.command("tcpdump", "-i", bridge, "-U", "--immediate-mode", "-w", dir.resolve("vrrp.pcap").toString(),
                        "ip proto 112 or ip6 proto 112 or (icmp6 and ip6[40] == 136)")
                .redirectErrorStream(true).redirectOutput(dir.resolve("tcpdump.log").toFile()).start();
        // tcpdump says "listening on" once it captures: no packet of the test goes unseen
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("tcpdump.log")).contains("listening on"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        daemons.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        daemons.forEach(Process::destroyForcibly);
        if (capture != null) {
            capture.destroy();
            capture.waitFor(5, TimeUnit.SECONDS);
        }
        for (String node : new String[]{"a", "b", "c"}) {
            // killing the namespace's processes first: a namespace with a process left in it outlives `del`
            run("for p in $(ip netns pids " + ns(node) + " 2>/dev/null); do kill -9 $p; done; ip netns del " + ns(node));
            run("ip link del hbq-" + id + node);
        }
        run(forward("-D"));
        run("ip link del " + bridge);
        assertThat(run("ip -o link show " + bridge + " 2>&1; ip netns list | grep hatest-" + id)).doesNotContain(bridge + ":");
    }

    @Test
    void vrrpdAndKeepalivedElectFailOverAndPreemptBothWays() throws Exception {
        // vrrpd at 101 (a), keepalived at 100 (b): vrrpd wins; its crash hands the VIP to keepalived; back, it
        // preempts.
        Process vrrpd = vrrpd("a", 101);
        Process keepalived = keepalived("b", 100);
        awaitVipOn("a");
        vrrpd.descendants().forEach(ProcessHandle::destroyForcibly);
        vrrpd.destroyForcibly();
        // keepalived takes over after Master_Down_Interval (3.6 s); vrrpd's VIP stays on a's interface after
        // a kill -9, as keepalived's would, so only b is checked here
        awaitVip("b", true);
        vrrpd = vrrpd("a", 101);
        awaitVipOn("a");

        // The other way round: keepalived at 101 (b) over vrrpd at 100 (a).
        stop(vrrpd);
        stop(keepalived);
        awaitVip("a", false);
        awaitVip("b", false);
        vrrpd = vrrpd("a", 100);
        keepalived = keepalived("b", 101);
        awaitVipOn("b");
        // a crash: parent and VRRP child killed at once (killing the parent alone makes the child say goodbye)
        run("kill -9 $(cat " + dir.resolve("k-b.pid") + ") $(cat " + dir.resolve("v-b.pid") + ")");
        assertThat(keepalived.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitVip("a", true);
        keepalived = keepalived("b", 101);
        awaitVipOn("b");
        stop(keepalived);
        stop(vrrpd);

        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        Process tshark = HostTools.command("tshark", "-r", dir.resolve("vrrp.pcap").toString(), "-Y", "ip.src==" + address("a"),
                "-T", "fields", "-E", "separator=,", "-e", "ip.ttl", "-e", "vrrp.version", "-e", "vrrp.virt_rtr_id",
                "-e", "vrrp.checksum.status", "-e", "vrrp.ip_addr", "-e", "_ws.malformed", "-e", "_ws.expert.severity").start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> packets = out.lines().filter(l -> !l.isBlank()).toList();
        System.out.println("FIGURE netnsVrrpdPackets=" + packets.size());
        // vrrpd was master three times over some seconds, advertising every second
        assertThat(packets).hasSizeGreaterThan(5);
        // TTL 255, VRRPv2, VRID 51, checksum good, the VIP; nothing malformed, no expert warning
        assertThat(packets).allSatisfy(p -> assertThat(p).isEqualTo("255,2,51,1," + VIP + ",,"));
    }

    /**
     * A reload (SIGHUP), measured on keepalived 2.2.7 and asked of vrrpd the same way: each daemon in turn is
     * master on a (101), the other daemon backup on b (100). The same config again moves nothing and leaves no
     * gap in a's adverts; priority 99 by reload keeps a master until b preempts it; a config with an error
     * (VRID 351): keepalived, without reload_check_config, exits (measured) and vrrpd refuses it with
     * file:line and carries on.
     */
    @Test
    void aReloadKeepsTheMasterAndAppliesAChangeAsKeepalivedDoes() throws Exception {
        reloadOn("keepalived");
        reloadOn("vrrpd");
    }

    private void reloadOn(String daemon) throws Exception {
        Path conf = dir.resolve("reloaded-" + daemon + ".conf");
        Files.writeString(conf, Files.readString(config("a", 101, daemon, "")));
        Process master = daemon.equals("vrrpd") ? startVrrpd("a", conf) : startKeepalived("a", conf);
        Process peer = daemon.equals("vrrpd") ? keepalived("b", 100) : vrrpd("b", 100);
        Path log = dir.resolve(daemon + "-a.log");
        awaitVipOn("a");
        long entered = count(log, "Entering");
        double before = System.currentTimeMillis() / 1000.0;
        hup(daemon, master);
        // the daemon's own word that it is done, then 4 s (four adverts) in which nothing may move
        await().atMost(Duration.ofSeconds(10)).until(() -> count(log, "Reload complete") == 1);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> hasVip("a") && !hasVip("b"));
        assertThat(count(log, "Entering")).as(daemon + ": no transition; logs:\n" + logs()).isEqualTo(entered);
        List<Double> sent = advertTimes(address("a")).stream().filter(t -> t >= before - 1.5).toList();
        double gap = 0;
        for (int i = 1; i < sent.size(); i++) {
            gap = Math.max(gap, sent.get(i) - sent.get(i - 1));
        }
        System.out.println("FIGURE reloadAdvertGap " + daemon + "=" + String.format("%.3f", gap) + " s");
        assertThat(gap).as(daemon + ": the adverts go on through the reload (advert_int 1 s)").isLessThan(1.5);

        // priority 99 under b's 100: a stays master until b, which preempts, takes over
        Files.writeString(conf, Files.readString(config("a", 99, daemon, "")));
        hup(daemon, master);
        awaitVipOn("b");

        // an error: keepalived exits on it; vrrpd says where and carries on (b keeps the VIP, a stays backup)
        String broken = Files.readString(conf).replace("virtual_router_id 51", "virtual_router_id 351");
        Files.writeString(conf, broken);
        int line = List.of(broken.split("\n")).indexOf("    virtual_router_id 351") + 1;
        hup(daemon, master);
        if (daemon.equals("keepalived")) {
            assertThat(master.waitFor(15, TimeUnit.SECONDS)).as("keepalived 2.2.7 exits on a reload with an error").isTrue();
            assertThat(Files.readString(log)).contains("exited with permanent error CONFIG");
        } else {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(log, "Reload rejected") == 1);
            assertThat(Files.readString(log)).contains(conf + ":" + line + ": virtual_router_id must be 1..255, got 351");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> master.isAlive() && hasVip("b") && !hasVip("a"));
            stop(master);
        }
        stop(peer);
        awaitVip("a", false);
        awaitVip("b", false);
    }

    /**
     * Issue 32: a reload of a file that once killed vrrpd's event loop (20,000 nested braces: a StackOverflowError
     * on the loop thread, leaving the VIP up and no adverts) or made it exit with its VIPs still up (256 VIPs) is
     * rejected at file:line, and the config in force goes on: the VIP stays, the adverts keep their interval.
     * SIGTERM then removes the VIP.
     */
    @Test
    void aHostileReloadIsRejectedAndTheMasterGoesOnAdvertising() throws Exception {
        Path conf = dir.resolve("hostile.conf");
        String good = Files.readString(config("a", 101, "vrrpd", ""));
        Files.writeString(conf, good);
        Process master = startVrrpd("a", conf);
        Path log = dir.resolve("vrrpd-a.log");
        awaitVip("a", true);
        String vips = java.util.stream.IntStream.range(0, 256).mapToObj(i -> "        10.9." + i / 200 + "." + (i % 200 + 1))
                .collect(java.util.stream.Collectors.joining("\n"));
        List<String> hostile = List.of("{".repeat(20_000) + "\n" + good, good.replace("        " + VIP, vips));
        for (int k = 0; k < hostile.size(); k++) {
            Files.writeString(conf, hostile.get(k));
            double before = System.currentTimeMillis() / 1000.0;
            hup("vrrpd", master);
            int rejected = k + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> count(log, "Reload rejected") == rejected);
            // 4 s (four adverts) in which the VIP stays and the daemon lives
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> master.isAlive() && hasVip("a"));
            List<Double> sent = advertTimes(address("a")).stream().filter(t -> t >= before - 1.5).toList();
            assertThat(sent).as("adverts after hostile reload %d; logs:%n%s", k, logs()).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < sent.size(); i++) {
                assertThat(sent.get(i) - sent.get(i - 1)).as("advert gap after hostile reload %d", k).isLessThan(1.5);
            }
        }
        assertThat(Files.readString(log)).contains(conf + ":1: blocks nested deeper than 32; this one is skipped",
                "more than 255 virtual_ipaddress").doesNotContain("StackOverflowError", "fatal");
        stop(master);
        awaitVip("a", false);
    }

    private void hup(String daemon, Process p) throws Exception {
        sh(daemon.equals("vrrpd") ? "kill -HUP " + p.pid() : "kill -HUP $(cat " + dir.resolve("k-a.pid") + ")");
    }

    private static long count(Path log, String text) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
    }

    /**
     * no_accept: a master that is not the address owner drops what is addressed to its VIP. keepalived does it
     * with an nftables table; vrrpd must make the same table, with the same rules, at the same moments.
     * A TCP connection to a port nobody listens on tells the two cases apart without a server: curl exits 7
     * (refused: the packet reached the node's stack) or 28 (timed out: dropped).
     */
    @Test
    void noAcceptDropsTrafficToTheVipWithKeepalivedsFirewall() throws Exception {
        Process vrrpd = vrrpd("a", 101, "no_accept");
        awaitVipOn("a");
        String vrrpdRules = run("ip netns exec " + ns("a") + " nft list ruleset");
        assertThat(vrrpdRules).contains("table ip keepalived", "elements = { " + VIP + " }");
        assertThat(curlFromB(VIP)).as("to the VIP: dropped").isEqualTo(28);
        assertThat(curlFromB(address("a"))).as("to a's own address: refused, not dropped").isEqualTo(7);
        stop(vrrpd);
        assertThat(run("ip netns exec " + ns("a") + " nft list ruleset")).as("table removed at stop").isBlank();

        Process keepalived = keepalived("a", 101, "no_accept");
        awaitVipOn("a");
        // keepalived adds its drop rule just before its VIP: wait for the rule, then compare the whole ruleset
        await().atMost(Duration.ofSeconds(5)).until(() -> run("ip netns exec " + ns("a") + " nft list ruleset").contains(VIP));
        assertThat(vrrpdRules).isEqualTo(run("ip netns exec " + ns("a") + " nft list ruleset"));
        stop(keepalived);

        vrrpd = vrrpd("a", 101, "accept");
        awaitVipOn("a");
        assertThat(curlFromB(VIP)).as("accept: refused, so it reached the stack").isEqualTo(7);
        assertThat(run("ip netns exec " + ns("a") + " nft list ruleset")).as("no table for accept").isBlank();
        stop(vrrpd);
    }

    /**
     * A vrrp_sync_group's own tracking and notify scripts, run by keepalived and then by vrrpd with the same
     * config in the same namespace, through the same steps: up (the group goes MASTER), the group's
     * track_script fails (FAULT), recovers (MASTER again), stop. Every notify call each daemon made is logged
     * by the scripts; the two logs must hold the same calls with the same arguments. (They are compared
     * sorted: the scripts run in the background, so two started together may write in either order.)
     */
    @Test
    void aSyncGroupsTrackingAndNotifyScriptsRunAsKeepalivedsDo() throws Exception {
        Path notify = Files.writeString(dir.resolve("notify.sh"), "#!/bin/sh\necho \"$(basename $0) $*\" >> " + dir.resolve("calls") + "\n");
        Files.copy(notify, dir.resolve("group.sh"));
        Path check = Files.writeString(dir.resolve("check.sh"), "#!/bin/sh\n[ ! -f " + dir.resolve("fail") + " ]\n");
        for (Path p : List.of(notify, dir.resolve("group.sh"), check)) {
            p.toFile().setExecutable(true);
        }
        String conf = """
                vrrp_script chk {
                    script "%1$s"
                    interval 1
                    fall 1
                    rise 1
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_2
                    }
                    track_script {
                        chk
                    }
                    notify_master "%2$s gm arg"
                    notify_backup %2$s
                    notify_fault "%2$s gf"
                    notify_stop "%2$s gs"
                    notify %3$s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 61
                    priority 100
                    notify_master "%3$s im"
                    notify %3$s
                    virtual_ipaddress {
                        %4$s210
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 62
                    priority 100
                    virtual_ipaddress {
                        %4$s211
                    }
                }
                """.formatted(check, dir.resolve("group.sh"), notify, SUBNET);
        Path file = Files.writeString(dir.resolve("sync.conf"), conf);
        List<String> keepalived = syncGroupCalls(start("a", "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f", file.toString(),
                "-p", dir.resolve("k-a.pid").toString(), "-r", dir.resolve("v-a.pid").toString()));
        List<String> vrrpd = syncGroupCalls(startVrrpd("a", file));
        System.out.println("FIGURE syncGroupNotifyCalls=" + vrrpd.size());
        assertThat(keepalived).as("keepalived's calls").contains("group.sh gm arg", "notify.sh GROUP G1 FAULT 0", "group.sh gs");
        assertThat(vrrpd).isEqualTo(keepalived);
    }

    /** Up, the group's script failing, recovering, stop; the notify calls made, sorted. */
    private List<String> syncGroupCalls(Process daemon) throws Exception {
        Path calls = dir.resolve("calls");
        Files.deleteIfExists(dir.resolve("fail"));
        Files.deleteIfExists(calls);
        awaitCall(calls, "notify.sh GROUP G1 MASTER 0", 1);
        Files.writeString(dir.resolve("fail"), "");
        awaitCall(calls, "notify.sh GROUP G1 FAULT 0", 1);
        Files.delete(dir.resolve("fail"));
        // every script the second MASTER starts, before the stop: stopping as soon as the group's notify had
        // written left keepalived's second "notify.sh im" missing once in CI (a script cut short by the stop)
        awaitCall(calls, "notify.sh GROUP G1 MASTER 0", 2);
        awaitCall(calls, "group.sh gm arg", 2);
        awaitCall(calls, "notify.sh INSTANCE VI_1 MASTER 100", 2);
        awaitCall(calls, "notify.sh im", 2);
        stop(daemon);
        // every script the stop starts (keepalived starts these three), each of which may finish last
        awaitCall(calls, "notify.sh GROUP G1 STOP 0", 1);
        awaitCall(calls, "group.sh gs", 1);
        awaitCall(calls, "notify.sh INSTANCE VI_1 STOP 100", 1);
        return Files.readAllLines(calls).stream().sorted().toList();
    }

    private void awaitCall(Path calls, String line, int times) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.exists(calls)
                ? Files.readAllLines(calls).stream().filter(line::equals).count() : 0).as(line + "; logs:\n" + logs()).isEqualTo(times));
    }

    /**
     * Who scripts run as: the same config under keepalived and then vrrpd, in the same namespace. Each script
     * writes its name and {@code id}; the two daemons must leave the same lines: script_user's nobody for a
     * vrrp_script and a notify line without a user of their own, root where a script names root, nobody:nogroup
     * where a notify line says so, and supplementary groups cut down to that one group. A weight-0 script that
     * only root may execute, set to run as nobody, is disabled by both (it would otherwise fail and hold the
     * instance in FAULT): each daemon must reach MASTER.
     */
    @Test
    void scriptsRunAsTheAccountsKeepalivedRunsThemAs() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ids = dir.resolve("ids");
        Path id = Files.writeString(dir.resolve("id.sh"), "#!/bin/sh\necho \"$* $(id)\" >> " + ids + "\n");
        Files.setPosixFilePermissions(id, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path closed = Files.writeString(dir.resolve("closed.sh"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String conf = """
                global_defs {
                    script_user nobody
                }
                vrrp_script chk {
                    script "%1$s chk"
                    interval 1
                    weight 2
                }
                vrrp_script chk_root {
                    script "%1$s chk_root"
                    interval 1
                    weight 2
                    user root
                }
                vrrp_script chk_closed {
                    script "%2$s"
                    interval 1
                    user nobody
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 71
                    priority 100
                    advert_int 1
                    track_script {
                        chk
                        chk_root
                        chk_closed
                    }
                    notify_master "%1$s master" root
                    notify_backup "%1$s backup"
                    notify "%1$s notify" nobody nogroup
                    virtual_ipaddress {
                        %3$s212
                    }
                }
                """.formatted(id, closed, SUBNET);
        Path file = Files.writeString(dir.resolve("users.conf"), conf);
        List<String> keepalived = scriptIds(start("a", "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f", file.toString(),
                "-p", dir.resolve("k-a.pid").toString(), "-r", dir.resolve("v-a.pid").toString()), ids);
        List<String> vrrpd = scriptIds(startVrrpd("a", file), ids);
        System.out.println("FIGURE scriptAccounts=" + vrrpd.size());
        assertThat(keepalived).as("keepalived's scripts").contains(
                "chk uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)",
                "chk_root uid=0(root) gid=0(root) groups=0(root)",
                "master uid=0(root) gid=0(root) groups=0(root)");
        assertThat(vrrpd).isEqualTo(keepalived);
    }

    /** Up to MASTER, then stopped: the distinct lines the scripts wrote, sorted. */
    private List<String> scriptIds(Process daemon, Path ids) throws Exception {
        Files.deleteIfExists(ids);
        Files.createFile(ids, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-")));
        Files.setPosixFilePermissions(ids, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        // notify and notify_master are started together on the change to MASTER, so both are awaited: the
        // generic one finishing first says nothing of the other (a clean-clone run stopped in between).
        Predicate<String> master = l -> l.startsWith("notify INSTANCE VI_1 MASTER ");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.readAllLines(ids)).as("logs:\n" + logs())
                .anyMatch(master).anyMatch(l -> l.startsWith("master ")).anyMatch(l -> l.startsWith("chk "))
                .anyMatch(l -> l.startsWith("chk_root ")));
        stop(daemon);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readAllLines(ids).stream().anyMatch(l -> l.startsWith("notify INSTANCE VI_1 STOP ")));
        return Files.readAllLines(ids).stream().distinct().sorted().toList();
    }

    /**
     * track_file, under keepalived and then vrrpd with the same config: init_file writes 5 (the master
     * advertises 105), then the file is rewritten to -2 (98), "2.7" (102), -300 (FAULT: a priority-0 advert as
     * the master leaves) and 400 (254, once it is master again). Each step waits for an advert from the daemon
     * under test with that priority, sent after the write: both must go through every step.
     */
    @Test
    void aTrackedFileMovesThePriorityAsKeepalivedsDoes() throws Exception {
        for (String daemon : List.of("keepalived", "vrrpd")) {
            Path tf = dir.resolve("tf-" + daemon);
            String conf = """
                    track_file tf {
                        file %s
                        init_file 5
                    }
                    vrrp_instance VI_1 {
                        interface eth0
                        virtual_router_id 81
                        priority 100
                        advert_int 1
                        track_file {
                            tf
                        }
                        virtual_ipaddress {
                            %s213
                        }
                    }
                    """.formatted(tf, SUBNET);
            Path file = Files.writeString(dir.resolve("track-file-" + daemon + ".conf"), conf);
            double since = System.currentTimeMillis() / 1000.0;
            Process p = daemon.equals("vrrpd") ? startVrrpd("a", file) : start("a", "keepalived", "keepalived", "-n", "-l", "-D", "-P",
                    "-f", file.toString(), "-p", dir.resolve("k-a.pid").toString(), "-r", dir.resolve("v-a.pid").toString());
            awaitAdvert(daemon, 105, since);
            for (String[] step : new String[][]{{"-2", "98"}, {"2.7", "102"}, {"-300", "0"}, {"400", "254"}}) {
                since = System.currentTimeMillis() / 1000.0;
                Files.writeString(tf, step[0] + "\n");
                awaitAdvert(daemon, Integer.parseInt(step[1]), since);
            }
            stop(p);
        }
    }

    /** An advert for VRID 81 from a with {@code priority}, captured after {@code since} (epoch seconds). */
    private void awaitAdvert(String daemon, int priority, double since) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Process tshark = HostTools.command("tshark", "-r", dir.resolve("vrrp.pcap").toString(), "-Y", "ip.src==" + address("a")
                    + " && vrrp.virt_rtr_id==81 && vrrp.prio==" + priority + " && frame.time_epoch > " + String.format("%.3f", since), "-T", "fields",
                    "-e", "frame.time_epoch").start();
            String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(tshark.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.strip()).as(daemon + ": an advert at priority " + priority + "; logs:\n" + logs()).isNotEmpty();
        });
    }

    /**
     * keepalived restarts a master's advert timer on every packet for its VRID, even one it drops (measured: a
     * wrong password every 0.3 s kept a keepalived master at advert_int 1 silent). Each daemon in turn is the
     * master of a, while b sends 15 such packets 300 ms apart; the capture on the bridge must show no advert
     * from a from the first invalid packet until 0.9 s after the last (a keeps 0.7 s of margin: the next is
     * due 1 s after each), and adverts before them.
     */
    @Test
    void invalidPacketsPutOffAMastersAdvertsAsKeepalivedsDo() throws Exception {
        long[] keepalived = floodedMaster(keepalived("a", 101));
        long[] vrrpd = floodedMaster(vrrpd("a", 101));
        System.out.println("FIGURE advertsDuringFlood keepalived=" + keepalived[1] + " vrrpd=" + vrrpd[1]);
        assertThat(keepalived).as("keepalived: adverts before, during the flood").containsExactly(keepalived[0], 0L);
        assertThat(vrrpd).as("vrrpd: adverts before, during the flood").containsExactly(vrrpd[0], 0L);
    }

    /** Master on a, 3 s of adverts, then the flood from b; a's adverts in the 3 s before it and while it lasted. */
    private long[] floodedMaster(Process daemon) throws Exception {
        awaitVipOn("a");
        double quietFrom = System.currentTimeMillis() / 1000.0;
        // two adverts in the capture: the master's normal cadence, seen before the flood
        await().atMost(Duration.ofSeconds(10)).until(() -> advertTimes(address("a")).stream().filter(t -> t >= quietFrom).count() >= 2);
        double floodFrom = System.currentTimeMillis() / 1000.0;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process flood = HostTools.command("ip", "netns", "exec", ns("b"), java, "-cp", System.getProperty("java.class.path"),
                InvalidAdvertFlood.class.getName(), VIP, "300", "15").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("flood.log").toFile())).start();
        assertThat(flood.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(flood.exitValue()).as(Files.readString(dir.resolve("flood.log"))).isZero();
        assertThat(hasVip("a")).as("an invalid packet of higher priority did not move the master").isTrue();
        stop(daemon);
        awaitVip("a", false);
        List<Double> sent = advertTimes(address("a"));
        List<Double> invalid = advertTimes(address("b")).stream().filter(t -> t >= floodFrom).toList();
        assertThat(invalid).hasSize(15);
        double first = invalid.get(0);
        double last = invalid.get(invalid.size() - 1);
        long before = sent.stream().filter(t -> t >= quietFrom && t < first).count();
        long during = sent.stream().filter(t -> t > first + 0.005 && t < last + 0.9).count();
        System.out.println("FIGURE flood relative to the first invalid packet: invalid " + invalid.stream().map(t -> String.format("%.3f", t - first)).toList()
                + ", adverts " + sent.stream().filter(t -> t >= quietFrom).map(t -> String.format("%.3f", t - first)).toList());
        return new long[]{before, during};
    }

    /** When {@code source} sent VRRP adverts (not the priority-0 one of a stop), from the capture so far (epoch seconds). */
    private List<Double> advertTimes(String source) throws Exception {
        Process tshark = HostTools.command("tshark", "-r", dir.resolve("vrrp.pcap").toString(), "-Y", "ip.src==" + source + " && vrrp.prio != 0",
                "-T", "fields", "-e", "frame.time_epoch").start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).map(Double::parseDouble).toList();
    }

    /**
     * keepalived's old unicast VRRPv3 checksum (over 224.0.0.18, as keepalived up to 1.3.6 sent it). Either
     * daemon configured with old_unicast_checksum is master; the other, without it, must take its adverts (say
     * so: "Setting unicast VRRPv3 checksum to old version") and stay backup through a whole Master_Down_Interval.
     */
    @Test
    void anOldUnicastChecksumIsTakenBothWaysAsKeepalivedTakesIt() throws Exception {
        Process keepalived = start("b", "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f",
                unicastV3("keepalived", "b", 101, "old_unicast_checksum").toString(),
                "-p", dir.resolve("k-b.pid").toString(), "-r", dir.resolve("v-b.pid").toString());
        Process vrrpd = startVrrpd("a", unicastV3("vrrpd", "a", 100, ""));
        backupTakesTheOldChecksum("a", "vrrpd-a.log");
        stop(vrrpd);
        stop(keepalived);
        awaitVip("b", false);

        vrrpd = startVrrpd("a", unicastV3("vrrpd", "a", 101, "old_unicast_checksum"));
        keepalived = start("b", "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f", unicastV3("keepalived", "b", 100, "").toString(),
                "-p", dir.resolve("k-b.pid").toString(), "-r", dir.resolve("v-b.pid").toString());
        backupTakesTheOldChecksum("b", "keepalived-b.log");
        stop(keepalived);
        stop(vrrpd);
    }

    private void backupTakesTheOldChecksum(String backup, String log) {
        String master = backup.equals("a") ? "b" : "a";
        awaitVipOn(master);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve(log)).contains("Setting unicast VRRPv3 checksum to old version"));
        // a backup that refused the adverts would take over 3.6 s after its start: 4 s more with the VIP on the master only
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> !hasVip(backup) && hasVip(master));
    }

    private Process startVrrpd(String node, Path conf) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of(System.getProperty("hatest.projectDir", "."), "target", "vrrpd.jar").toAbsolutePath();
        // SIGHUP back to its default first: a JVM started with it ignored (under nohup, as some CI agents run
        // their builds) refuses to handle it, and vrrpd's reload would never come (found when .ci/repeat ran
        // under nohup: both reload tests waited in vain). env execs java, so the pid is still the daemon's.
        return start(node, "vrrpd", "env", "--default-signal=HUP", java, "-jar", jar.toString(), "-f", conf.toString());
    }

    /** A unicast VRRPv3 instance of {@code node} with the other node as its peer, and an {@code extra} line. */
    private Path unicastV3(String daemon, String node, int priority, String extra) throws IOException {
        String conf = """
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    version 3
                    advert_int 1
                    unicast_src_ip %s
                    unicast_peer {
                        %s
                    }
                    %s
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(priority, address(node), address(node.equals("a") ? "b" : "a"), extra, VIP);
        return Files.writeString(dir.resolve(daemon + "-" + node + "-unicast-" + priority + ".conf"), conf);
    }

    /**
     * virtual_ipaddress_excluded: the master holds the excluded address with the VIP, but its adverts carry the
     * VIP only, so keepalived, configured alike, takes them without an address-list complaint and stays backup.
     */
    @Test
    void anExcludedVipIsHeldButNotAdvertised() throws Exception {
        String excluded = "virtual_ipaddress_excluded {\n        " + SUBNET + "150/24\n    }";
        Process vrrpd = vrrpd("a", 101, excluded);
        Process keepalived = keepalived("b", 100, excluded);
        awaitVipOn("a");
        await().atMost(Duration.ofSeconds(5)).until(() -> run("ip -n " + ns("a") + " -4 -o addr show dev eth0").contains(" " + SUBNET + "150/24"));
        // keepalived sees vrrpd's adverts for a whole Master_Down_Interval and stays backup
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> !hasVip("b"));
        stop(keepalived);
        stop(vrrpd);
        assertThat(run("ip -n " + ns("a") + " -4 -o addr show dev eth0")).as("both removed at stop").doesNotContain(VIP + "/", SUBNET + "150/");
        assertThat(Files.readString(dir.resolve("keepalived-b.log"))).doesNotContain("ip address associated with VRID", "unexpected ip number count");
        Process tshark = HostTools.command("tshark", "-r", dir.resolve("vrrp.pcap").toString(), "-Y", "ip.src==" + address("a"),
                "-T", "fields", "-e", "vrrp.addr_count", "-e", "vrrp.ip_addr").start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).isNotEmpty().allSatisfy(l -> assertThat(l).isEqualTo("1\t" + VIP));
    }

    private int curlFromB(String address) throws Exception {
        Process p = HostTools.command("ip", "netns", "exec", ns("b"), "curl", "-s", "-o", "/dev/null", "--max-time", "2",
                "http://" + address + ":9/").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private Process vrrpd(String node, int priority) throws IOException {
        return vrrpd(node, priority, "");
    }

    private Process vrrpd(String node, int priority, String extra) throws IOException {
        return startVrrpd(node, config(node, priority, "vrrpd", extra));
    }

    private Process keepalived(String node, int priority) throws IOException {
        return keepalived(node, priority, "");
    }

    private Process keepalived(String node, int priority, String extra) throws IOException {
        return startKeepalived(node, config(node, priority, "keepalived", extra));
    }

    private Process startKeepalived(String node, Path conf) throws IOException {
        // An earlier keepalived of this test leaves its pid files; with test classes side by side the machine runs
        // many processes, and a pid reused by another one makes keepalived say "daemon is already running" and exit.
        Files.deleteIfExists(dir.resolve("k-" + node + ".pid"));
        Files.deleteIfExists(dir.resolve("v-" + node + ".pid"));
        return start(node, "keepalived", "keepalived", "-n", "-l", "-D", "-P", "-f", conf.toString(),
                "-p", dir.resolve("k-" + node + ".pid").toString(), "-r", dir.resolve("v-" + node + ".pid").toString());
    }

    private Process start(String node, String name, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(node)));
        cmd.addAll(List.of(command));
        Process p = HostTools.command(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-" + node + ".log").toFile())).start();
        daemons.add(p);
        return p;
    }

    /** SIGTERM, and wait for the daemon to say goodbye and go. */
    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("stopped").isTrue();
    }

    /**
     * The seed article's instance, on this pair's addresses, with {@code priority} and an {@code extra} line;
     * state follows the priority.
     */
    private Path config(String node, int priority, String daemon, String extra) throws IOException {
        String conf = """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_1 {
                    state %s
                    interface eth0
                    mcast_src_ip %s
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    %s
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(daemon + node, priority == 101 ? "MASTER" : "BACKUP", address(node), priority, extra, VIP);
        return Files.writeString(dir.resolve(daemon + "-" + node + "-" + priority + extra.replaceAll("[^a-z_]", "") + ".conf"), conf);
    }

    /** The VIP on {@code node} and not on the other; a bound that only keeps a broken run from hanging. */
    private void awaitVipOn(String node) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(hasVip(node)).as(node + " holds " + VIP + "; logs:\n" + logs()).isTrue();
            assertThat(hasVip(node.equals("a") ? "b" : "a")).as("only " + node + " holds it; logs:\n" + logs()).isFalse();
        });
    }

    private void awaitVip(String node, boolean held) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(hasVip(node)).as(node + "; logs:\n" + logs()).isEqualTo(held));
    }

    private boolean hasVip(String node) throws Exception {
        return run("ip -n " + ns(node) + " -4 -o addr show dev eth0").contains(" " + VIP + "/");
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                b.append("== ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            }
        }
        return b.toString();
    }

    private String forward(String op) {
        return "iptables " + op + " FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT";
    }

    private String ns(String node) {
        return "hatest-" + id + "-" + node;
    }

    private static String address(String node) {
        return SUBNET + (node.equals("a") ? "201" : node.equals("b") ? "202" : "203");
    }

    /**
     * Issue 21's acceptance, without containers: VRRPv3 over IPv6 between vrrpd and keepalived 2.2.7 in one
     * group, both ways round: election, takeover on a crash, preemption back. The client's neighbour entry for
     * the VIP follows each new master's MAC (its unsolicited NAs, Override set), and tshark reads every advert
     * and NA vrrpd sent as well-formed, with good checksums and hop limit 255.
     */
    @Test
    void ipv6VrrpdAndKeepalivedElectFailOverAndPreemptBothWays() throws Exception {
        awaitLinkLocal();
        // vrrpd at 101 (a), keepalived at 100 (b)
        Process vrrpd = startVrrpd("a", config6("a", 101, "vrrpd", false));
        Process keepalived = startKeepalived("b", config6("b", 100, "keepalived", false));
        awaitVip6On("a");
        // the client talks to the VIP (nothing listens: a reset is enough), so it holds a neighbour entry for it
        clientTouchesVip6();
        awaitClientNeighbour("a");
        vrrpd.descendants().forEach(ProcessHandle::destroyForcibly);
        vrrpd.destroyForcibly();
        // keepalived takes over after Master_Down_Interval; the crashed vrrpd's VIP stays on a (so only b is
        // checked), and the client's entry moves to b by NA alone: it sends nothing meanwhile
        awaitVip6("b", true);
        awaitClientNeighbour("b");
        run("ip -n " + ns("a") + " addr del " + VIP6 + "/64 dev eth0");
        vrrpd = startVrrpd("a", config6("a", 101, "vrrpd", false));
        awaitVip6On("a");
        awaitClientNeighbour("a");

        // the other way round: keepalived at 101 (b) over vrrpd at 100 (a)
        stop(vrrpd);
        stop(keepalived);
        awaitVip6("a", false);
        awaitVip6("b", false);
        vrrpd = startVrrpd("a", config6("a", 100, "vrrpd", false));
        keepalived = startKeepalived("b", config6("b", 101, "keepalived", false));
        awaitVip6On("b");
        awaitClientNeighbour("b");
        run("kill -9 $(cat " + dir.resolve("k-b.pid") + ") $(cat " + dir.resolve("v-b.pid") + ")");
        assertThat(keepalived.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitVip6("a", true);
        awaitClientNeighbour("a");
        stop(vrrpd);

        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        String adverts = tshark("vrrp && ipv6.src==" + linkLocal("a"), "ipv6.hlim", "vrrp.version", "vrrp.virt_rtr_id",
                "vrrp.checksum.status", "vrrp.ipv6_addr", "ipv6.dst", "_ws.malformed", "_ws.expert.severity");
        List<String> sent = adverts.lines().filter(l -> !l.isBlank()).toList();
        System.out.println("FIGURE netnsVrrpdIpv6Adverts=" + sent.size());
        // three masterships, each advertising at once (the test moves on as soon as each is seen)
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3);
        // hop limit 255, VRRPv3, VRID 61, checksum good, the VIP, to ff02::12; nothing malformed, no expert note
        assertThat(sent).allSatisfy(p -> assertThat(p).isEqualTo("255,3,61,1," + VIP6 + ",ff02::12,,"));
        // the unsolicited ones (the kernel answers the client's solicitations too, with Solicited set)
        String nas = tshark("icmpv6.type==136 && icmpv6.nd.na.flag.s==0 && eth.src==" + mac("a"), "ipv6.src", "ipv6.dst", "ipv6.hlim",
                "icmpv6.checksum.status", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.target_address", "_ws.malformed");
        List<String> sentNas = nas.lines().filter(l -> !l.isBlank()).toList();
        System.out.println("FIGURE netnsVrrpdNeighbourAdverts=" + sentNas.size());
        // every burst vrrpd logged (5 each, garp_master_repeat's default; at least one per mastership) is on the wire
        long bursts = count(dir.resolve("vrrpd-a.log"), "\"kind\":\"garp\"");
        assertThat(bursts).isGreaterThanOrEqualTo(3);
        assertThat(sentNas).hasSize((int) (5 * bursts));
        // from the VIP to all nodes, hop limit 255, checksum good, Override set, Solicited clear, target the VIP
        assertThat(sentNas).allSatisfy(p -> assertThat(p).isEqualTo(VIP6 + ",ff02::1,255,1,1,0," + VIP6 + ","));
    }

    /**
     * A dual-stack pair: an IPv4 and an IPv6 instance of one VRID in a sync group, vrrpd on a (101) and
     * keepalived on b (100). The two addresses move together: both on a, both to b when vrrpd crashes, both
     * back when it returns.
     */
    @Test
    void aDualStackSyncGroupMovesBothAddressesTogether() throws Exception {
        awaitLinkLocal();
        Process vrrpd = startVrrpd("a", config6("a", 101, "vrrpd", true));
        startKeepalived("b", config6("b", 100, "keepalived", true));
        awaitBoth("a");
        vrrpd.descendants().forEach(ProcessHandle::destroyForcibly);
        vrrpd.destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(hasVip("b")).as("b holds " + VIP + "; logs:\n" + logs()).isTrue();
            assertThat(hasVip6("b")).as("b holds " + VIP6 + "; logs:\n" + logs()).isTrue();
        });
        run("ip -n " + ns("a") + " addr del " + VIP6 + "/64 dev eth0; ip -n " + ns("a") + " addr del " + VIP + "/24 dev eth0");
        startVrrpd("a", config6("a", 101, "vrrpd", true));
        awaitBoth("a");
        assertThat(count(dir.resolve("vrrpd-a.log"), "(VI_6) Entering MASTER STATE")).as("VI_6 became master with VI_4, twice").isEqualTo(2);
    }

    private void awaitBoth(String node) {
        String other = node.equals("a") ? "b" : "a";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(hasVip(node) && hasVip6(node)).as(node + " holds both; logs:\n" + logs()).isTrue();
            assertThat(hasVip(other) || hasVip6(other)).as(other + " holds neither; logs:\n" + logs()).isFalse();
        });
    }

    /**
     * A VRRPv3 IPv6 instance (VRID 61, its source the link-local address), and with {@code dualStack} an IPv4
     * instance of the same VRID in a sync group with it.
     */
    private Path config6(String node, int priority, String daemon, boolean dualStack) throws IOException {
        String six = instance6(priority, "");
        String four = !dualStack ? "" : """
                vrrp_sync_group DUAL {
                    group {
                        VI_4
                        VI_6
                    }
                }
                vrrp_instance VI_4 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority %d
                    advert_int 1
                    version 3
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, VIP);
        String conf = "global_defs {\n    router_id " + daemon + node + "\n}\n" + four + six;
        return Files.writeString(dir.resolve(daemon + "-" + node + "-" + priority + (dualStack ? "-dual" : "") + "-v6.conf"), conf);
    }

    /** The IPv6 instance VI_6 (VRID 61, VIP6) at {@code priority}, with {@code extra} lines before its VIPs. */
    private static String instance6(int priority, String extra) {
        return """
                vrrp_instance VI_6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority %d
                    advert_int 1
                %s    virtual_ipaddress {
                        %s/64
                    }
                }
                """.formatted(priority, extra, VIP6);
    }

    /** Until a's and b's link-local addresses have passed duplicate address detection: a tentative one can't be bound. */
    private void awaitLinkLocal() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !linkLocal("a").isEmpty() && !linkLocal("b").isEmpty()
                && run("ip -n " + ns("a") + " -6 addr show dev eth0 tentative; ip -n " + ns("b") + " -6 addr show dev eth0 tentative").isBlank());
    }

    private String linkLocal(String node) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("inet6 (fe80::[0-9a-f:]+)/64")
                .matcher(run("ip -n " + ns(node) + " -6 -o addr show dev eth0 scope link"));
        return m.find() ? m.group(1) : "";
    }

    private String mac(String node) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("link/ether ([0-9a-f:]{17})")
                .matcher(run("ip -n " + ns(node) + " -o link show eth0"));
        assertThat(m.find()).as(node + "'s MAC").isTrue();
        return m.group(1);
    }

    private void clientTouchesVip6() throws Exception {
        run("ip netns exec " + ns("c") + " curl -g -s -m 2 -o /dev/null http://[" + VIP6 + "]:80/");
    }

    /** The client's neighbour entry for the IPv6 VIP names {@code node}'s MAC. */
    private void awaitClientNeighbour(String node) throws Exception {
        String want = mac(node);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run("ip -n " + ns("c") + " -6 neigh show " + VIP6))
                .as("the client's neighbour entry for " + VIP6 + " names " + node + " (" + want + ")").contains("lladdr " + want));
    }

    private void awaitVip6On(String node) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(hasVip6(node)).as(node + " holds " + VIP6 + "; logs:\n" + logs()).isTrue();
            assertThat(hasVip6(node.equals("a") ? "b" : "a")).as("only " + node + " holds it; logs:\n" + logs()).isFalse();
        });
    }

    private void awaitVip6(String node, boolean held) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(hasVip6(node)).as(node + "; logs:\n" + logs()).isEqualTo(held));
    }

    private boolean hasVip6(String node) throws Exception {
        return run("ip -n " + ns(node) + " -6 -o addr show dev eth0").contains(" " + VIP6 + "/");
    }

    /**
     * Unicast VRRPv3 over IPv6 between vrrpd and keepalived, both ways: each names its own link-local address as
     * {@code unicast_src_ip} and the other's as its peer. The adverts go peer to peer (with the kernel's default
     * hop limit, as keepalived sends them) and the VIP follows the election and each crash.
     */
    @Test
    void ipv6UnicastPeersElectAndFailOverBothWays() throws Exception {
        awaitLinkLocal();
        Process vrrpd = startVrrpd("a", unicast6("vrrpd", "a", 101));
        Process keepalived = startKeepalived("b", unicast6("keepalived", "b", 100));
        awaitVip6On("a");
        vrrpd.descendants().forEach(ProcessHandle::destroyForcibly);
        vrrpd.destroyForcibly();
        awaitVip6("b", true);
        stop(keepalived);
        run("ip -n " + ns("a") + " addr del " + VIP6 + "/64 dev eth0");
        awaitVip6("b", false);

        vrrpd = startVrrpd("a", unicast6("vrrpd", "a", 100));
        keepalived = startKeepalived("b", unicast6("keepalived", "b", 101));
        awaitVip6On("b");
        run("kill -9 $(cat " + dir.resolve("k-b.pid") + ") $(cat " + dir.resolve("v-b.pid") + ")");
        assertThat(keepalived.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitVip6("a", true);
        stop(vrrpd);

        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        List<String> sent = tshark("vrrp && ipv6.src==" + linkLocal("a"), "ipv6.dst", "vrrp.version", "vrrp.virt_rtr_id",
                "vrrp.checksum.status", "vrrp.ipv6_addr", "_ws.malformed").lines().filter(l -> !l.isBlank()).toList();
        System.out.println("FIGURE netnsVrrpdIpv6UnicastAdverts=" + sent.size());
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2);
        // to the peer, never to ff02::12; VRRPv3, VRID 61, checksum good over the peer's address, the VIP
        assertThat(sent).allSatisfy(p -> assertThat(p).isEqualTo(linkLocal("b") + ",3,61,1," + VIP6 + ","));
    }

    private Path unicast6(String daemon, String node, int priority) throws Exception {
        String conf = instance6(priority, "    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }\n"
                .formatted(linkLocal(node), linkLocal(node.equals("a") ? "b" : "a")));
        return Files.writeString(dir.resolve(daemon + "-" + node + "-unicast6-" + priority + ".conf"), conf);
    }

    /** tshark's fields of the capture's packets that match {@code filter}, comma-separated, a line each. */
    private String tshark(String filter, String... fields) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", dir.resolve("vrrp.pcap").toString(), "-Y", filter,
                "-T", "fields", "-E", "separator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = HostTools.command(cmd).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("tshark.err").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // a field tshark does not know is an error, not an empty column
        assertThat(p.exitValue()).as("tshark: " + Files.readString(dir.resolve("tshark.err"))).isZero();
        return out;
    }

    private static void sh(String command) throws Exception {
        Process p = HostTools.shell(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + ": " + out).isZero();
    }

    private static String run(String command) throws Exception {
        Process p = HostTools.shell(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
