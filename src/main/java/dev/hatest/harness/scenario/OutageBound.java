package dev.hatest.harness.scenario;

import dev.hatest.harness.check.Differential;
import dev.hatest.harness.cluster.NodeConfig;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;
import dev.hatest.vrrp.config.VrrpTrackProcess;
import dev.hatest.vrrp.track.Tracking;
import dev.hatest.vrrp.fsm.Timers;
import dev.hatest.vrrp.packet.VrrpVersion;

/**
 * The outage a client may see, derived from the configuration rather than guessed, with the arithmetic
 * spelled out so reports can state it.
 */
public record OutageBound(double millis, String formula) {

    /**
     * Slack for scheduling on a loaded machine, the fault's {@code docker exec} (50-300 ms) and the probe's
     * timeouts (a failing request can take up to 2 x 250 ms).
     */
    public static final double MARGIN_MS = 2000;

    /**
     * How soon after the new master's transition the client's ARP entry must name it. The GARPs leave with
     * the transition and both times come from the same kernel clock, so this is only the daemon's scheduling
     * of the burst and the client kernel's update, on a loaded machine.
     */
    public static final double ARP_MOVE_MS = dev.hatest.harness.check.StepAnalysis.ARP_MOVE_MS;

    /**
     * nginx dies on the master: the check notices after {@code fall} failed runs, each {@code interval} apart
     * (plus up to one interval before the first failed run), then the backup's Master_Down_Interval passes.
     */
    public static OutageBound nginxKill(NodeConfig masterConf, NodeConfig backupConf, String vip) {
        KeepalivedConfig mc = masterConf.get();
        VrrpInstanceConfig master = holding(mc, vip);
        VrrpInstanceConfig backup = backupConf.instance(vip);
        long detection = Long.MAX_VALUE;
        String detectionText = "no track_script";
        for (var t : master.trackProcesses()) {
            VrrpTrackProcess p = mc.trackProcess(t.name()).orElseThrow();
            // The process's exit is seen at once (process events, or a pidfd); terminate_delay then holds it.
            long d = p.terminateDelayMicros() / 1000;
            if (d < detection) {
                detection = d;
                detectionText = "track_process " + p.name() + ": at once + terminate_delay " + d + " ms";
            }
        }
        for (var t : master.trackScripts()) {
            VrrpScript s = mc.script(t.name()).orElseThrow();
            long d = (s.fall() + 1L) * s.intervalMillis();
            if (d < detection) {
                detection = d;
                detectionText = "(fall " + s.fall() + " + 1) x interval " + s.intervalMillis() + " ms";
            }
        }
        double masterDown = masterDownMillis(backup);
        detection = detection == Long.MAX_VALUE ? 0 : detection;
        return new OutageBound(detection + masterDown + MARGIN_MS,
                detectionText + " + Master_Down_Interval " + masterDown + " ms + margin " + (long) MARGIN_MS + " ms");
    }

    /**
     * nginx hangs on the master (accepts, never answers): each check run lasts up to its {@code timeout}, so
     * runs are {@code interval + timeout} apart; {@code fall} of them fail, plus up to one more run that
     * began before the hang; then the backup's Master_Down_Interval passes.
     */
    public static OutageBound nginxHang(NodeConfig masterConf, NodeConfig backupConf, String vip) {
        KeepalivedConfig mc = masterConf.get();
        VrrpInstanceConfig master = holding(mc, vip);
        VrrpInstanceConfig backup = backupConf.instance(vip);
        if (master.trackScripts().isEmpty()) {
            // Nothing asks nginx: a tracked process that hangs is still running. The bound is what a takeover
            // would take once noticed; the verdict will say none came.
            double masterDown = masterDownMillis(backup);
            return new OutageBound(masterDown + MARGIN_MS, "no tracked script to see a hang (a tracked process still runs) + "
                    + "Master_Down_Interval " + masterDown + " ms + margin " + (long) MARGIN_MS + " ms");
        }
        VrrpScript s = mc.script(master.trackScripts().get(0).name()).orElseThrow();
        long detection = (s.fall() + 1L) * (s.intervalMillis() + s.timeoutMillis());
        double masterDown = masterDownMillis(backup);
        return new OutageBound(detection + masterDown + MARGIN_MS, "(fall " + s.fall() + " + 1) x (interval "
                + s.intervalMillis() + " ms + timeout " + s.timeoutMillis() + " ms) + Master_Down_Interval " + masterDown
                + " ms + margin " + (long) MARGIN_MS + " ms");
    }

