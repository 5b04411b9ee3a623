// haAcceptanceGate: runs hatest against a team's own keepalived configs and stops the promotion on any
// failed verdict. See pipelines/README.md; haAcceptanceGate.txt is the help Jenkins shows for it.
//
//   haAcceptanceGate(configDir: 'ha/nodes', scenarios: 'ha/scenarios', maxOutage: '8s', daemon: 'keepalived')
//   haAcceptanceGate(configDir: 'ha/nodes', rolloutFrom: 'ha/nodes-in-production')   // and roll the change out first
//
// Exit codes of hatest and what the gate makes of them:
//   0 every verdict passed              -> the build goes on
//   1 a verdict failed                  -> FAILURE (promotion stops), or UNSTABLE with unstable: true
//   2 a bad config or scenario (file:line in the log) -> FAILURE, always
//   3 the agent can't run the cluster (no engine, no macvlan) -> FAILURE, always
// Returns hatest's exit code (0, or 1 when unstable: true let the build go on).

/** The settings with their defaults; a mistake in them fails before anything runs. */
Map settings(Map args) {
    Set known = ['configDir', 'scenarios', 'maxOutage', 'daemon', 'unstable', 'shard', 'hatestHome', 'reportDir', 'plot',
                 'lockResource', 'rolloutFrom', 'rolloutBy', 'load', 'loadMaxFailed', 'loadMaxCut'] as Set
    List unknown = (args.keySet() - known) as List
    if (unknown) {
        error "haAcceptanceGate: unknown setting(s) ${unknown}; known: ${known.sort()}"
    }
    if (!args.configDir && !args.scenarios) {
        error 'haAcceptanceGate: give configDir: (a folder per node with its keepalived.conf), scenarios: (hatest scenario files), or both'
    }
    String daemon = args.daemon ?: 'keepalived'
    if (!(daemon in ['keepalived', 'vrrpd'])) {
        error "haAcceptanceGate: daemon: '${daemon}' is not keepalived or vrrpd"
    }
    if (args.rolloutFrom && !args.configDir) {
        error 'haAcceptanceGate: rolloutFrom: needs configDir: (the new configs to roll out onto a cluster running rolloutFrom)'
    }
    String rolloutBy = args.rolloutBy ?: 'reload'
    if (!(rolloutBy in ['reload', 'restart'])) {
        error "haAcceptanceGate: rolloutBy: '${rolloutBy}' is not reload or restart"
    }
    if ((args.loadMaxFailed != null || args.loadMaxCut != null) && args.load == null) {
        error 'haAcceptanceGate: loadMaxFailed: and loadMaxCut: go with load: (requests per second through the VIP)'
    }
    String home = args.hatestHome ?: env.HATEST_HOME ?: 'hatest'
    return [
        configDir   : args.configDir,
        // Without scenarios, the built-in ones: they name no node, so they fit any configs.
        scenarios   : args.scenarios ?: "${home}/src/main/resources/dev/hatest/scenarios",
        maxOutage   : args.maxOutage,
        daemon      : daemon,
        unstable    : args.unstable == true,
        shard       : args.shard,
        hatest      : "${home}/hatest",
        reportDir   : args.reportDir ?: 'hatest-reports',
        plot        : args.plot != false,
        lockResource: args.containsKey('lockResource') ? args.lockResource : "hatest-network-${env.NODE_NAME}",
        rolloutFrom : args.rolloutFrom,
        rolloutBy   : rolloutBy,
        load        : args.load,
        loadMaxFailed: args.loadMaxFailed,
        loadMaxCut  : args.loadMaxCut,
    ]
}

/** hatest's arguments for these settings (without the launcher). */
List<String> commandLine(Map s) {
    List<String> cmd = ['run', s.scenarios as String]
    if (s.configDir) {
        cmd += ['--config-dir', s.configDir as String]
    }
    cmd += ['--daemon', s.daemon as String]
    if (s.maxOutage) {
        cmd += ['--expect-outage-under', s.maxOutage as String]
    }
    if (s.shard) {
        cmd += ['--shard', s.shard as String]
    }
    if (s.load != null) {
        // users' traffic through the VIP during every fault, judged per step
        cmd += ['--load', s.load as String]
        if (s.loadMaxFailed != null) {
            cmd += ['--load-max-failed', s.loadMaxFailed as String]
        }
        if (s.loadMaxCut != null) {
            cmd += ['--load-max-cut', s.loadMaxCut as String]
        }
    }
    cmd += ['--junit-xml', "${s.reportDir}/junit.xml" as String, '--html', "${s.reportDir}/report.html" as String,
            '--save', "${s.reportDir}/run.json" as String, '--plot-csv', "${s.reportDir}/takeover.csv" as String]
    return cmd
}

