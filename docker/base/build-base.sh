#!/usr/bin/env bash
# Build hatest/base:<hash> (+ :latest) from a debootstrap'd Debian bookworm.
#
# No container registry is reachable here, so the base image cannot be
# pulled: we debootstrap from the machine's own apt mirror and `docker import`.
# <hash> covers this script (which holds the package list), so an unchanged
# recipe is never rebuilt. Prints the tag on stdout; progress on stderr.
set -euo pipefail

SUITE=bookworm
# nginx: serves the "who am I" page; openjdk: runs vrrpd.jar; keepalived:
# reference daemon; iproute2/iputils-arping/tcpdump/iptables: VIP moves,
# GARP, capture, fault injection; nftables: no_accept's drop rules (vrrpd
# runs nft, as keepalived uses libnftnl); tini: PID 1 that reaps orphans.
# (nginx-light in bookworm is only nginx + an echo module; tshark is too
# big for every node - captures are read with the host's tshark.)
PACKAGES=(nginx openjdk-17-jre-headless iproute2 iptables procps curl
    tcpdump keepalived tini iputils-ping iputils-arping nftables)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
HASH=$( { cat "$SELF"; echo "$SUITE ${PACKAGES[*]}"; } | sha256sum | cut -c1-12)
TAG="hatest/base:$HASH"

log() { echo "build-base: $*" >&2; }

"$HERE/../engine.sh"

if docker image inspect "$TAG" >/dev/null 2>&1; then
    docker tag "$TAG" hatest/base:latest   # cheap; keeps :latest = recipe
    echo "$TAG"
    exit 0
fi

[ "$(id -u)" = 0 ] || { log "need root for debootstrap"; exit 3; }
if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 ||
        { log "no debootstrap, and apt-get install debootstrap failed: install it (Debian: apt-get install debootstrap)"; exit 3; }
fi

# Use the same Debian mirror apt uses on this machine (the only one that
# is reachable); HATEST_MIRROR overrides.
find_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822: blank-line separated stanzas with URIs:/Suites:.
        awk -v s="$SUITE" 'BEGIN{RS=""}
            /(^|\n)Types:[^\n]*deb([ \t]|\n|$)/ && $0 ~ ("Suites:[^\n]*[ \t]" s "([ \t]|\n|$)") {
                if (match($0, /URIs:[ \t]*[^ \t\n]+/)) {
                    u = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", u)
                    print u; exit } }' "$f"
    done
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        grep -v '^[[:space:]]*#' | sed -E 's/\[[^]]*\]//' |
        awk -v s="$SUITE" '$1=="deb" && $3==s {print $2; exit}'
}
MIRROR=${HATEST_MIRROR:-$(find_mirror 2>/dev/null | head -n1 || true)}
[ -n "$MIRROR" ] || { log "no apt mirror for $SUITE found in /etc/apt"; exit 3; }

mkdir -p /var/cache/hatest
# One build at a time (a parallel caller waits, then finds the image).
exec 9>/var/cache/hatest/base.lock
flock 9
if docker image inspect "$TAG" >/dev/null 2>&1; then
    docker tag "$TAG" hatest/base:latest; echo "$TAG"; exit 0
fi

WORK=$(mktemp -d /var/cache/hatest/base-build.XXXXXX)
ROOT="${WORK:?}/rootfs"
cleanup() {
    # debootstrap mounts proc/sys (and maybe binds /dev) inside the target:
    # unmount first, and never let rm cross into a mounted filesystem.
    local m
    # shellcheck disable=SC2013  # mount points here have no spaces
    for m in $(awk -v r="$ROOT" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

START=$(date +%s)
log "debootstrap $SUITE from $MIRROR into $ROOT"
if ! debootstrap --variant=minbase --include="$(IFS=,; echo "${PACKAGES[*]}")" \
        "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
    log "debootstrap failed:"; tail -n 20 "$WORK/debootstrap.log" >&2
    [ -f "$ROOT/debootstrap/debootstrap.log" ] && tail -n 20 "$ROOT/debootstrap/debootstrap.log" >&2
    exit 1
fi

# Slim down: nothing in the image installs packages at run time.
rm -rf "${ROOT:?}"/var/cache/apt/* "$ROOT"/var/lib/apt/lists/* \
    "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* \
    "$ROOT"/usr/share/lintian "$ROOT"/usr/share/locale/* \
    "$ROOT"/var/log/*.log "$ROOT"/var/cache/debconf/*-old "$ROOT"/debootstrap
# Debian enables the default site; the node image adds its own.
rm -f "$ROOT"/etc/nginx/sites-enabled/default
# Docker provides these at run time.
rm -rf "${ROOT:?}"/dev/* "$ROOT"/proc/* "$ROOT"/sys/* "$ROOT"/run/* "$ROOT"/tmp/*
: >"$ROOT/etc/machine-id"

log "importing as $TAG"
tar --numeric-owner --xattrs -C "$ROOT" -c . | docker import \
    --change 'LABEL hatest=1' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    --message "hatest base $HASH ($SUITE: ${PACKAGES[*]})" \
    - "$TAG" >/dev/null
docker tag "$TAG" hatest/base:latest

SIZE=$(docker image inspect -f '{{.Size}}' "$TAG")
log "built $TAG in $(( $(date +%s) - START ))s, size $(( SIZE / 1024 / 1024 )) MiB"
echo "$TAG"
