#!/bin/sh
# Starts sshd in the foreground, logging to stderr (the console, through init).
#
# Host keys: /etc/ssh's own if the image has some (files: with a bind, or a derived image); else
# the ones this boot made, kept in /run (the root's, bound) because the container's writable
# layer starts clean at each restart and clients would see the host key change.
set -u
saved=/run/sshd-host-keys
if ! ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1; then
    if ! ls "$saved"/ssh_host_*_key >/dev/null 2>&1; then
        # Ed25519 and ECDSA only: every current client speaks one of them, and a 3072-bit RSA key
        # takes half a minute to generate under emulation (TCG).
        mkdir -p -m 700 "$saved" || { echo "sshd: cannot make $saved"; exit 1; }
        for type in ed25519 ecdsa; do
            echo "sshd: no host keys: generating a $type key"
            ssh-keygen -q -t "$type" -N "" -C "" -f "$saved/ssh_host_${type}_key" \
                || { echo "sshd: ssh-keygen -t $type -f $saved/ssh_host_${type}_key failed"; exit 1; }
        done
    fi
    cp -p "$saved"/ssh_host_* /etc/ssh/ || { echo "sshd: cannot copy the host keys from $saved"; exit 1; }
fi
for pub in /etc/ssh/ssh_host_*_key.pub; do
    echo "sshd: host key $(ssh-keygen -l -f "$pub")"
done
# The privilege-separation directory: sshd insists it is root's and not writable by others.
mkdir -p /run/sshd && chmod 755 /run/sshd || { echo "sshd: cannot make /run/sshd"; exit 1; }
exec /usr/sbin/sshd -D -e
