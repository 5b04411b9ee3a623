#!/usr/bin/env bash
# Host tools the build uses, installed from Debian's packages when missing (as root on Debian):
# debootstrap builds the offline base image; tshark decodes captured VRRP in the wire tests.
# Elsewhere, a missing tool is a one-line diagnosis and exit 3.
set -euo pipefail

need=()
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
    echo "host-tools.sh: missing ${need[*]}: install them (Debian packages of the same names)" >&2
    exit 3
fi
apt-cache show "${need[@]}" >/dev/null 2>&1 || apt-get update -qq >/dev/null 2>&1 || true
# tshark asks whether non-root users may capture; answer no, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || { echo "host-tools.sh: apt-get install ${need[*]} failed" >&2; exit 3; }
