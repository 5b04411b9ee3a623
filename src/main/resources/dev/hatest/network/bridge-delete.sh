# Removes a test bridge and its carrier port:  sh bridge-delete.sh BRIDGE PORT
# Shared by docker/network.sh and the harness.
set -eu
b=$1 p=$2
ip link del "$p" 2>/dev/null || true   # takes its peer along
if ip link show "$b" >/dev/null 2>&1; then
    ip -d link show "$b" | grep -q "^ *bridge " || { echo "$b is not a bridge" >&2; exit 4; }
    ip link del "$b"
fi
