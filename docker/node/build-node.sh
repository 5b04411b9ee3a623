#!/usr/bin/env bash
# Build hatest/node:<hash> (+ :latest) on top of hatest/base.
#   build-node.sh PATH/TO/vrrpd.jar
# <hash> covers the base tag, the Dockerfile, node-start.sh, the nginx
# config and the jar's sha256: an unchanged node is not rebuilt.
# Prints the tag on stdout.
set -euo pipefail

JAR=${1:?usage: build-node.sh PATH/TO/vrrpd.jar}
[ -f "$JAR" ] || { echo "build-node: no such jar: $JAR" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Ensures the engine and the base image; prints hatest/base:<hash>.
BASE=$("$HERE/../base/build-base.sh")

HASH=$( { echo "$BASE"
          cat "$HERE/Dockerfile" "$HERE/node-start.sh" "$HERE/start-daemon" "$HERE/klog-stamp" "$HERE/nginx-node.conf"
          sha256sum <"$JAR"; } | sha256sum | cut -c1-12)
TAG="hatest/node:$HASH"

if ! docker image inspect "$TAG" >/dev/null 2>&1; then
    # Small context of exactly the files the Dockerfile copies.
    CTX=$(mktemp -d)
    trap 'rm -rf "$CTX"' EXIT
    cp "$HERE/Dockerfile" "$HERE/node-start.sh" "$HERE/start-daemon" "$HERE/klog-stamp" "$HERE/nginx-node.conf" "$CTX/"
    cp "$JAR" "$CTX/vrrpd.jar"
    # The classic builder: no buildx plugin here, and nothing to pull.
    if ! out=$(DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$BASE" \
            --label "hatest.node-hash=$HASH" -t "$TAG" "$CTX" 2>&1); then
        echo "$out" >&2
        echo "build-node: docker build failed" >&2
        exit 1
    fi
fi
docker tag "$TAG" hatest/node:latest
echo "$TAG"