    /**
     * The check script stops the daemon (check_ng.sh's second way): its next run, at most one interval
     * after the fault, tries to restart nginx and waits {@code scriptWaitMs}; the stopped daemon's priority-0
     * advert makes the backup wait only Skew_Time.
     */
    public static OutageBound scriptStopsDaemon(NodeConfig masterConf, NodeConfig backupConf, String vip, long scriptWaitMs) {
        KeepalivedConfig mc = masterConf.get();
        VrrpScript s = mc.script(holding(mc, vip).trackScripts().get(0).name()).orElseThrow();
        double skew = skewMillis(backupConf, vip);
        return new OutageBound(s.intervalMillis() + scriptWaitMs + skew + MARGIN_MS, "interval " + s.intervalMillis()
                + " ms + the script's own wait " + scriptWaitMs + " ms + Skew_Time " + skew + " ms + margin " + (long) MARGIN_MS + " ms");
    }

    /** The daemon on the master crashes: adverts stop, and the backup waits out Master_Down_Interval. */
    public static OutageBound daemonCrash(NodeConfig backupConf, String vip) {
        VrrpInstanceConfig backup = backupConf.instance(vip);
        double masterDown = masterDownMillis(backup);
        return new OutageBound(masterDown + MARGIN_MS, "Master_Down_Interval " + masterDown + " ms + margin " + (long) MARGIN_MS + " ms");
    }

    /** The daemon on the master stops gracefully: its priority-0 advert makes the backup wait only Skew_Time. */
    public static OutageBound daemonStop(NodeConfig backupConf, String vip) {
        double skew = skewMillis(backupConf, vip);
        return new OutageBound(skew + MARGIN_MS, "Skew_Time " + skew + " ms + margin " + (long) MARGIN_MS + " ms");
    }

    /**
     * How long two live masters may overlap during a takeover: the old master steps down on the new
     * master's first advert, or on its next one, advert_int later, if the first is lost; plus 500 ms for
     * the daemons' log lines to reach the History.
     */
    public static OutageBound dualMasters(NodeConfig backupConf, String vip) {
        double advert = backupConf.instance(vip).advertIntervalMicros() / 1000.0;
        return new OutageBound(advert + 500, "advert_int " + advert + " ms + 500 ms");
    }

    /** Master_Down_Interval of the instance of {@code conf} that holds {@code vip}, in ms. */
    public static double masterDownMillis(NodeConfig conf, String vip) {
        return masterDownMillis(conf.instance(vip));
    }

    private static double masterDownMillis(VrrpInstanceConfig c) {
        return Timers.masterDown(version(c), c.priority(), c.advertIntervalMicros()) / 1000.0;
    }

    /** Skew_Time of the instance of {@code conf} that holds {@code vip}, in ms. */
    public static double skewMillis(NodeConfig conf, String vip) {
        VrrpInstanceConfig c = conf.instance(vip);
        return Timers.skew(version(c), c.priority(), c.advertIntervalMicros()) / 1000.0;
    }

    /** The interval of the first script tracked by the instance holding {@code vip}, in ms. */
    public static long scriptIntervalMillis(NodeConfig conf, String vip) {
        return trackedScript(conf, vip).intervalMillis();
    }

    /** The first vrrp_track_process tracked by the instance holding {@code vip}, or null. */
    public static VrrpTrackProcess trackedProcess(NodeConfig conf, String vip) {
        KeepalivedConfig c = conf.get();
        VrrpInstanceConfig i = holding(c, vip);
        return i.trackProcesses().isEmpty() ? null : c.trackProcess(i.trackProcesses().get(0).name()).orElseThrow();
    }

