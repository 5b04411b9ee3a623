# Run by `hatest doctor` in the host's network namespace, through the engine. Touches only links named
# hdoc-* and an iptables chain named hdoc-test, and removes them. One "name ok|missing detail" line each.
try_link() {  # KIND NAME ARGS...
    kind=$1 name=$2; shift 2
    if out=$(ip link add "$name" "$@" 2>&1); then
        ip link del "$name" 2>/dev/null
        echo "link-$kind ok"
    else
        echo "link-$kind missing $out"
    fi
}
ip link del hdoc-br 2>/dev/null
try_link bridge hdoc-br type bridge
try_link veth hdoc-va type veth peer name hdoc-vb
try_link dummy hdoc-dm type dummy
if ip link add hdoc-br type bridge 2>/dev/null; then
    try_link macvlan hdoc-mv link hdoc-br type macvlan mode bridge
    ip link del hdoc-br
fi
if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
    echo "br_netfilter ok loaded, bridge-nf-call-iptables=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables)"
else
    echo "br_netfilter ok not loaded"
fi
echo "forward ok $(iptables -S FORWARD 2>/dev/null | head -1)"
iptables -X hdoc-test 2>/dev/null
if iptables -N hdoc-test 2>/dev/null && out=$(iptables -A hdoc-test -m statistic --mode random --probability 0.5 -j RETURN 2>&1); then
    echo "statistic ok"
else
    echo "statistic missing ${out:-cannot create an iptables chain}"
fi
iptables -F hdoc-test 2>/dev/null; iptables -X hdoc-test 2>/dev/null
exit 0
