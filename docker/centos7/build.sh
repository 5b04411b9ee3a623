#!/usr/bin/env bash
# Builds the CentOS 7 flavour of the node image (needs a registry for centos:7; none is reachable on the
# offline build machines, where docker/prepare.sh builds the Debian flavour instead):
#   docker/centos7/build.sh target/vrrpd.jar
# Run the harness on it with: java -Dhatest.image=hatest/node-centos7:latest -jar target/hatest.jar ...
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${1:?usage: build.sh PATH/TO/vrrpd.jar}
"$HERE/../engine.sh"
docker build -t hatest/base-centos7:latest "$HERE"
CTX=$(mktemp -d)
trap 'rm -rf "$CTX"' EXIT
cp "$HERE/../node/Dockerfile" "$HERE/../node/node-start.sh" "$HERE/../node/start-daemon" "$HERE/../node/klog-stamp" "$HERE/../node/nginx-node.conf" "$CTX/"
cp "$JAR" "$CTX/vrrpd.jar"
docker build --build-arg BASE=hatest/base-centos7:latest -t hatest/node-centos7:latest "$CTX"
