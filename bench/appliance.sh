#!/usr/bin/env bash
# The sshd appliance (examples/sshd.yml, with a throwaway key): its gzip initramfs, each package's share,
# and, in QEMU under TCG, the time from init's start to sshd accepting the first login through a
# forwarded port (both read from the guest's console clock: init's "starting" line and sshd's
# "Accepted publickey" line).
#
#   bench/appliance.sh [RUNS]      (default 3 boots)
source "$(dirname "$0")/lib.sh"
need_binaries
ensure_packages qemu-system-x86 openssh-client cpio
runs=${1:-3}
dir=$OUT/bench/appliance
mkdir -p "$dir"
work=$(mktemp -d /var/tmp/bench-appliance.XXXXXX)
trap 'rm -rf "$work"; [[ -z ${qemu:-} ]] || kill "$qemu" 2>/dev/null || true' EXIT

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
# gzip -9 size of the regular files under the given paths as one stream, a hard-linked file once.
gz_files() { find "$@" -type f -printf '%i %p\n' | sort -u -k1,1 | cut -d' ' -f2- | sort | xargs -r -d '\n' cat | gzip -9 | wc -c; }

ssh-keygen -q -t ed25519 -N "" -C bench -f "$work/key"
printf 'files:\n  - path: root/.ssh/authorized_keys\n    mode: "0600"\n    contents: "%s"\n' "$(cat "$work/key.pub")" >"$work/key.yml"
"$OUT/builder/builder" build "$ROOT/examples/sshd.yml" "$work/key.yml" -o "$dir" --bin "$BIN" >"$dir/build.log" 2>&1 \
    || die "building examples/sshd.yml failed: see $dir/build.log"
img=$dir/sshd-initrd.img
mkdir -p "$work/root"
(cd "$work/root" && gzip -dc "$img" | cpio -id --quiet)

echo
echo "examples/sshd.yml's initramfs (gzip as the builder writes it; parts re-compressed alone with gzip -9; a"
echo "file shared by several images, as hard links, is counted in the first bundle that has it, in this order):"
echo
echo "| part | gzip |"
echo "|---|---|"
echo "| **initramfs** | **$(mib "$(stat -c %s "$img")")** (unpacked $(mib "$(gzip -dc "$img" | wc -c)")) |"
echo "| init + shim | $(mib "$(gz_files "$work/root/init" "$work/root/usr/bin/containerd-shim")") |"
echo "| kernel modules | $(mib "$(gz_files "$work/root/lib/modules")") |"
counted=$work/counted
: >"$counted"
for bundle in "$work"/root/containers/onboot/* "$work"/root/containers/services/*; do
    # Only the inodes no earlier bundle had.
    find "$bundle/rootfs" -type f -printf '%i %p\n' | sort -k1,1 | join -v1 - <(sort -u "$counted") >"$work/new"
    cut -d' ' -f1 "$work/new" >>"$counted"
    size=$(cut -d' ' -f2- "$work/new" | sort | xargs -r -d '\n' cat | gzip -9 | wc -c)
    echo "| ${bundle#"$work"/root/containers/} | $(mib "$size") |"
done

accel=${CINIT_ACCEL:-tcg}
echo
echo "/init to sshd accepting the first ssh login (examples/sshd.yml, QEMU $accel -cpu max -m 512 -smp 2), $runs boots:"
echo
times=()
for run in $(seq "$runs"); do
    port=$((20000 + RANDOM % 20000))
    log=$dir/console-$run.log
    qemu-system-x86_64 -accel "$accel" -cpu max -m 512 -smp 2 -kernel "$dir/sshd-kernel" -initrd "$img" \
        -append "$(cat "$dir/sshd-cmdline")" -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" \
        -device virtio-net-pci,netdev=n0 -device virtio-rng-pci -nographic -no-reboot </dev/null >"$log" 2>&1 &
    qemu=$!
    for _ in $(seq 300); do
        ssh -i "$work/key" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
            -o ConnectTimeout=10 -o LogLevel=ERROR root@127.0.0.1 true 2>/dev/null && break
        sleep 0.5
    done
    ssh -i "$work/key" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o LogLevel=ERROR root@127.0.0.1 poweroff 2>/dev/null || true
    wait "$qemu" || true
    qemu=
    # [HH:MM:SS.mmm INF] lines: the guest's clock.
    ms=$(awk '
        function ms(t,   f) { split(substr(t, 2), f, ":"); return ((f[1] * 60 + f[2]) * 60 + f[3]) * 1000 }
        /init: starting \(pid 1/ && !start { start = ms($1) }
        /sshd \| Accepted publickey/ && !accepted { accepted = ms($1) }
        END { if (start && accepted) printf "%.0f", accepted - start; else print "n/a" }' "$log")
    [[ $ms != n/a ]] || die "boot $run: no 'Accepted publickey' after init started: see $log"
    times+=("$ms")
done
echo "| figure | median | boots |"
echo "|---|---|---|"
echo "| init starts -> sshd accepted the first login | $(printf '%s\n' "${times[@]}" | median) ms | ${times[*]} |"
echo
echo "Target (issue 11): initramfs at most 20 MiB gzip (the LinuxKit-style containerd reference is 33.4 MiB)."
echo "Command: \`bench/appliance.sh $runs\` (\`./build.sh bench appliance\`); consoles in $dir"
