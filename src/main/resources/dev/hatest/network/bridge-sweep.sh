# Removes every hatest test bridge (hbr-*) and its carrier port that no Docker network uses any more:
# leftovers of a run that crashed between making its bridge and its network. Run through the engine like
# bridge-create.sh:  sh bridge-sweep.sh [BRIDGE-IN-USE...]
set -eu
for b in $(ip -o link show type bridge | sed -n 's/^[0-9]*: \(hbr-[A-Za-z0-9_.-]*\)[:@].*/\1/p'); do
    case " $* " in *" $b "*) continue ;; esac
    ip link del "hbp-${b#hbr-}" 2>/dev/null || true
    ip link del "$b" 2>/dev/null || true
done
