#!/usr/bin/env bash
# Records the runs that RecordedRunsTest judges again with no containers: real chaos runs on this machine's
# engine, each saved with --save (its History and what its verdicts were judged from), gzipped. Run from the
# repository's root after `mvn -DskipTests package`; each run takes 20 to 60 s. A record's name says its
# daemon, its fault and its expected outcome.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../../.."
out=src/test/resources/recorded
record() {
    local name=$1; shift
    ./hatest chaos "$@" -q --save "$out/$name.json" > /dev/null || true   # a failed verdict is recorded as it is
    gzip -9f "$out/$name.json"
}
record vrrpd-kill-nginx-takeover             --kill nginx
record keepalived-kill-nginx-takeover        --kill nginx --daemon keepalived
record vrrpd-kill-nginx-takeover-failback    --kill nginx --heal-after 3s
record vrrpd-pause-takeover                  --pause
record vrrpd-stop-vrrpd-takeover             --stop vrrpd
record keepalived-restart-daemon-takeover    --restart-daemon --daemon keepalived
record vrrpd-dual-stack-kill-nginx-takeover  --kill nginx --dual-stack
record vrrpd-kill-nginx-on-backup-no-takeover --kill nginx --node backup --heal-after 3s
record keepalived-reload-no-takeover         --reload --daemon keepalived --heal-after 5s
record vrrpd-partition-split-brain           --partition
record keepalived-block-vrrp-out-split-brain --block-vrrp out --daemon keepalived
record vrrpd-loss-flapping                   --loss 30 --heal-after 10s
