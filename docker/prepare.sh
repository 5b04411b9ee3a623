#!/usr/bin/env bash
# Everything a run needs from the machine, each step a no-op when current:
# the host tools (debootstrap, tshark), a Docker engine (installed and started when none answers, as root on
# Debian), the offline base image and the node image with this vrrpd.jar.
#   docker/prepare.sh target/vrrpd.jar
# Exit 3 with a one-line diagnosis when the environment can't be made usable.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${1:?usage: prepare.sh PATH/TO/vrrpd.jar}

"$HERE/host-tools.sh"
"$HERE/engine.sh"
"$HERE/node/build-node.sh" "$JAR" >/dev/null
