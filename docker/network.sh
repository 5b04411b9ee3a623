#!/usr/bin/env bash
# Isolated test LANs for hatest (see NETWORK.md for the verified recipe).
#
#   network.sh create-bridge hbr-ID   bridge + carrier port, idempotent
#   network.sh delete-bridge hbr-ID   remove both, idempotent; refuses while
#                                     a Docker network still uses the bridge
#   network.sh check-macvlan          end-to-end probe: bridge, macvlan net,
#                                     two containers ping; exit 3 on failure
#
# Links are made *through the engine* (a short-lived --network host helper
# container), so this works wherever the engine's host namespace is.
# Only names hbr-* are touched: never a real NIC.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "network.sh: $1" >&2; exit "${2:-1}"; }

check_name() {
    # hbr-ID: IFNAMSIZ is 16, so 15 chars; the port names swap hbr->hbp/hbq.
    [[ $1 =~ ^hbr-[A-Za-z0-9_.-]{1,11}$ ]] \
        || die "bridge name must be hbr-<id>, at most 15 chars: '$1'" 2
}

# Runs a shell script in the host's network namespace via the engine.
helper() {
    local base
    base=$("$HERE/base/build-base.sh")
    docker run --rm --network host --cap-add NET_ADMIN --label hatest=1 \
        "$base" bash -c "$1" helper "${@:2}"
}

# The bridge scripts are shared with the harness (which runs them the same way).
SCRIPTS="$HERE/../src/main/resources/dev/hatest/network"
CREATE_SCRIPT=$(cat "$SCRIPTS/bridge-create.sh")
DELETE_SCRIPT=$(cat "$SCRIPTS/bridge-delete.sh")

create_bridge() {
    check_name "$1"
    local id=${1#hbr-}
    helper "$CREATE_SCRIPT" "$1" "hbp-$id" "hbq-$id"
}

delete_bridge() {
    check_name "$1"
    local id=${1#hbr-} users
    # Deleting a parent silently deletes the containers' macvlan links.
    users=$(docker network ls -q --filter driver=macvlan |
        xargs -r docker network inspect -f '{{.Name}} {{index .Options "parent"}}' |
        awk -v b="$1" '$2 == b {print $1}')
    [ -z "$users" ] || die "$1 is still the parent of Docker network(s): $users" 4
    helper "$DELETE_SCRIPT" "$1" "hbp-$id"
}

check_macvlan() {
    # Globals: the EXIT trap runs after this function's locals are gone.
    CHK_BR="hbr-chk$(( $$ % 100000 ))" CHK_NET="hatest-mvchk-$$"
    local br=$CHK_BR net=$CHK_NET out
    trap 'docker rm -f "$CHK_NET-a" >/dev/null 2>&1 || true
          docker network rm "$CHK_NET" >/dev/null 2>&1 || true
          delete_bridge "$CHK_BR" >/dev/null 2>&1 || true' EXIT
    out=$(create_bridge "$br" 2>&1) || die "macvlan check: bridge: $(tail -n1 <<<"$out")" 3
    out=$(docker network create -d macvlan --internal -o parent="$br" \
        --subnet 198.19.254.0/24 "$net" 2>&1) \
        || die "macvlan check: network create: $(tail -n1 <<<"$out")" 3
    local base
    base=$("$HERE/base/build-base.sh" 2>/dev/null) \
        || die "macvlan check: no base image (base/build-base.sh failed)" 3
    out=$(docker run -d --name "$net-a" --label hatest=1 --network "$net" \
        --ip 198.19.254.10 --entrypoint sleep "$base" 30 2>&1) \
        || die "macvlan check: attach: $(tail -n1 <<<"$out")" 3
    out=$(docker run --rm --label hatest=1 --network "$net" --ip 198.19.254.11 \
        "$base" ping -c1 -W2 198.19.254.10 2>&1) \
        || die "macvlan check: no unicast between containers: $(tail -n1 <<<"$out")" 3
}

case "${1:-}" in
    create-bridge) create_bridge "${2:?usage: $0 create-bridge hbr-ID}" ;;
    delete-bridge) delete_bridge "${2:?usage: $0 delete-bridge hbr-ID}" ;;
    check-macvlan) check_macvlan ;;
    *) echo "usage: $0 create-bridge|delete-bridge hbr-ID | check-macvlan" >&2; exit 2 ;;
esac
