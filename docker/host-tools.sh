#!/usr/bin/env bash
# The host programs listed in docker/host-tools.list, installed from Debian's packages when missing (as root
# on Debian), each a no-op when present. Elsewhere, a missing program is a one-line diagnosis and exit 3.
#   docker/host-tools.sh           install what is missing
#   docker/host-tools.sh --check   only say what is missing (exit 3), install nothing
set -euo pipefail

LIST="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/host-tools.list"

missing=() packages=()
while read -r program package _; do
    case "$program" in ""|"#"*) continue ;; esac
    if ! command -v "$program" >/dev/null 2>&1; then
        missing+=("$program")
        [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
    fi
done <"$LIST"
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${1:-}" = --check ]; then
    echo "host-tools.sh: missing ${missing[*]}: install them with docker/host-tools.sh (apt-get install ${packages[*]})" >&2
    exit 3
fi
if [ "$(id -u)" != 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
    echo "host-tools.sh: missing ${missing[*]}: install them as root (Debian: apt-get install ${packages[*]})" >&2
    exit 3
fi
echo "host-tools.sh: installing ${packages[*]} (for ${missing[*]})" >&2
apt-cache show "${packages[@]}" >/dev/null 2>&1 || apt-get update -qq >/dev/null 2>&1 || true
# tshark asks whether non-root users may capture; answer no, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# keepalived's package would start its service on the host: no package may start a service here
# (policy-rc.d's 101 = "action forbidden"), the tests start their own daemons in namespaces.
policy=/usr/sbin/policy-rc.d
own_policy=
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
fi
status=0
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/tmp/hatest-host-tools.log 2>&1 || status=$?
[ -n "$own_policy" ] && rm -f "$policy"
[ "$status" -eq 0 ] || { echo "host-tools.sh: apt-get install ${packages[*]} failed (log: /tmp/hatest-host-tools.log)" >&2; exit 3; }
for program in "${missing[@]}"; do
    command -v "$program" >/dev/null 2>&1 || { echo "host-tools.sh: $program still missing after apt-get install" >&2; exit 3; }
done
