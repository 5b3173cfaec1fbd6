#!/bin/sh
# udhcpc's hook (dhcp.sh passes it with -s: the default is under /etc, which in this container is
# the root's /run/resolvconf): applies a lease to the NIC and writes its DNS servers to /etc/resolv.conf.
case $1 in
    deconfig)
        ip -4 addr flush dev "$interface"
        ;;
    bound|renew)
        ip -4 addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" ${broadcast:+broadcast "$broadcast"} dev "$interface" \
            || echo "dhcp: $interface: ip addr add $ip/$mask failed"
        if [ -n "$router" ]; then
            ip route del default dev "$interface" 2>/dev/null
            for gw in $router; do
                ip route add default via "$gw" dev "$interface" && break
            done
        fi
        # Written in place, not renamed: the containers bind this file, and a bind keeps the inode.
        {
            echo "# from the DHCP lease of $interface"
            [ -z "$domain" ] || echo "search $domain"
            for ns in $dns; do echo "nameserver $ns"; done
        } >/etc/resolv.conf
        echo "dhcp: $interface: $1 $ip/$mask via ${router:-no router}, DNS ${dns:-none}, lease ${lease:-?} s"
        ;;
    leasefail|nak)
        echo "dhcp: $interface: $1${message:+: $message}"
        ;;
esac
exit 0
