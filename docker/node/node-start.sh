#!/bin/bash
# Container entrypoint (under tini). Starts nginx, an address monitor and the
# VRRP daemon in the background, then sleeps forever: killing the daemon or
# nginx is a fault to observe, not the end of the container.
#
# Env: HATEST_NO_DAEMON=1 to start no VRRP daemon; HATEST_DAEMON_DELAY=SECONDS
# to start it that much later (a node that boots after its peer); see
# start-daemon for the rest.
set -euo pipefail

nginx   # daemonizes itself

# Address changes with timestamps, one line each, prefixed so a reader of
# `docker logs` can tell them from daemon output. sed -u: no buffering.
ip -o -ts monitor address | sed -u 's/^/IPMON /' &

if [ "${HATEST_NO_DAEMON:-0}" != 1 ]; then
    if [ -n "${HATEST_DAEMON_DELAY:-}" ]; then
        (sleep "$HATEST_DAEMON_DELAY" && /usr/local/bin/start-daemon) &
    else
        /usr/local/bin/start-daemon
    fi
fi

# The harness waits for this line before it talks to the node.
echo hatest-node-ready
exec sleep infinity
