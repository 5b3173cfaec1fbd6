#!/bin/sh
# dhcp.sh [-1]: udhcpc on every eth* NIC (see build.yml). Runs in the host's network namespace.
once=false
[ "${1:-}" = -1 ] && once=true
timeout=${DHCP_TIMEOUT:-20}
nics=$(cd /sys/class/net 2>/dev/null && ls -d eth* 2>/dev/null)
if [ -z "$nics" ]; then
    echo "dhcp: no eth* network interface (/sys/class/net): nothing to configure"
    # A service without NICs stays up, doing nothing, rather than failing in a restart loop.
    $once && exit 0
    exec sleep 2147483647
fi
host=$(cat /proc/sys/kernel/hostname)
pids=""
for nic in $nics; do
    ip link set "$nic" up || echo "dhcp: $nic: ip link set up failed"
    if $once; then
        # -n: give up (exit 1) when no lease came after $timeout discovers one second apart.
        udhcpc -i "$nic" -f -q -n -t "$timeout" -T 1 -A 1 -x "hostname:$host" -s /usr/bin/dhcp-lease.sh &
    else
        udhcpc -i "$nic" -f -x "hostname:$host" -s /usr/bin/dhcp-lease.sh &
    fi
    pids="$pids $!"
done
trap 'kill $pids 2>/dev/null' TERM
status=0
for pid in $pids; do
    wait "$pid" || status=1
done
exit $status
