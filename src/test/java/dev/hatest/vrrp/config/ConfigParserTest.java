package dev.hatest.vrrp.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class ConfigParserTest {

    public static String seed(String name) throws IOException {
        try (InputStream in = ConfigParserTest.class.getResourceAsStream("/dev/hatest/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheSeedMasterAsItStands() throws Exception {
        KeepalivedConfig c = ConfigParser.parse("keepalived.conf", seed("keepalived-master.conf"));

        assertThat(c.globalDefs().routerId()).isEqualTo("lb01");
        assertThat(c.globalDefs().notificationEmail()).containsExactly("ops@example.com");
        VrrpScript s = c.script("chk_nginx").orElseThrow();
        assertThat(s.script()).isEqualTo("/etc/keepalived/check_ng.sh");
        assertThat(s.intervalMillis()).isEqualTo(2000);
        assertThat(s.weight()).isEqualTo(-5);
        assertThat(s.fall()).isEqualTo(2);
        assertThat(s.rise()).isEqualTo(1);
        VrrpInstanceConfig i = c.instances().get(0);
        assertThat(i.name()).isEqualTo("VI_1");
        assertThat(i.initialState()).isEqualTo("MASTER");
        assertThat(i.iface()).isEqualTo("eth0");
        assertThat(i.vrid()).isEqualTo(51);
        assertThat(i.priority()).isEqualTo(101);
        assertThat(i.advertIntervalMicros()).isEqualTo(1_000_000);
        assertThat(i.authPass()).isEqualTo("1111");
        assertThat(i.mcastSrcIp().getHostAddress()).isEqualTo("192.168.0.201");
        assertThat(i.vips()).extracting(VirtualAddress::cidr).containsExactly("192.168.0.200/32");
        assertThat(i.trackScripts()).extracting(TrackedScript::name).containsExactly("chk_nginx");
        // what keepalived 2.2.7 says of the article's config too (its -t exits 6): no enable_script_security
        assertThat(c.warnings()).containsExactly("keepalived.conf:14: SECURITY VIOLATION - scripts are being executed but script_security not enabled.");
    }

    @Test
    void anInvalidValueIsAnErrorAtItsFileAndLine() {
        String conf = """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 256
                    priority 100
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """;
        assertThatThrownBy(() -> ConfigParser.parse("bad.conf", conf))
                .isInstanceOfSatisfying(ConfigException.class, e ->
                        assertThat(e.errors()).containsExactly("bad.conf:3: virtual_router_id must be 1..255, got 256"));
    }

    @Test
    void anUnknownAuthTypeAndAMissingInterfaceAreErrors() {
        String conf = """
                vrrp_instance VI_1 {
                    virtual_router_id 5
                    authentication {
                        auth_type MD5
                    }
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """;
        assertThatThrownBy(() -> ConfigParser.parse("bad.conf", conf))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "bad.conf:4: unknown auth_type 'MD5' (PASS or AH)",
                        "bad.conf:1: vrrp_instance VI_1 has no interface"));
    }

    @Test
    void anUnknownKeywordIsAWarningAndTheRestStillParses() throws Exception {
        String conf = """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 5
                    frobnicate yes   # not a keepalived keyword
                    virtual_ipaddress {
                        10.0.0.1/24 dev eth0 label eth0:1
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("x.conf", conf);
        assertThat(c.warnings()).containsExactly("x.conf:4: unknown keyword 'frobnicate' in vrrp_instance");
        // the same finding typed, for readers that need its parts (hatest plan, rollout): no text split again
        assertThat(c.found()).containsExactly(new Finding(new Location(Path.of("x.conf"), 4), Finding.Severity.WARNING,
                "unknown keyword 'frobnicate' in vrrp_instance"));
        assertThat(c.found().get(0)).hasToString(c.warnings().get(0));
        ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigParser.parse("x.conf", conf.replace("virtual_router_id 5", "virtual_router_id 351")));
        assertThat(refused.firstError()).hasValueSatisfying(f -> {
            assertThat(f.at().line()).isEqualTo(3);
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f).hasToString(refused.errors().get(0));
        });
        assertThat(refused.found()).extracting(Finding::severity).contains(Finding.Severity.WARNING, Finding.Severity.ERROR);
        assertThat(c.instances().get(0).vips().get(0)).isEqualTo(
                new VirtualAddress(dev.hatest.vrrp.packet.VrrpCodec.v4("10.0.0.1"), 24, "eth0", "eth0:1"));
    }

    @Test
    void nopreemptIsIgnoredWithStateMasterAsKeepalivedDoes() throws Exception {
        String conf = """
                vrrp_instance VI_1 {
                    state MASTER
                    nopreempt
                    priority 101
                    interface eth0
                    virtual_router_id 5
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("x.conf", conf);
        assertThat(c.instances().get(0).nopreempt()).isFalse();
        assertThat(c.warnings()).singleElement().asString().startsWith("x.conf:3: nopreempt will not work");
    }

    @Test
    void aKeepalivedKeywordVrrpdDoesNotActOnIsANoteButATypoIsAWarning() throws Exception {
        String conf = """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 5
                    use_vmac
                    preemt_delay 10
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("x.conf", conf);
        assertThat(c.notes()).containsExactly("x.conf:4: 'use_vmac' is a keepalived keyword that vrrpd does not act on");
        assertThat(c.warnings()).containsExactly("x.conf:5: unknown keyword 'preemt_delay' in vrrp_instance");
    }

    @Test
    void stateMasterWithoutAPriorityIsTheAddressOwnerAsInKeepalived() throws Exception {
        String conf = """
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 5
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """;
        assertThat(ConfigParser.parse("x.conf", conf).instances().get(0).priority()).isEqualTo(255);
    }

    @Test
    void valuesKeepalivedFixesUpAreFixedUpTheSameWayWithAWarning() throws Exception {
        String conf = """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 5
                    advert_int 1.5
                    authentication {
                        auth_type PASS
                        auth_pass 123456789
                    }
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("x.conf", conf);
        assertThat(c.instances().get(0).advertIntervalMicros()).isEqualTo(2_000_000);
        assertThat(c.instances().get(0).authPass()).isEqualTo("12345678");
        assertThat(c.warnings()).containsExactly(
                "x.conf:7: auth_pass is longer than 8 characters, truncating it",
                "x.conf:4: VRRPv2 advert_int must be a multiple of 1 s, rounding to 2");
    }

    @Test
    void aScriptWithAnInvalidWeightIsAnErrorNotACrash() {
        String conf = "vrrp_script chk {\n script /bin/true\n weight 300\n}\n";
        assertThatThrownBy(() -> ConfigParser.parse("x.conf", conf))
                .isInstanceOfSatisfying(ConfigException.class, e ->
                        assertThat(e.errors()).containsExactly("x.conf:3: weight must be -253..253, got 300"));
    }

    @Test
    void anUnclosedBlockIsAnError() {
        assertThatThrownBy(() -> ConfigParser.parse("x.conf", "global_defs {\n router_id a\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly("x.conf:1: '{' is never closed"));
    }

    @Test
    void garpOptionsComeFromTheInstanceElseFromGlobalDefsElseKeepalivedsDefaults() throws Exception {
        String conf = """
                global_defs {
                    vrrp_garp_master_repeat 3
                    vrrp_garp_master_refresh 60
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    garp_master_delay 2
                    virtual_ipaddress {
                        192.168.0.200
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    priority 100
                    garp_master_refresh 0
                    virtual_ipaddress {
                        192.168.0.199
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("keepalived.conf", conf);
        assertThat(c.instances().get(0).garp()).isEqualTo(new Garp(2000, 3, 60_000));
        assertThat(c.instances().get(1).garp()).isEqualTo(new Garp(5000, 3, 0));
        assertThat(ConfigParser.parse("keepalived.conf", seed("keepalived-master.conf")).instances().get(0).garp())
                .isEqualTo(Garp.KEEPALIVED);
    }

    @Test
    void preemptDelayIsReadInSecondsAndIgnoredWithStateMaster() throws Exception {
        String conf = """
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    preempt_delay 2.5
                    virtual_ipaddress {
                        192.168.0.200
                    }
                }
                """;
        assertThat(ConfigParser.parse("k.conf", conf).instances().get(0).preemptDelayMillis()).isEqualTo(2500);
        KeepalivedConfig master = ConfigParser.parse("k.conf", conf.replace("state BACKUP", "state MASTER"));
        assertThat(master.instances().get(0).preemptDelayMillis()).isZero();
        assertThat(master.warnings()).anySatisfy(w -> assertThat(w).startsWith("k.conf:6: preempt_delay will not work with initial state MASTER"));
    }

    @Test
    void aSyncGroupNamesItsExistingMembers() throws Exception {
        String instance = """
                vrrp_instance %s {
                    interface eth0
                    virtual_router_id %d
                    priority 100
                    virtual_ipaddress {
                        192.168.0.%d
                    }
                }
                """;
        String conf = "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n"
                + instance.formatted("VI_1", 51, 200) + instance.formatted("VI_2", 52, 199);
        KeepalivedConfig c = ConfigParser.parse("k.conf", conf);
        assertThat(c.syncGroups()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("G");
            assertThat(g.members()).containsExactly("VI_1", "VI_2");
        });
        KeepalivedConfig lonely = ConfigParser.parse("k.conf", conf.replace("        VI_2\n", "        VI_9\n"));
        assertThat(lonely.syncGroups()).isEmpty();
        assertThat(lonely.warnings()).anySatisfy(w -> assertThat(w).contains("no vrrp_instance VI_9"));
    }

    /** Each case as keepalived 2.2.7 ran it in a network namespace (its nftables table present or not when master). */
    @Test
    void acceptModeFollowsKeepalived() throws Exception {
        String conf = """
                global_defs {
                %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority %d
                %s
                    virtual_ipaddress {
                        192.168.0.200
                    }
                }
                """;
        java.util.function.BiFunction<String, String, Boolean> accept = (global, lines) -> accept(conf.formatted(global, 100, lines));
        assertThat(accept.apply("", "")).as("default").isTrue();
        assertThat(accept.apply("", "no_accept")).isFalse();
        assertThat(accept.apply("", "no_accept\naccept")).as("the last one written").isTrue();
        assertThat(accept.apply("", "accept\nno_accept")).isFalse();
        assertThat(accept.apply("vrrp_strict\nvrrp_version 3", "")).as("vrrp_strict's default").isFalse();
        assertThat(accept.apply("vrrp_strict\nvrrp_version 3", "accept")).isTrue();
        assertThat(accept.apply("vrrp_strict", "accept")).as("strict VRRPv2 cannot accept").isFalse();
        assertThat(accept(conf.formatted("", 255, "no_accept"))).as("the address owner").isTrue();

        KeepalivedConfig strictV2 = ConfigParser.parse("k.conf", conf.formatted("vrrp_strict", 100, "accept"));
        assertThat(strictV2.warnings()).anySatisfy(w -> assertThat(w).startsWith("k.conf:8: (VI_1) warning - accept mode for VRRP version 2"));
        assertThat(ConfigParser.parse("k.conf", conf.formatted("vrrp_strict", 255, "accept")).warnings()).as("the owner may").isEmpty();
    }

    @Test
    void theFirewallTableIsKeepalivedsUnlessNamed() throws Exception {
        String conf = "global_defs {\n%s\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n no_accept\n"
                + " virtual_ipaddress {\n  192.168.0.200\n }\n}\n";
        GlobalDefs defaults = ConfigParser.parse("k.conf", conf.formatted("")).globalDefs();
        assertThat(defaults.nftablesTable()).isEqualTo("keepalived");
        assertThat(defaults.nftablesPriority()).isEqualTo(-1);
        GlobalDefs named = ConfigParser.parse("k.conf", conf.formatted("nftables hatest_fw\nnftables_priority -5")).globalDefs();
        assertThat(named.nftablesTable()).isEqualTo("hatest_fw");
        assertThat(named.nftablesPriority()).isEqualTo(-5);
        assertThatThrownBy(() -> ConfigParser.parse("k.conf", conf.formatted("nftables_priority abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("k.conf:2: nftables_priority");
        assertThat(ConfigParser.parse("k.conf", conf.formatted("vrrp_iptables")).warnings())
                .anySatisfy(w -> assertThat(w).startsWith("k.conf:2: iptables not supported, using nftables instead"));
    }

    private static boolean accept(String conf) {
        try {
            return ConfigParser.parse("k.conf", conf).instances().get(0).accept();
        } catch (ConfigException e) {
            throw new AssertionError(e.errors().toString(), e);
        }
    }

    /** keepalived 2.2.7, measured in a network namespace: which tracking a sync group's member runs. */
    @Test
    void aSyncGroupsTrackingJoinsEachMemberAsKeepalivedRunsIt() throws Exception {
        String conf = """
                vrrp_script chk {
                    script /bin/true
                    weight -10
                }
                vrrp_script gate {
                    script /bin/true
                }
                vrrp_track_process tp {
                    process nginx
                    weight -3
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_2
                    }
                    track_script {
                        gate
                    }
                    track_interface {
                        eth3 weight -7
                    }
                    notify_master "/bin/g.sh gm"
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    track_script {
                        chk
                    }
                    track_interface {
                        eth2 weight -5
                    }
                    track_process {
                        tp
                    }
                    virtual_ipaddress {
                        192.168.0.200
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.168.0.199
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("k.conf", conf);
        VrrpInstanceConfig vi1 = c.instances().get(0);
        VrrpInstanceConfig vi2 = c.instances().get(1);
        // the member's weighted script is dropped; the group's script joins both members
        assertThat(vi1.trackScripts()).extracting(TrackedScript::name).containsExactly("gate");
        assertThat(vi2.trackScripts()).extracting(TrackedScript::name).containsExactly("gate");
        // keepalived warns that it ignores eth2's weight, then applies it
        assertThat(vi1.trackInterfaces()).extracting(TrackedInterface::name, TrackedInterface::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth2", -5), org.assertj.core.groups.Tuple.tuple("eth3", -7));
        assertThat(vi2.trackInterfaces()).extracting(TrackedInterface::name).containsExactly("eth3");
        assertThat(vi1.trackProcesses()).extracting(TrackedProcess::name).containsExactly("tp");
        assertThat(c.syncGroups().get(0).notifyScripts().get("notify_master").command()).isEqualTo("/bin/g.sh gm");
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).isEqualTo("k.conf:29: (VI_1) ignoring tracked script chk with weights due to SYNC group"))
                .anySatisfy(w -> assertThat(w).startsWith("k.conf:32: (VI_1) ignoring eth2 tracked interface weight due to SYNC group"))
                .anySatisfy(w -> assertThat(w).contains("SECURITY VIOLATION"))
                .hasSize(3);

        KeepalivedConfig weighted = ConfigParser.parse("k.conf", conf.replace("    group {\n", "    sync_group_tracking_weight\n    group {\n"));
        assertThat(weighted.instances().get(0).trackScripts()).extracting(TrackedScript::name).containsExactly("chk", "gate");
        assertThat(weighted.warnings()).as("only keepalived's SECURITY VIOLATION").singleElement().asString().contains("SECURITY VIOLATION");
    }

    @Test
    void oldUnicastChecksumHasKeepalivedsThreeModes() throws Exception {
        String conf = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n version 3\n unicast_src_ip 192.168.0.201\n"
                + " unicast_peer {\n  192.168.0.202\n }\n%s\n virtual_ipaddress {\n  192.168.0.200\n }\n}\n";
        assertThat(ConfigParser.parse("k.conf", conf.formatted("")).instances().get(0).unicastChecksum()).isEqualTo(UnicastChecksum.DETECT);
        assertThat(ConfigParser.parse("k.conf", conf.formatted(" old_unicast_checksum")).instances().get(0).unicastChecksum())
                .isEqualTo(UnicastChecksum.OLD);
        assertThat(ConfigParser.parse("k.conf", conf.formatted(" old_unicast_checksum never")).instances().get(0).unicastChecksum())
                .isEqualTo(UnicastChecksum.NEVER);
        KeepalivedConfig bad = ConfigParser.parse("k.conf", conf.formatted(" old_unicast_checksum sometimes"));
        assertThat(bad.instances().get(0).unicastChecksum()).isEqualTo(UnicastChecksum.DETECT);
        assertThat(bad.warnings()).containsExactly("k.conf:9: (VI_1) Unknown old_unicast_chksum mode sometimes - ignoring");
    }

    @Test
    void excludedVipsAreReadLikeVipsAndKeptApart() throws Exception {
        KeepalivedConfig c = ConfigParser.parse("k.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.168.0.200
                    }
                    virtual_ipaddress_excluded {
                        192.168.0.150/24
                        10.9.0.1/24 dev eth1 label eth1:ex
                    }
                }
                """);
        VrrpInstanceConfig vi1 = c.instances().get(0);
        assertThat(vi1.vips()).extracting(VirtualAddress::cidr).containsExactly("192.168.0.200/32");
        assertThat(vi1.excludedVips()).extracting(VirtualAddress::cidr, VirtualAddress::device, VirtualAddress::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.168.0.150/24", null, null),
                        org.assertj.core.groups.Tuple.tuple("10.9.0.1/24", "eth1", "eth1:ex"));
        assertThat(vi1.allVips()).hasSize(3);
        assertThat(c.notes()).as("acted on, not noted").noneMatch(n -> n.contains("virtual_ipaddress_excluded"));
    }

    @Test
    void vrrpMinGarpSendsOneGarpAndNoSecondBurst() throws Exception {
        String conf = "global_defs {\n%s\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                + " virtual_ipaddress {\n  192.168.0.200\n }\n}\n";
        Garp min = ConfigParser.parse("k.conf", conf.formatted("vrrp_min_garp")).instances().get(0).garp();
        assertThat(min.repeat()).isEqualTo(1);
        assertThat(min.delayMillis()).isZero();
        assertThat(ConfigParser.parse("k.conf", conf.formatted("vrrp_min_garp false")).instances().get(0).garp()).isEqualTo(Garp.KEEPALIVED);
    }

    @Test
    void aNotifyLinesUserAndGroupAreTheAccountItRunsAsNotPartOfTheCommand() throws Exception {
        String conf = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n notify_master \"/bin/m.sh now\" daemon daemon\n"
                + " notify_backup /bin/b.sh nobody\n notify /bin/n.sh\n virtual_ipaddress {\n  192.168.0.200\n }\n}\n";
        Map<String, NotifyScript> n = ConfigParser.parse("k.conf", conf).instances().get(0).notifyScripts();
        assertThat(n.get("notify_master")).isEqualTo(new NotifyScript("/bin/m.sh now", new ScriptUser("daemon", "daemon", loc(4)), loc(4)));
        assertThat(n.get("notify_backup").user()).isEqualTo(new ScriptUser("nobody", null, loc(5)));
        assertThat(n.get("notify").user()).as("the default user").isNull();
    }

    @Test
    void scriptUserAndAVrrpScriptsUserAreReadAsWrittenForTheHostToLookUp() throws Exception {
        String conf = "global_defs {\n script_user nobody nogroup\n enable_script_security\n}\n"
                + "vrrp_script chk {\n script /bin/true\n user daemon\n}\n"
                + "vrrp_script chk2 {\n script /bin/true\n user nobody nogroup extra\n}\n"
                + "vrrp_script chk3 {\n script /bin/true\n}\n";
        KeepalivedConfig c = ConfigParser.parse("k.conf", conf);
        assertThat(c.globalDefs().scriptUser()).isEqualTo(new ScriptUser("nobody", "nogroup", loc(2)));
        assertThat(c.script("chk").orElseThrow().user()).isEqualTo(new ScriptUser("daemon", null, loc(7)));
        assertThat(c.script("chk2").orElseThrow().user()).isEqualTo(new ScriptUser("nobody", "nogroup", loc(11)));
        assertThat(c.script("chk3").orElseThrow().user()).isNull();
        assertThat(c.warnings()).isEmpty();
        // keepalived takes two words and ignores the rest without a word; vrrpd notes it
        assertThat(c.notes()).containsExactly("k.conf:11: user: ignoring the extra value 'extra', as keepalived does");

        assertThatThrownBy(() -> ConfigParser.parse("k.conf", "vrrp_script chk {\n script /bin/true\n user\n}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("k.conf:3: user needs a user name");
    }

    /**
     * keepalived 2.2.7 logs "SECURITY VIOLATION - scripts are being executed but script_security not enabled." and
     * its -t exits 6 whenever a config has scripts (tracked or not, vrrp_script or notify, whoever runs them) and
     * no enable_script_security (measured). vrrpd's config test fails with it too, at the first script.
     */
    @Test
    void scriptsWithoutEnableScriptSecurityAreKeepalivedsSecurityViolation() throws Exception {
        String instance = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  192.168.0.200\n }\n%s}\n";
        String violation = "SECURITY VIOLATION - scripts are being executed but script_security not enabled.";
        assertThat(ConfigParser.parse("k.conf", "vrrp_script chk {\n script /bin/true\n}\n" + instance.formatted("")).warnings())
                .containsExactly("k.conf:1: " + violation);
        assertThat(ConfigParser.parse("k.conf", instance.formatted(" notify_master /bin/true\n")).warnings())
                .containsExactly("k.conf:7: " + violation);
        assertThat(ConfigParser.parse("k.conf", "global_defs {\n enable_script_security\n}\n" + instance.formatted(" notify /bin/true\n"))
                .warnings()).isEmpty();
        assertThat(ConfigParser.parse("k.conf", instance.formatted("")).warnings()).as("no scripts").isEmpty();
    }

    private static Location loc(int line) {
        return new Location(Path.of("k.conf"), line);
    }

    @Test
    void anIpv6InstanceIsVrrpv3AndKeepsToItsFamilyAsKeepalivedDoes() throws Exception {
        String conf = """
                vrrp_instance VI_6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority 100
                    virtual_ipaddress {
                        fe80::200/64
                        2001:db8::200
                        198.18.0.200/24
                    }
                    virtual_ipaddress_excluded {
                        198.18.1.200/24
                    }
                }
                vrrp_instance VI_4 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority 100
                    virtual_ipaddress {
                        198.18.0.201/24
                    }
                }
                """;
        KeepalivedConfig c = ConfigParser.parse("x.conf", conf);
        VrrpInstanceConfig six = c.instances().get(0);
        assertThat(six.ipv6()).isTrue();
        assertThat(six.version()).as("IPv6 with no version of its own: 3, not vrrp_version's 2").isEqualTo(3);
        assertThat(six.vips()).extracting(VirtualAddress::cidr).containsExactly("fe80::200/64", "2001:db8::200/128");
        assertThat(six.excludedVips()).extracting(VirtualAddress::cidr).as("excluded addresses may be of the other family")
                .containsExactly("198.18.1.200/24");
        assertThat(c.instances().get(1).ipv6()).isFalse();
        assertThat(c.instances().get(1).version()).isEqualTo(2);
        // the IPv4 VIP in the IPv6 instance is dropped with keepalived's words, at its line; VRID 61 is used once per family
        assertThat(c.warnings()).containsExactly("x.conf:9: (VI_6): address family must match VRRP instance [198.18.0.200/24] - ignoring");
    }
}
