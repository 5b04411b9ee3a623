# Creates an isolated test bridge in the host's network namespace (run through the engine, in a
# --network host container with NET_ADMIN):  sh bridge-create.sh BRIDGE PORT PEER
# An empty bridge has carrier only until its first port comes and goes, and macvlan children copy the
# parent's carrier (NO-CARRIER = no traffic), so the bridge always keeps one veth port with both ends up.
# (No dummy: this kernel has no CONFIG_DUMMY.) addrgenmode none before `up`: the host then has no IPv6
# link-local there and sends nothing into the test LAN. Shared by docker/network.sh and the harness.
set -eu
b=$1 p=$2 q=$3
if ! ip link show "$b" >/dev/null 2>&1; then
    ip link add "$b" type bridge 2>/dev/null || ip link show "$b" >/dev/null
    ip link set "$b" addrgenmode none
fi
ip -d link show "$b" | grep -q "^ *bridge " || { echo "$b is not a bridge" >&2; exit 4; }
if ! ip link show "$p" >/dev/null 2>&1; then
    ip link add "$p" type veth peer name "$q" 2>/dev/null || ip link show "$p" >/dev/null
    ip link set "$p" addrgenmode none
    ip link set "$q" addrgenmode none
fi
ip link set "$p" master "$b"
ip link set "$q" up
ip link set "$p" up
ip link set "$b" up
for i in $(seq 50); do
    ip link show "$b" | grep -q LOWER_UP && exit 0
    sleep 0.1
done
echo "$b has no carrier" >&2; exit 5
