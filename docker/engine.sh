#!/usr/bin/env bash
# Make sure a Docker engine answers `docker info`; start one if we can.
#
#   engine.sh                 ensure the engine (quiet when it already answers)
#   engine.sh --check-macvlan ensure the engine, then check the macvlan driver
#
# Exit 0 = ready, 3 = no usable engine (one-line diagnosis on stderr).
# Only Debian + root can self-install: the machines here ship a docker CLI
# (/usr/local/bin/docker, 28.x) but no daemon, so we add Debian's docker.io
# (dockerd 20.10 + containerd + runc); the 28.x CLI negotiates the older API.
set -euo pipefail

DOCKERD_LOG=${HATEST_DOCKERD_LOG:-/var/log/hatest-dockerd.log}
WAIT_SECS=${HATEST_DOCKERD_WAIT:-60}

die() { echo "engine.sh: $*" >&2; exit 3; }

answers() { timeout 10 docker info >/dev/null 2>&1; }

check_macvlan() {
    # The project puts containers on macvlan networks over a private bridge;
    # prove that end to end (network.sh prints its own one-line diagnosis
    # and exits 3). A parent-less macvlan network is no test here: Docker
    # would make a dummy link, and this kernel has no dummy driver.
    "$(dirname "${BASH_SOURCE[0]}")/network.sh" check-macvlan
}

ensure_engine() {
    answers && return 0

    [ "$(id -u)" = 0 ] || die "no Docker engine answers and not root: cannot start one"
    grep -qi '^ID=debian' /etc/os-release 2>/dev/null \
        || die "no Docker engine answers and this is not Debian: start one yourself"

    if ! command -v dockerd >/dev/null 2>&1; then
        # Skip `apt-get update` when lists are already there (slow, and
        # enough to find docker.io on a machine that has them).
        if ! apt-cache show docker.io >/dev/null 2>&1; then
            apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed"
        fi
        # policy-rc.d / no systemd: postinst can't start the service; we
        # start dockerd ourselves below. The 28.x CLI in /usr/local/bin
        # is not a dpkg file, so docker.io's /usr/bin/docker doesn't clash.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            -o Dpkg::Options::=--force-confold docker.io >/dev/null 2>&1 \
            || die "apt-get install docker.io failed"
    fi
    command -v dockerd >/dev/null 2>&1 || die "dockerd not found after install"

    # Another dockerd may be starting already (e.g. a parallel run): only
    # start ours when none runs, then wait for it in either case.
    if ! pgrep -x dockerd >/dev/null 2>&1; then
        mkdir -p "$(dirname "$DOCKERD_LOG")"
        # setsid + nohup: the daemon must outlive this script and its shell.
        setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
    fi
    # Deadline, not a count: one `docker info` may itself hang for a while.
    local deadline=$((SECONDS + WAIT_SECS))
    while ((SECONDS < deadline)); do
        answers && return 0
        sleep 1
    done
    die "dockerd did not answer within ${WAIT_SECS}s (log: $DOCKERD_LOG: $(tail -n1 "$DOCKERD_LOG" 2>/dev/null))"
}

ensure_engine
case "${1:-}" in
    "") ;;
    --check-macvlan) check_macvlan ;;
    *) echo "usage: $0 [--check-macvlan]" >&2; exit 2 ;;
esac
