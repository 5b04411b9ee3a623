#!/bin/bash
# Container entrypoint (under tini). Starts nginx, an address monitor and the
# VRRP daemon in the background, then sleeps forever: killing the daemon or
# nginx is a fault to observe, not the end of the container.
#
# Env: HATEST_NO_DAEMON=1 to start no VRRP daemon (the harness starts it
# later with start-daemon); see start-daemon for the rest.
set -euo pipefail

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