    /**
     * Whether the instance holding {@code vip} tracks its first process (else its first script) without weight:
     * its failure is a FAULT, and a master in FAULT hands over with a priority-0 advert.
     */
    public static boolean tracksAsFault(NodeConfig conf, String vip) {
        KeepalivedConfig c = conf.get();
        VrrpInstanceConfig i = holding(c, vip);
        if (!i.trackProcesses().isEmpty()) {
            return Tracking.weight(i.trackProcesses().get(0), n -> c.trackProcess(n).orElseThrow()) == 0;
        }
        return !i.trackScripts().isEmpty() && Tracking.weight(i.trackScripts().get(0), n -> c.script(n).orElseThrow()) == 0;
    }

    /** The virtual_router_id of the instance holding {@code vip}. */
    public static int vrid(NodeConfig conf, String vip) {
        return conf.instance(vip).vrid();
    }

    /** The VRRP version of the instance holding {@code vip}: 2 or 3. */
    public static int version(NodeConfig conf, String vip) {
        return conf.instance(vip).version();
    }

    /**
     * The first script tracked by the instance holding {@code vip}.
     *
     * @throws IllegalArgumentException when it tracks none
     */
    public static VrrpScript trackedScript(NodeConfig conf, String vip) {
        KeepalivedConfig c = conf.get();
        VrrpInstanceConfig i = holding(c, vip);
        if (i.trackScripts().isEmpty()) {
            throw new IllegalArgumentException(i.name() + " tracks no script");
        }
        return c.script(i.trackScripts().get(0).name()).orElseThrow();
    }

    /** The base priority of the instance holding {@code vip}. */
    public static int priority(NodeConfig conf, String vip) {
        return conf.instance(vip).priority();
    }

    /**
     * How far two runs of one scenario (on vrrpd and on keepalived, say) may differ by the fault's phase
     * alone: up to one advert_int (where the last advert falls), plus one check interval (and its timeout,
     * for a hang) when the fault breaks nginx (where the first failed check falls), plus 250 ms for the probe
     * (a request every 20 ms, a failing one taking up to 250 ms).
     */
    public static Differential.Tolerance differentialTolerance(NodeConfig conf, String vip, boolean breaksNginx, boolean hangs) {
        double advert = advertMillis(conf, vip);
        double check = 0;
        String checkText = "";
        if (breaksNginx) {
            VrrpInstanceConfig i = conf.instance(vip);
            if (i.trackScripts().isEmpty()) {
                checkText = " (no tracked script)";
            } else {
                VrrpScript s = trackedScript(conf, vip);
                check = s.intervalMillis();
                checkText = " + check interval " + s.intervalMillis() + " ms";
                if (hangs) {
                    check += s.timeoutMillis();
                    checkText += " + timeout " + s.timeoutMillis() + " ms";
                }
            }
        }
        return new Differential.Tolerance(advert + check + 250, advert, "advert_int " + (long) advert + " ms" + checkText + " + probe 250 ms");
    }

    /** The instance of {@code conf} that manages {@code vip}, or null. */
    public static String instanceFor(NodeConfig conf, String vip) {
        return conf.get().instanceHolding(dev.hatest.vrrp.packet.VrrpCodec.ip(vip)).map(VrrpInstanceConfig::name).orElse(null);
    }

    /** advert_int of the instance holding {@code vip}, in ms. */
    public static double advertMillis(NodeConfig conf, String vip) {
        return conf.instance(vip).advertIntervalMicros() / 1000.0;
    }

    private static VrrpVersion version(VrrpInstanceConfig c) {
        return c.version() == 3 ? VrrpVersion.V3 : VrrpVersion.V2;
    }

    private static VrrpInstanceConfig holding(KeepalivedConfig c, String vip) {
        return c.instanceHolding(dev.hatest.vrrp.packet.VrrpCodec.ip(vip)).orElseThrow(() -> new IllegalArgumentException(
                "no vrrp_instance holds " + vip + " (instances: " + c.instances().stream().map(VrrpInstanceConfig::name).toList() + ")"));
    }
}