/**
 * hatest's arguments for the rollout (without the launcher): a cluster on rolloutFrom, the configs of configDir
 * rolled out node by node, its reports in their own folder.
 */
List<String> rolloutLine(Map s) {
    String dir = "${s.reportDir}/rollout"
    return ['rollout', '--from', s.rolloutFrom as String, '--to', s.configDir as String, '--daemon', s.daemon as String,
            '--by', s.rolloutBy as String, '--junit-xml', "${dir}/junit.xml" as String, '--html', "${dir}/report.html" as String,
            '--save', "${dir}/run.json" as String]
}

/** The hatest command lines of a gate, in order: the rollout (when asked for), then the scenarios. */
List<List<String>> commandLines(Map s) {
    return (s.rolloutFrom ? [rolloutLine(s)] : []) + [commandLine(s)]
}

/** Runs the lines in order, stopping at an exit above 1; returns the worst exit. */
int runAll(Map s) {
    int status = 0
    for (List<String> words in commandLines(s)) {
        String line = ([s.hatest] + words).collect { word -> quote(word as String) }.join(' ')
        status = Math.max(status, sh(returnStatus: true, script: line) as int)
        if (status > 1) {
            break
        }
    }
    return status
}

/** One shell word. */
String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'"
}

def call(Map args = [:]) {
    Map s = settings(args)
    int status = -1
    if (s.lockResource) {
        lock(resource: s.lockResource) {
            try {
                status = runAll(s)
            } finally {
                // A killed run leaves its cluster behind. Under the lock nothing else of hatest runs on this
                // engine, so everything of hatest's here is a leftover.
                sh "${quote(s.hatest as String)} down --all"
            }
        }
    } else {
        // Without the lock other runs may be using the engine: leave their clusters be. hatest sweeps the
        // leftovers of runs whose process is gone at its next start.
        status = runAll(s)
    }
    if (status > 1) {
        error(status == 2 ? 'haAcceptanceGate: hatest refused a config, scenario or setting (exit 2); the file:line is in the log above'
                : status == 3 ? 'haAcceptanceGate: the run could not be judged (exit 3): this agent cannot run the test cluster, ' +
                    'or a container or the engine went away mid-run (what broke is in the log above); run `hatest doctor` on it'
                : status == 4 ? 'haAcceptanceGate: hatest failed on a bug of its own (exit 4); the log above names the file ' +
                    'with the details. The HA setup was not judged.'
                : "haAcceptanceGate: hatest exited ${status}")
    }
    publish(s)
    if (status == 1) {
        String message = "haAcceptanceGate: a verdict failed on ${s.configDir ?: s.scenarios} with ${s.daemon}: see the HA timeline"
        if (s.unstable) {
            unstable(message)
        } else {
            error(message)
        }
    }
    return status
}

/** Publishes what hatest wrote: the verdicts as tests, the timeline page, the takeover trend and the saved run. */
void publish(Map s) {
    String dir = s.reportDir
    if (!fileExists("${dir}/junit.xml")) {
        error "haAcceptanceGate: hatest wrote no ${dir}/junit.xml"
    }
    junit testResults: "${dir}/junit.xml", keepProperties: true
    if (s.rolloutFrom) {
        junit testResults: "${dir}/rollout/junit.xml", keepProperties: true
        publishHTML(target: [reportDir: "${dir}/rollout", reportFiles: 'report.html', reportName: "HA rollout ${s.daemon}",
                             keepAll: true, alwaysLinkToLastBuild: true, allowMissing: false])
    }
    archiveArtifacts artifacts: "${dir}/**"
    publishHTML(target: [reportDir: dir, reportFiles: 'report.html', reportName: "HA timeline ${s.daemon}${s.shard ? ' ' + s.shard : ''}",
                         keepAll: true, alwaysLinkToLastBuild: true, allowMissing: false])
    if (s.plot) {
        plot(group: 'hatest', title: "Takeover (ms), ${s.daemon}", style: 'line', yaxis: 'ms', numBuilds: '50',
             csvFileName: "hatest-takeover-${s.daemon}${s.shard ? '-' + s.shard.replace('/', 'of') : ''}.csv",
             csvSeries: [[file: "${dir}/takeover.csv", displayTableFlag: false]])
    }
}
