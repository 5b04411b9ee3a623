package dev.hatest.vrrp;

import com.sun.net.httpserver.HttpServer;
import dev.hatest.vrrp.config.ConfigException;
import dev.hatest.vrrp.config.ConfigParser;
import dev.hatest.vrrp.config.KeepalivedConfig;
import dev.hatest.vrrp.config.SyncGroup;
import dev.hatest.vrrp.fsm.Action;
import dev.hatest.vrrp.fsm.State;
import dev.hatest.vrrp.config.VrrpInstanceConfig;
import dev.hatest.vrrp.config.VrrpScript;
import dev.hatest.vrrp.config.VrrpTrackFile;
import dev.hatest.vrrp.config.VrrpTrackProcess;
import dev.hatest.vrrp.track.ProcessQuorum;
import dev.hatest.vrrp.io.NftFirewall;
import dev.hatest.vrrp.io.ProcessWatcher;
import dev.hatest.vrrp.track.Notifier;
import dev.hatest.vrrp.track.Accounts;
import dev.hatest.vrrp.track.FileWatcher;
import dev.hatest.vrrp.track.RunAs;
import dev.hatest.vrrp.track.ScriptRunner;
import dev.hatest.vrrp.track.ScriptUsers;
import dev.hatest.vrrp.track.Scripts;
import dev.hatest.vrrp.track.ScriptState;
import dev.hatest.vrrp.track.Tracking;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * vrrpd: a VRRP daemon that reads keepalived.conf. One loop thread owns every instance; receivers, script
 * runs, the status endpoint and SIGTERM only post tasks to it, so the state machines never race.
 *
 * <pre>
 * java -jar vrrpd.jar [-f FILE] [-t] [--status-port N]
 * </pre>
 */
public final class VrrpDaemon {

    static final String USAGE = """
            Usage: vrrpd [-f FILE] [-t] [-i ID] [--status-port N]
              -f, --use-file FILE   keepalived.conf to read (default /etc/keepalived/keepalived.conf)
              -t, --config-test     check the configuration, and this host's interfaces and scripts it
                                    names, and exit: 0 when it is valid, 1 when it has errors or warnings
                                    (keepalived's own -t fails on both)
              -i, --config-id ID    read the lines starting @ID (and not those starting @^ID); by default
                                    ID is this host's name up to its first dot
              --status-port N       serve GET /status as JSON on this TCP port
              -h, --help            show this help
            keepalived's -n, -l, -D, -P and --vrrp are accepted and ignored (vrrpd always runs in the
            foreground, logs to stdout and runs only VRRP).""";

    /** The config in force: replaced by a reload that passes (loop thread only). */
    private KeepalivedConfig config;
    /** Where the config is read from, and the @ID lines it takes: what a reload (SIGHUP) reads again. */
    private final Path file;
    private final String configId;
    private final EventLog log;
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, ScriptState> scriptStates = new LinkedHashMap<>();
    /** Each tracked vrrp_track_process's quorum (loop thread only). */
    private final Map<String, ProcessQuorum> quorums = new LinkedHashMap<>();
    private ProcessWatcher processWatcher;
    /** Each tracked file's value (loop thread only), and what watches them. */
    private final Map<String, Long> fileValues = new java.util.HashMap<>();
    private FileWatcher fileWatcher;
    /** Who each script runs as. */
    private ScriptUsers users;
    private ScriptRunner runner;
    /** The interfaces the link watcher watches: every instance's own and tracked ones (replaced by a reload). */
    private volatile java.util.Set<String> watchedLinks = java.util.Set.of();
    /** The reloads so far, and what the last one did, for /status. */
    private int reloads;
    private Map<String, Object> lastReload;
    /** The scripts as they run: checked for their accounts at start, then ready or disabled. */
    private Scripts scripts;
    /** Each watched interface's link, as the watcher last reported it (loop thread only). */
    private final Map<String, Boolean> linkUp = new java.util.HashMap<>();
    /** A sync group is moving its members: their moves are not passed on again. */
    private boolean syncing;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** no_accept's nftables table, made at start when an instance does not accept. */
    private final NftFirewall firewall;
    /** Each sync group's state and notify scripts, by name. */
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private volatile boolean running = true;

