// haNightlyChaos: the nightly chaos job. Every scenario shard runs against every daemon, each pair as its
// own branch on its own agent: Jenkins spreads the work, hatest runs one shard (`hatest run --shard I/N`).
//
//   // Jenkinsfile of the nightly job
//   @Library('hatest') _
//   haNightlyChaos(configDir: 'ha/nodes', scenarios: 'ha/scenarios', shards: 3)
//
// Settings: configDir, scenarios, maxOutage, hatestHome and plot as for haAcceptanceGate; shards (default 2);
// daemons (default ['vrrpd', 'keepalived']); label, the agents' label (default 'docker'); cron (default
// 'H 2 * * *'); timeoutMinutes per branch (default 60); unstable (default false: a failed verdict fails the
// night's build).

/** The branches, by name: every shard of the scenarios against every daemon. */
Map<String, Map> branches(Map args) {
    Set known = ['configDir', 'scenarios', 'maxOutage', 'hatestHome', 'plot', 'shards', 'daemons', 'label', 'cron',
                 'timeoutMinutes', 'unstable'] as Set
    List unknown = (args.keySet() - known) as List
    if (unknown) {
        error "haNightlyChaos: unknown setting(s) ${unknown}; known: ${known.sort()}"
    }
    int shards = args.containsKey('shards') ? args.shards as int : 2
    List<String> daemons = (args.containsKey('daemons') ? args.daemons : ['vrrpd', 'keepalived']) as List<String>
    if (shards < 1) {
        error "haNightlyChaos: shards: ${shards} is not a positive count"
    }
    if (!daemons) {
        error 'haNightlyChaos: daemons: give at least one of vrrpd, keepalived'
    }
    Map<String, Map> out = [:]
    for (String daemon : daemons) {
        for (int i = 1; i <= shards; i++) {
            Map gate = [daemon: daemon, shard: "${i}/${shards}" as String, reportDir: "hatest-reports/${daemon}-${i}" as String,
                        unstable: args.unstable == true, plot: args.plot != false]
            ['configDir', 'scenarios', 'maxOutage', 'hatestHome'].each { k ->
                if (args[k] != null) {
                    gate[k] = args[k]
                }
            }
            out["${daemon} ${i}/${shards}" as String] = gate
        }
    }
    return out
}

def call(Map args = [:]) {
    properties([
        pipelineTriggers([cron(args.cron ?: 'H 2 * * *')]),
        buildDiscarder(logRotator(numToKeepStr: '30')),
        disableConcurrentBuilds(),
    ])
    Map<String, Map> plan = branches(args)
    int minutes = args.containsKey('timeoutMinutes') ? args.timeoutMinutes as int : 60
    Map<String, Closure> parallelBranches = [:]
    plan.each { String name, Map gate ->
        parallelBranches[name] = {
            node(args.label ?: 'docker') {
                timeout(time: minutes, unit: 'MINUTES') {
                    checkout scm
                    haAcceptanceGate(gate)
                }
            }
        }
    }
    timestamps {
        parallel parallelBranches
    }
}
