#!/bin/bash
# Container entrypoint (under tini). Starts nginx, an address monitor and the
# VRRP daemon in the background, then sleeps forever: killing the daemon or
# nginx is a fault to observe, not the end of the container.
#
# Env: HATEST_NO_DAEMON=1 to start no VRRP daemon (the harness starts it
# later with start-daemon); see start-daemon for the rest.
set -euo pipefail

# On an IPv6 (or dual-stack) test network the seed's nginx answers on IPv6 too. Docker turns IPv6 off in
# a container with no IPv6 network, and nginx refuses to start on [::]:80 then, so only when it is on.
conf=/etc/nginx/conf.d/hatest-node.conf
if grep -q . /proc/net/if_inet6 2>/dev/null && [ -f "$conf" ] && ! grep -q 'listen \[::\]' "$conf"; then
    sed -i 's/^\( *\)listen 80 default_server;/&\n\1listen [::]:80 default_server;/' "$conf"
fi

nginx   # daemonizes itself

# Address changes with timestamps, one line each, prefixed so a reader of
# `docker logs` can tell them from daemon output. sed -u: no buffering.
ip -o -ts monitor address | sed -u 's/^/IPMON /' &

if [ "${HATEST_NO_DAEMON:-0}" != 1 ]; then
    /usr/local/bin/start-daemon
fi

# The harness waits for this line before it talks to the node.
echo hatest-node-ready
exec sleep infinity