    VrrpDaemon(KeepalivedConfig config, Path file, String configId, ScriptUsers users, EventLog log) {
        this.config = config;
        this.file = file;
        this.configId = configId;
        this.users = users;
        this.log = log;
        this.firewall = new NftFirewall(config.globalDefs().nftablesTable(), config.globalDefs().nftablesPriority(), "nft");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = Path.of("/etc/keepalived/keepalived.conf");
        boolean test = false;
        String configId = null;
        Integer statusPort = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "-f", "--use-file" -> file = Path.of(args[++i]);
                    case "-t", "--config-test" -> test = true;
                    case "-i", "--config-id" -> configId = args[++i];
                    case "--status-port" -> statusPort = Integer.parseInt(args[++i]);
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "-n", "--dont-fork", "-l", "--log-console", "-D", "--log-detail", "-P", "--vrrp" -> { }
                    default -> {
                        if (a.startsWith("--use-file=")) {
                            file = Path.of(a.substring("--use-file=".length()));
                        } else {
                            err.println("vrrpd: unknown option '" + a + "'\n" + USAGE);
                            return 2;
                        }
                    }
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                err.println("vrrpd: option " + a + " needs a valid value\n" + USAGE);
                return 2;
            }
        }
        if (test) {
            // the file and this host, as keepalived's -t checks both (ConfigTest)
            ConfigTest.Result r = ConfigTest.onThisHost(file, configId);
            r.findings().forEach(err::println);
            r.notes().forEach(n -> err.println(n + " (note)"));
            if (!r.valid()) {
                return 1;
            }
            out.println("Configuration file " + file + " is valid");
            return 0;
        }
        KeepalivedConfig config;
        try {
            config = ConfigParser.parse(file, configId);
        } catch (ConfigException e) {
            e.findings().forEach(err::println);
            return 1;
        }
        // who each script runs as: looked up on this host, as keepalived does
        ScriptUsers users = ScriptUsers.resolve(config, Accounts.system(), RunAs.self());
        List<String> warnings = new ArrayList<>(config.warnings());
        warnings.addAll(users.warnings());
        List<String> notes = new ArrayList<>(config.notes());
        notes.addAll(users.notes());
        warnings.forEach(w -> err.println(w + " (warning)"));
        notes.forEach(n -> err.println(n + " (note)"));
        VrrpDaemon daemon = new VrrpDaemon(config, file, configId, users, new EventLog(out));
        try {
            return daemon.serve(statusPort);
        } catch (IOException | RuntimeException e) {
            err.println("vrrpd: " + e.getMessage());
            return 1;
        }
    }

    private int serve(Integer statusPort) throws IOException {
        log.event("config", Map.of("routerId", String.valueOf(config.globalDefs().routerId()),
                "notify", config.globalDefs().notificationEmail()));
        for (boolean six : new boolean[]{false, true}) {
            if (config.instances().stream().anyMatch(c -> !c.accept() && c.ipv6() == six)) {
                log.info("no_accept or vrrp_strict specified - using nftables table " + (six ? "ip6 " : "ip ")
                        + config.globalDefs().nftablesTable());
                try {
                    if (six) {
                        firewall.prepare6();
                    } else {
                        firewall.prepare();
                    }
                } catch (IOException e) {
                    log.info("cannot make the nftables table (tried again at the first mastership): " + e.getMessage());
                }
            }
        }
        scripts = Scripts.prepare(config, users, System.getenv("PATH"), log::info);
        for (VrrpInstanceConfig c : config.instances()) {
            instances.add(new Instance(c, vips(config), log, firewall, new Notifier(c.name(), scripts.notify(c.notifyScripts()), log::info)));
        }
        joinSyncGroups();
        for (VrrpScript s : config.scripts()) {
            scriptStates.put(s.name(), new ScriptState(s.fall(), s.rise()));
        }
        Gc.listen();
        HttpServer http = statusPort == null ? null : startStatus(statusPort);
        startProcessWatcher();
        startFileWatcher();
        long now = Clock.micros();
        for (Instance i : instances) {
            i.start(now);
            startReceiver(i);
        }
        if (!quorums.isEmpty() || !fileValues.isEmpty()) {
            retrack();  // a process already missing, or a file already saying so, is a FAULT from the start, as in keepalived
        }
        startLinkWatcher();
        runner = startScripts();
        listenForReload();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            inbox.add(this::shutdown);
            try {
                stopped.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vrrpd-sigterm"));
        loop();
        runner.close();
        if (processWatcher != null) {
            processWatcher.close();
        }
        if (fileWatcher != null) {
            fileWatcher.close();
        }
        if (http != null) {
            http.stop(0);
        }
        return failed ? 1 : 0;
    }

    /** Set when an Error stopped the loop: the daemon exits 1. */
    private boolean failed;

    /**
     * The event loop: run the tasks already queued (received adverts first of all), fire the due timers, then
     * wait for a task until the next deadline. Before an instance's timer fires, the adverts still waiting in
     * its socket are taken: a timer must never beat an advert that arrived before it was due.
     */
    private void loop() {
        while (running) {
            Runnable queued;
            while (running && (queued = inbox.poll()) != null) {
                run(queued);
            }
            if (!running) {
                break;
            }
            long now = Clock.micros();
            for (Instance i : instances) {
                if (i.router().nextDeadline() <= now) {
                    i.readPending(now);
                }
            }
            now = Clock.micros();
            long next = Long.MAX_VALUE;
            for (ProcessQuorum q : quorums.values()) {
                if (q.tick(now)) {
                    quorumChanged(q);
                }
                next = Math.min(next, q.nextDeadline());
            }
            for (Instance i : instances) {
                i.tick(now);
                next = Math.min(next, i.router().nextDeadline());
            }
            long wait = next == Long.MAX_VALUE ? 1_000_000 : Math.max(0, next - Clock.micros());
            try {
                Runnable task = inbox.poll(wait, TimeUnit.MICROSECONDS);
                if (task != null) {
                    run(task);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdown();
            }
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.info("internal error: " + e);
        } catch (Error e) {
            // The loop can't go on (its thread would die and leave the VIPs up with no adverts): stop as SIGTERM
            // does, every VIP removed, and exit 1.
            log.info("fatal: " + e + "; stopping, every VIP removed");
            failed = true;
            if (running) {
                shutdown();
            }
        }
    }

    private ScriptRunner startScripts() {
        return new ScriptRunner(scripts.tracked(), (s, ok) -> inbox.add(() -> scriptResult(s, ok)));
    }

    /** SIGHUP reloads the config, on the loop thread, as keepalived's does (the JVM would otherwise exit on it). */
    private void listenForReload() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> inbox.add(this::reload));
        } catch (IllegalArgumentException e) {
            // The JVM leaves alone a signal its parent ignored (nohup does that to SIGHUP)
            log.info("SIGHUP can't be caught here (" + e.getMessage() + "; was vrrpd started with it ignored, as under nohup?"
                    + " then start it with SIGHUP at its default, e.g. env --default-signal=HUP): no reload");
        }
    }

    /**
     * SIGHUP: reads the config again and applies it as keepalived 2.2.7 does (measured against it, and read in
     * its {@code clear_diff_vrrp}). Each master first advertises with the priority in force. An instance whose
     * VRID and interface are unchanged ({@link Instance#keeps}) keeps its state and VIPs, with no transition,
     * and takes the new priority, VIPs, timers and tracking in place; one no longer configured stops (a
     * master with a priority-0 advert, its VIPs removed); a new one starts as on startup, in BACKUP.
     *
     * <p>A config with errors is refused with each {@code file:line}, and the daemon carries on with the one
     * in force. So does one with any finding of the config test when {@code reload_check_config} is set (the
     * findings go to its log file too, when it names one), as keepalived does. Without that option keepalived
     * 2.2.7 reloads past warnings but exits on an error, leaving its VIPs in place (measured): vrrpd does not
     * follow it there.
     */
    private void reload() {
        log.info("Reloading ...");
        instances.forEach(Instance::advertiseBeforeReload);
        String check = config.globalDefs().reloadCheckConfig();
        if (check != null) {
            log.info("validate conf before Reload");
            ConfigTest.Result r = ConfigTest.onThisHost(file, configId);
            if (!r.valid()) {
                if (!check.isEmpty()) {
                    try {
                        java.nio.file.Files.write(Path.of(check), r.findings());
                    } catch (IOException | RuntimeException e) {
                        log.info("could not write the config check log " + check + ": " + e.getMessage());
                    }
                }
                rejected("New config failed validation" + (check.isEmpty() ? "" : ", see " + check + " for details"), r.findings());
                return;
            }
        }
        KeepalivedConfig next;
        try {
            next = ConfigParser.parse(file, configId);
        } catch (ConfigException e) {
            rejected(file + " has errors", e.findings());
            return;
        } catch (StackOverflowError | OutOfMemoryError e) {
            // whatever the new file holds, the config in force goes on: no half-read config, no dead loop
            rejected(file + " could not be read: " + e, List.of());
            return;
        }
        ScriptUsers nextUsers = ScriptUsers.resolve(next, Accounts.system(), RunAs.self());
        next.warnings().forEach(w -> log.info(w + " (warning)"));
        nextUsers.warnings().forEach(w -> log.info(w + " (warning)"));
        apply(next, nextUsers);
    }

    private void rejected(String why, List<String> findings) {
        findings.forEach(log::info);
        log.info("Reload rejected: " + why + "; carrying on with the configuration in force");
        reloads++;
        lastReload = new LinkedHashMap<>();
        lastReload.put("ts", java.time.Instant.now().toString());
        lastReload.put("result", "rejected");
        lastReload.put("findings", List.copyOf(findings));
        log.event("reload", Map.of("result", "rejected", "why", why, "first", findings.isEmpty() ? "" : findings.get(0)));
    }

    /** Puts {@code next} in force (see {@link #reload}). */
    private void apply(KeepalivedConfig next, ScriptUsers nextUsers) {
        KeepalivedConfig before = config;
        runner.close();
        if (processWatcher != null) {
            processWatcher.close();
            processWatcher = null;
        }
        if (fileWatcher != null) {
            try {
                fileWatcher.close();
            } catch (IOException e) {
                log.info("could not stop watching files: " + e.getMessage());
            }
            fileWatcher = null;
        }
        quorums.clear();
        fileValues.clear();
        config = next;
        users = nextUsers;
        scripts = Scripts.prepare(config, users, System.getenv("PATH"), log::info);
        // A track script's last result carries over, as keepalived's clear_diff_script maps it onto the new
        // rise and fall; a new script starts unknown.
        Map<String, ScriptState> kept = new LinkedHashMap<>(scriptStates);
        scriptStates.clear();
        for (VrrpScript sc : config.scripts()) {
            ScriptState old = kept.get(sc.name());
            scriptStates.put(sc.name(), old != null && old.known() ? ScriptState.carriedOver(sc.fall(), sc.rise(), old.good())
                    : new ScriptState(sc.fall(), sc.rise()));
        }
        // Which instance goes on as which: matched by VRID and interface, in the new config's order.
        List<Instance> old = new ArrayList<>(instances);
        Map<Instance, VrrpInstanceConfig> keptAs = new LinkedHashMap<>();
        List<VrrpInstanceConfig> added = new ArrayList<>();
        for (VrrpInstanceConfig c : config.instances()) {
            Instance match = old.stream().filter(i -> !keptAs.containsKey(i) && i.keeps(c)).findFirst().orElse(null);
            if (match != null) {
                keptAs.put(match, c);
            } else {
                added.add(c);
            }
        }
        long now = Clock.micros();
        List<String> removed = new ArrayList<>();
        for (Instance i : old) {
            if (!keptAs.containsKey(i)) {
                log.info("(" + i.name() + ") removed from the config: stopping");
                i.onTransition((source, t) -> { });  // its group goes on without it
                i.router().joinSyncGroup(null);
                i.stop(now);
                i.close();
                instances.remove(i);
                removed.add(i.name());
            }
        }
        try {
            startProcessWatcher();
            startFileWatcher();
        } catch (IOException e) {
            log.info("could not watch the tracked files: " + e.getMessage());
        }
        List<String> changes = new ArrayList<>();
        List<Instance> fresh = new ArrayList<>();
        for (VrrpInstanceConfig c : added) {
            try {
                List<java.net.InetAddress> held = new ArrayList<>(vips(before));
                held.addAll(vips(config));
                fresh.add(new Instance(c, held, log, firewall, new Notifier(c.name(), scripts.notify(c.notifyScripts()), log::info)));
            } catch (IOException e) {
                log.info("(" + c.name() + ") can't start: " + e.getMessage());
            }
        }
        // The instances are in the new config's order, as keepalived lists them.
        instances.clear();
        for (VrrpInstanceConfig c : config.instances()) {
            keptAs.entrySet().stream().filter(e -> e.getValue() == c).map(Map.Entry::getKey).findFirst().ifPresent(instances::add);
            fresh.stream().filter(i -> i.config() == c).findFirst().ifPresent(instances::add);
        }
        for (String link : links()) {
            if (!linkUp.containsKey(link) && !watchedLinks.contains(link)) {
                linkUp.put(link, dev.hatest.vrrp.io.NetInterface.linkUp(link));
            }
        }
        watchedLinks = links();
        joinSyncGroups();
        now = Clock.micros();
        for (Map.Entry<Instance, VrrpInstanceConfig> e : keptAs.entrySet()) {
            Instance i = e.getKey();
            VrrpInstanceConfig c = e.getValue();
            try {
                List<String> changed = i.reload(c, new Notifier(c.name(), scripts.notify(c.notifyScripts()), log::info),
                        effectivePriority(c), now);
                if (!changed.isEmpty()) {
                    changes.add(c.name() + ": " + String.join(", ", changed));
                    log.info("(" + c.name() + ") reloaded: " + String.join(", ", changed));
                }
            } catch (IOException ex) {
                log.info("(" + c.name() + ") " + ex.getMessage());
            }
        }
        for (Instance i : fresh) {
            i.start(now);
            startReceiver(i);
        }
        retrack();
        runner = startScripts();
        reloads++;
        lastReload = new LinkedHashMap<>();
        lastReload.put("ts", java.time.Instant.now().toString());
        lastReload.put("result", "applied");
        lastReload.put("kept", keptAs.values().stream().map(VrrpInstanceConfig::name).toList());
        lastReload.put("added", added.stream().map(VrrpInstanceConfig::name).toList());
        lastReload.put("removed", removed);
        lastReload.put("changed", changes);
        log.info("Reload complete");
        log.event("reload", Map.of("result", "applied", "kept", keptAs.size(), "added", added.size(), "removed", removed.size(),
                "changed", String.join("; ", changes)));
    }

    /** On SIGTERM: each master sends a priority-0 advert and removes its VIPs (RFC 3768 6.4.3). */
    private void shutdown() {
        long now = Clock.micros();
        for (Instance i : instances) {
            i.stop(now);
            i.close();
        }
        try {
            firewall.close();
        } catch (IOException e) {
            log.info("could not remove the nftables table: " + e.getMessage());
        }
        log.info("Stopped");
        running = false;
        stopped.countDown();
    }

    private void startReceiver(Instance instance) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[2048];
            while (running && !instance.closed()) {
                try {
                    int n = instance.socket().receive(buffer);
                    if (n > 0) {
                        long at = Clock.micros();
                        byte[] copy = java.util.Arrays.copyOf(buffer, n);
                        inbox.add(() -> instance.received(copy, n, at));
                    }
                } catch (IOException e) {
                    if (running && !instance.closed()) {
                        log.info("(" + instance.name() + ") receive failed: " + e.getMessage());
                    }
                    return;
                }
            }
        }, "vrrp-rx-" + instance.name());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Watches each instance's interface and tracked interfaces, as keepalived does through netlink: a link
     * that goes down puts the instance in FAULT (or moves its priority, for a weighted track_interface); its
     * return starts it again as BACKUP. The watcher sleeps in the kernel until a link notification comes
     * (re-reading the states at least every 5 s as a safety net), or, without rtnetlink, polls every 100 ms.
     * The loop thread keeps the states it was told.
     */
    private void startLinkWatcher() {
        watchedLinks = links();
        Map<String, Boolean> up = new java.util.HashMap<>();
        Runnable check = () -> {
            up.keySet().retainAll(watchedLinks);
            for (String iface : watchedLinks) {
                boolean now = dev.hatest.vrrp.io.NetInterface.linkUp(iface);
                if (now != up.getOrDefault(iface, true)) {
                    up.put(iface, now);
                    inbox.add(() -> {
                        log.info("Netlink reports " + iface + (now ? " up" : " down"));
                        linkUp.put(iface, now);
                        retrack();
                    });
                }
            }
        };
        Thread t = new Thread(() -> {
            dev.hatest.vrrp.io.LinkEvents events = null;
            try {
                events = dev.hatest.vrrp.io.LinkEvents.open();
            } catch (IOException e) {
                log.info("Link notifications unavailable (" + e.getMessage() + "); polling links every 100 ms");
            }
            check.run();
            while (running) {
                try {
                    if (events != null) {
                        events.await(5000);
                    } else {
                        Thread.sleep(100);
                    }
                } catch (IOException e) {
                    events.close();
                    events = null;
                } catch (InterruptedException e) {
                    return;
                }
                check.run();
            }
        }, "vrrp-link");
        t.setDaemon(true);
        t.start();
    }

    /** Every address some instance of {@code c} holds as master: none of them is an interface's own. */
    private static List<java.net.InetAddress> vips(KeepalivedConfig c) {
        return c.instances().stream().flatMap(i -> i.allVips().stream()).map(dev.hatest.vrrp.config.VirtualAddress::address).toList();
    }

    /** Every instance's own interface and the ones it tracks. */
    private java.util.Set<String> links() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Instance i : instances) {
            names.add(i.config().iface());
            i.config().trackInterfaces().forEach(t -> names.add(t.name()));
        }
        return java.util.Set.copyOf(names);
    }

    /** Reads and then watches the file of every track_file some instance tracks. */
    private void startFileWatcher() throws IOException {
        List<VrrpTrackFile> used = config.trackFiles().stream()
                .filter(f -> config.instances().stream().anyMatch(i -> i.trackFiles().stream().anyMatch(t -> t.name().equals(f.name()))))
                .toList();
        if (used.isEmpty()) {
            return;
        }
        fileWatcher = FileWatcher.start(used, (name, v) -> inbox.add(() -> fileChanged(name, v)), log::info);
        fileValues.putAll(fileWatcher.initial());
    }

    private void fileChanged(String name, long value) {
        fileValues.put(name, value);
        log.info("track_file " + name + " now holds " + value);
        log.event("file", Map.of("file", name, "value", value));
        retrack();
    }

    /** The tracked files' configs and current values, for {@link Tracking}. */
    private final Tracking.FileValues files = new Tracking.FileValues() {
        @Override
        public VrrpTrackFile file(String name) {
            return config.trackFile(name).orElseThrow();
        }

        @Override
        public long value(String name) {
            return fileValues.getOrDefault(name, 0L);
        }
    };

    /** How often /proc is read again for new processes when the kernel's process events are not available. */
    static final int PROCESS_SCAN_MILLIS = 200;

    /** Starts counting the processes of every vrrp_track_process some instance tracks. */
    private void startProcessWatcher() {
        List<VrrpTrackProcess> used = config.trackProcesses().stream()
                .filter(p -> config.instances().stream().anyMatch(i -> i.trackProcesses().stream().anyMatch(t -> t.name().equals(p.name()))))
                .toList();
        if (used.isEmpty()) {
            return;
        }
        processWatcher = ProcessWatcher.start(used, true, PROCESS_SCAN_MILLIS,
                (name, n) -> inbox.add(() -> processCount(name, n)));
        if (processWatcher.unavailable() != null) {
            log.info("Process events unavailable (" + processWatcher.unavailable() + "); tracking processes through "
                    + processWatcher.describe());
        } else {
            log.info("Tracking processes through " + processWatcher.describe());
        }
        long now = Clock.micros();
        Map<String, Integer> counts = processWatcher.counts();
        for (VrrpTrackProcess p : used) {
            ProcessQuorum q = new ProcessQuorum(p);
            q.count(counts.getOrDefault(p.name(), 0), now);
            quorums.put(p.name(), q);
            log.info("Tracked process " + p.name() + ": " + q.count() + " running, quorum " + (q.up() ? "achieved" : "not achieved"));
        }
    }

    private void processCount(String name, int n) {
        ProcessQuorum q = quorums.get(name);
        if (q != null && q.count(n, Clock.micros())) {
            quorumChanged(q);
        }
    }

    private void quorumChanged(ProcessQuorum q) {
        String name = q.process().name();
        log.info("Quorum " + (q.up() ? "gained" : "lost") + " for tracked process " + name);
        log.event("process", Map.of("process", name, "status", q.up() ? "up" : "down", "count", q.count()));
        retrack();
    }

    private Boolean processUp(String name) {
        ProcessQuorum q = quorums.get(name);
        return q == null ? null : q.up();
    }

    private VrrpTrackProcess trackProcess(String name) {
        return config.trackProcess(name).orElseThrow();
    }

    private void scriptResult(VrrpScript script, boolean ok) {
        ScriptState st = scriptStates.get(script.name());
        if (st == null || !st.record(ok)) {  // null: a run that ended after a reload removed its script
            return;
        }
        log.info("VRRP_Script(" + script.name() + ") " + (st.good() ? "succeeded" : "failed"));
        log.event("script", Map.of("script", script.name(), "status", st.good() ? "good" : "bad"));
        retrack();
    }

    private int effectivePriority(VrrpInstanceConfig c) {
        return Tracking.effectivePriority(c, n -> config.script(n).orElseThrow(), scriptStates::get, linkUp,
                this::trackProcess, this::processUp, files);
    }

    /**
     * keepalived's vrrp_sync_group: the members move together. One goes MASTER only when every member's
     * Master_Down_Timer has fired, then all do; one leaving MASTER for BACKUP takes the others along; one in
     * FAULT puts all in FAULT until it recovers. Moves made for the group are not passed on again.
     */
    private void joinSyncGroups() {
        Map<String, GroupState> before = new LinkedHashMap<>(groups);
        groups.clear();
        for (Instance i : instances) {
            i.router().joinSyncGroup(null);
            i.onTransition((source, t) -> { });
        }
        for (SyncGroup g : config.syncGroups()) {
            GroupState gs = new GroupState(Notifier.group(g.name(), scripts.notify(g.notifyScripts()), log::info));
            if (before.containsKey(g.name())) {
                gs.state = before.get(g.name()).state;  // a reload keeps the group's state, as its members keep theirs
            }
            groups.put(g.name(), gs);
            List<Instance> members = instances.stream().filter(i -> g.members().contains(i.name())).toList();
            for (Instance m : members) {
                m.router().joinSyncGroup(now -> members.stream().filter(o -> o != m).allMatch(o -> o.router().readyForMaster(now)));
                m.onTransition((source, t) -> followed(g, members, source, t));
            }
        }
    }

    private void followed(SyncGroup g, List<Instance> members, Instance source, Action.Transition t) {
        if (syncing) {
            return; // a move made for the group is not passed on again
        }
        List<Instance> others = members.stream().filter(o -> o != source).toList();
        if (t.to() == State.MASTER || t.to() == State.FAULT || (t.to() == State.BACKUP && t.from() == State.MASTER)) {
            sync(g, others, t.to());
            groupEntered(g, t.to().name());
        } else if (t.to() == State.BACKUP && t.from() == State.FAULT) {
            // Recovered: the group leaves FAULT only when no other member is faulty on its own account.
            boolean othersFaulty = others.stream().anyMatch(o -> o.router().state() == State.FAULT && !o.router().faultedBySync());
            sync(g, othersFaulty ? List.of(source) : others, othersFaulty ? State.FAULT : State.BACKUP);
            groupEntered(g, othersFaulty ? "FAULT" : "BACKUP");
        } else if (t.to() == State.BACKUP) {
            groupEntered(g, "BACKUP"); // the first member to start
        } else if (t.to() == State.INITIALIZE) {
            groupEntered(g, "STOP"); // the first member to stop
        }
    }

    /** A sync group's state, as its notify scripts see it (keepalived: "VRRP_Group(G) Syncing instances to ..."). */
    private static final class GroupState {
        final Notifier notifier;
        String state = "INIT";

        GroupState(Notifier notifier) {
            this.notifier = notifier;
        }
    }

    /** The group's notify scripts run when it enters a state it was not in (priority 0, as keepalived passes). */
    private void groupEntered(SyncGroup g, String state) {
        GroupState gs = groups.get(g.name());
        if (!gs.state.equals(state)) {
            gs.state = state;
            log.event("group", Map.of("group", g.name(), "state", state));
            gs.notifier.fire(state, 0);
        }
    }

    private void sync(SyncGroup g, List<Instance> who, State target) {
        log.info("VRRP_Group(" + g.name() + ") Syncing instances to " + target);
        syncing = true;
        try {
            long now = Clock.micros();
            who.forEach(o -> o.applySync(target, now));
        } finally {
            syncing = false;
        }
    }

    /** After a link change: each instance's FAULT and priority from the current states. */
    private void retrack() {
        long now = Clock.micros();
        for (Instance i : instances) {
            i.faultChanged(Tracking.fault(i.config(), linkUp, n -> config.script(n).orElseThrow(), scriptStates::get,
                            this::trackProcess, this::processUp, files),
                    linkUp.getOrDefault(i.config().iface(), true) ? "tracking failed" : "interface down", now);
            i.priorityChanged(effectivePriority(i.config()), now);
        }
    }

    private HttpServer startStatus(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
        http.createContext("/status", exchange -> {
            CompletableFuture<String> body = new CompletableFuture<>();
            inbox.add(() -> body.complete(statusJson()));
            String json;
            try {
                json = body.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                json = "{\"error\":\"daemon busy\"}";
            }
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        http.start();
        return http;
    }

    private String statusJson() {
        List<Object> list = new ArrayList<>();
        for (Instance i : instances) {
            list.add(i.status());
        }
        Map<String, Object> scripts = new LinkedHashMap<>();
        scriptStates.forEach((k, v) -> scripts.put(k, this.scripts.disabled(k).orElse(!v.known() ? "init" : v.good() ? "good" : "bad")));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("routerId", config.globalDefs().routerId());
        root.put("instances", list);
        if (!config.syncGroups().isEmpty()) {
            List<Object> syncGroups = new ArrayList<>();
            for (SyncGroup g : config.syncGroups()) {
                GroupState gs = groups.get(g.name());
                syncGroups.add(Map.of("name", g.name(), "members", g.members(), "state", gs == null ? "INIT" : gs.state));
            }
            root.put("syncGroups", syncGroups);
        }
        root.put("scripts", scripts);
        root.put("reloads", reloads);
        if (lastReload != null) {
            root.put("lastReload", lastReload);
        }
        if (!fileValues.isEmpty()) {
            root.put("files", new java.util.TreeMap<>(fileValues));
        }
        root.put("gc", Gc.status());
        if (processWatcher != null) {
            Map<String, Object> processes = new LinkedHashMap<>();
            quorums.forEach((k, q) -> processes.put(k, Map.of("count", q.count(), "status", q.up() ? "up" : "down")));
            root.put("processes", processes);
            root.put("processEvents", processWatcher.source().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Json.value(root);
    }

    /** The one clock: monotonic microseconds for timers. */
    static final class Clock {
        private Clock() {
        }

        static long micros() {
            return System.nanoTime() / 1000;
        }
    }
}
