#!/usr/bin/env bash
# Measures QEMU start -> the kernel's exec of /init (TCG, -cpu max) for the kernel package's
# /kernel (vmlinux, booted through its PVH entry) against Debian's compressed vmlinuz, side by
# side in one run. /init is a static busybox script that prints the time and powers off.
#
#   bench/kernel-boot.sh [RUNS]      (after ./build.sh; RUNS defaults to 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
die() { echo "kernel-boot: $*" >&2; exit 1; }
[[ -f out/pkg/kernel/index.json ]] || die "out/pkg/kernel is missing: run ./build.sh first"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing: apt-get install qemu-system-x86"
[[ -x /bin/busybox ]] || die "/bin/busybox is missing: apt-get install busybox-static"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
manifest=$(jq -r '.manifests[0].digest | sub("sha256:"; "")' out/pkg/kernel/index.json)
layer=$(jq -r '.layers[0].digest | sub("sha256:"; "")' "out/pkg/kernel/blobs/sha256/$manifest")
tar -xzf "out/pkg/kernel/blobs/sha256/$layer" -C "$work" ./kernel
mv "$work/kernel" "$work/vmlinux"
package=$(ls out/cache/deb/linux-image-*.deb | tail -n1)
dpkg-deb --fsys-tarfile "$package" | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
mv "$work"/boot/vmlinuz-* "$work/vmlinuz"

mkdir -p "$work/root/bin" "$work/root/dev" "$work/root/proc"
cp /bin/busybox "$work/root/bin/busybox"
printf '%s\n' '#!/bin/busybox sh' '/bin/busybox mount -t proc proc /proc' \
    'echo "INIT-REACHED $(/bin/busybox cut -d" " -f1 /proc/uptime)"' '/bin/busybox poweroff -f' >"$work/root/init"
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd"

# Prints seconds from QEMU's start to the /init marker on the console.
boot_once() {
    local start
    start=$(date +%s%N)
    timeout 120 qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 2 -kernel "$1" -initrd "$work/initrd" \
        -append "console=ttyS0 panic=-1 quiet" -nographic -no-reboot </dev/null \
        | while IFS= read -r line; do
              [[ $line == *INIT-REACHED* ]] && awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f\n", (b - a) / 1e9 }'
          done
}

for ((i = 1; i <= runs; i++)); do
    for kernel in vmlinux vmlinuz; do
        echo "$(boot_once "$work/$kernel")" >>"$work/$kernel.times"
    done
done
for kernel in vmlinux vmlinuz; do
    sort -n "$work/$kernel.times" | awk -v k="$kernel" '{ v[NR] = $1; all = all " " $1 }
        END { printf "%s: median %.2f s from QEMU start to /init (runs:%s)\n", k, v[int((NR + 1) / 2)], all }'
done
