#!/usr/bin/env bash
# The LinuxKit-style reference stacks in the same VM as ours (docs/facts.md): the same kernel, an initramfs
# with busybox init, LinuxKit's steps (root copied into a tmpfs and switch_root, then an rc script with
# its mounts), 2 onboot containers through `runc run`, 10 `sleep` services, and a check that reports when
# all 10 run. Two variants: services through `runc run -d` (no daemon), and as LinuxKit does it, through
# containerd 1.6 (started in the background before onboot, as LinuxKit's init does) and `ctr run -d` on a
# prepared rootfs (containerd-shim-runc-v2 + runc per container). Against them: our image with the same
# workload (out/bench/bench-10-onboot2.yml). The zero is the kernel's "Run /init as init process" line in all.
#
#   bench/linuxkit-style.sh [RUNS]      (default 3)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/images.sh"
source "$(dirname "$0")/timeline.sh"
runs=${1:-3}
need_binaries
ensure_packages qemu-system-x86 runc containerd busybox-static cpio jq
accel=${CINIT_ACCEL:-$(cat "$OUT/accel" 2>/dev/null || echo tcg)}
work=$(mktemp -d /var/tmp/bench-lk.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Our side: the same workload (2 onboot containers, 10 sleeps, the reporter): out/bench/bench-10-onboot2.yml.
ours=$(build_bench_image 10 0 2)

# Copies a dynamically linked program and the libraries it needs into the reference root.
copy_program() { # ROOT PATH
    local lib
    mkdir -p "$1$(dirname "$2")"
    cp "$2" "$1$2"
    for lib in $(ldd "$2" | grep -o '/lib[^ ]*'); do mkdir -p "$1$(dirname "$lib")"; cp -n "$lib" "$1$lib"; done
}

# Writes out/bench/linuxkit-style-VARIANT-{kernel,initrd.img,cmdline}; VARIANT is runc or containerd.
make_reference() {
    local variant=$1 root=$work/root-$1
    busybox_rootfs "$root/containers/rootfs"
    mkdir -p "$root"/{bin,sbin,usr/sbin,etc/init.d,dev,proc,sys,run,tmp,mnt,lib64,lib/x86_64-linux-gnu}
    cp /bin/busybox "$root/bin/busybox"
    for applet in $(/bin/busybox --list); do [[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"; done
    ln -sf /bin/busybox "$root/sbin/init"
    copy_program "$root" /usr/sbin/runc
    if [[ $variant == containerd ]]; then
        local p
        for p in /usr/bin/containerd /usr/bin/ctr /usr/bin/containerd-shim-runc-v2; do copy_program "$root" "$p"; done
        # LinuxKit's containerd runs without the CRI plugin (no Kubernetes here).
        mkdir -p "$root/etc/containerd"
        printf '%s\n' 'version = 2' 'disabled_plugins = ["io.containerd.grpc.v1.cri"]' >"$root/etc/containerd/config.toml"
    fi
    mknod -m 600 "$root/dev/console" c 5 1; mknod -m 666 "$root/dev/null" c 1 3

    bundle() { # NAME ARGS-JSON
        mkdir -p "$root/containers/$1"
        (cd "$root/containers/$1" && runc spec)
        jq --argjson args "$2" '.process.args = $args | .process.terminal = false | .root.path = "/containers/rootfs"' \
            "$root/containers/$1/config.json" >"$work/c.json" && mv "$work/c.json" "$root/containers/$1/config.json"
    }
    bundle onboot1 '["/bin/sh", "-c", "echo onboot one"]'
    bundle onboot2 '["/bin/sh", "-c", "echo onboot two"]'
    for i in $(seq 10); do bundle "sleep$i" '["/bin/sleep", "1000000"]'; done

    # LinuxKit's init: copy the root out of the initramfs into a tmpfs (pivot_root cannot leave rootfs), switch_root.
    cat >"$root/init" <<'EOS'
#!/bin/busybox sh
/bin/busybox mount -t tmpfs -o mode=0755 tmpfs /mnt
/bin/busybox cp -a $(/bin/busybox ls -A / | /bin/busybox grep -v -e '^mnt$' -e '^proc$' -e '^sys$' -e '^dev$' | /bin/busybox sed 's|^|/|') /mnt/
/bin/busybox mkdir -p /mnt/dev /mnt/proc /mnt/sys
exec /bin/busybox switch_root /mnt /sbin/init
EOS
    printf '%s\n' '::sysinit:/etc/init.d/rcS' '::ctrlaltdel:/sbin/reboot' >"$root/etc/inittab"
    # rc.init's mounts (proc, sys, devtmpfs, devpts, shm, mqueue, run, tmp, cgroup2), then onboot, then services.
    cat >"$root/etc/init.d/rcS" <<'EOS'
#!/bin/sh
up() { cut -d" " -f1 /proc/uptime; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs -o nosuid,noexec,mode=0755 dev /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
mount -t tmpfs -o nosuid,nodev,mode=1777 shm /dev/shm
mount -t mqueue -o nosuid,noexec,nodev mqueue /dev/mqueue
mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
hostname linuxkit
ip link set lo up
echo "LK-MOUNTS $(up)"
[ -x /usr/bin/containerd ] && { containerd </dev/null >/var/log/containerd.log 2>&1 & }
runc run --bundle /containers/onboot1 onboot1 </dev/null
runc run --bundle /containers/onboot2 onboot2 </dev/null
echo "LK-ONBOOT $(up)"
if [ -x /usr/bin/containerd ]; then
    until [ -S /run/containerd/containerd.sock ]; do sleep 0.01; done
    for i in 1 2 3 4 5 6 7 8 9 10; do ctr run -d --null-io --rootfs /containers/rootfs sleep$i /bin/sleep 1000000 </dev/null >/dev/null; done
else
    for i in 1 2 3 4 5 6 7 8 9 10; do runc run -d --bundle /containers/sleep$i sleep$i </dev/null >/dev/null 2>&1; done
fi
echo "LK-SERVICES $(up)"
until [ $(pidof sleep | wc -w) -ge 10 ]; do sleep 0.01; done
echo "LK-RUNNING $(up)"
awk '/MemTotal/ { t = $2 } /MemAvailable/ { a = $2 } END { print "LK-MEMUSED", t - a }' /proc/meminfo
echo BENCH-DONE
EOS
    chmod +x "$root/init" "$root/etc/init.d/rcS"
    mkdir -p "$root/var/log"
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -6) >"$BENCH_DIR/linuxkit-style-$variant-initrd.img"
    cp "$ours-cmdline" "$BENCH_DIR/linuxkit-style-$variant-cmdline"; cp "$ours-kernel" "$BENCH_DIR/linuxkit-style-$variant-kernel"
}
make_reference runc
make_reference containerd

boot_once() { # PREFIX LOG
    : >"$2" # exists before the first grep; cat fills it
    qemu-system-x86_64 -accel "$accel" -cpu max -m 512 -smp 2 -kernel "$1-kernel" -initrd "$1-initrd.img" \
        -append "$(cat "$1-cmdline")" -nographic -no-reboot -device virtio-rng-pci </dev/null > >(cat >"$2") 2>&1 &
    local pid=$! i
    for ((i = 0; i < 3000; i++)); do
        grep -q -e BENCH-DONE "$2" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    grep -q BENCH-DONE "$2" || { tail -30 "$2" >&2; die "no BENCH-DONE from $1"; }
}
zero_of() { awk -F'[][]' '/Run \/init as init process/ { gsub(/ /, "", $2); print $2; exit }' "$1"; }
# The reference's rc script prints LK-MOUNTS/ONBOOT/SERVICES/RUNNING with /proc/uptime: the same columns as timeline_of.
reference_timeline() {
    awk -v z="$(zero_of "$1")" '/LK-[A-Z]+ [0-9.]+/ { match($0, /LK-[A-Z]+ [0-9.]+/); split(substr($0, RSTART, RLENGTH), f, " "); t[f[1]] = (f[2] - z) * 1000 }
        END { printf "%.0f %.0f %.0f %.0f %.0f\n", 0, t["LK-MOUNTS"], t["LK-ONBOOT"], t["LK-SERVICES"], t["LK-RUNNING"] }' "$1"
}

rm -f "$BENCH_DIR"/lk-*.log
: >"$work/ours"; : >"$work/runc"; : >"$work/containerd"
for ((r = 1; r <= runs; r++)); do
    boot_once "$ours" "$BENCH_DIR/lk-ours-$r.log"
    timeline_of "$BENCH_DIR/lk-ours-$r.log" "$(zero_of "$BENCH_DIR/lk-ours-$r.log")" >>"$work/ours"
    for variant in runc containerd; do
        boot_once "$BENCH_DIR/linuxkit-style-$variant" "$BENCH_DIR/lk-$variant-$r.log"
        reference_timeline "$BENCH_DIR/lk-$variant-$r.log" >>"$work/$variant"
    done
done

echo
echo "Against LinuxKit-style stacks in the same QEMU ($accel, -cpu max -m 512 -smp 2, same kernel), 2 onboot + 10 sleep"
echo "services, ms after the kernel's exec of /init, median of $runs boots each, interleaved:"
echo
echo "| mark | ours | busybox init + rc.init + runc | ours / runc stack | busybox init + rc.init + containerd 1.6 | ours / containerd stack |"
echo "|---|---|---|---|---|---|"
for k in 2:"mounts done" 3:"onboot done" 4:"services started" 5:"all 10 running"; do
    col=${k%%:*} label=${k#*:}
    o=$(column_median "$work/ours" "$col") t=$(column_median "$work/runc" "$col") c=$(column_median "$work/containerd" "$col")
    awk -v l="$label" -v o="$o" -v t="$t" -v c="$c" 'BEGIN { printf "| %s | %.0f | %.0f | %.2f | %.0f | %.2f |\n", l, o, t, o / t, c, o / c }'
done
mem() { grep -ah "$1" "$BENCH_DIR"/$2-*.log | grep -o "$1 [0-9]*" | awk '{ print $2 }' | median; }
awk -v o="$(mem BENCH-MEMUSED lk-ours)" -v t="$(mem LK-MEMUSED lk-runc)" -v c="$(mem LK-MEMUSED lk-containerd)" \
    'BEGIN { printf "| memory in use (MemTotal - MemAvailable) | %.1f MiB | %.1f MiB | %.2f | %.1f MiB | %.2f |\n", o / 1024, t / 1024, o / t, c / 1024, o / c }'
size() { stat -c %s "$1-initrd.img" | awk '{ printf "%.1f", $1 / 1048576 }'; }
awk -v o="$(size "$ours")" -v t="$(size "$BENCH_DIR/linuxkit-style-runc")" -v c="$(size "$BENCH_DIR/linuxkit-style-containerd")" \
    'BEGIN { printf "| initramfs (gzip) | %.1f MiB | %.1f MiB | %.2f | %.1f MiB | %.2f |\n", o, t, o / t, c, o / c }'
echo
echo "Target: all running in at most a quarter of the runc stack's time (ratio <= 0.25)."
echo "Command: \`bench/linuxkit-style.sh $runs\` (what \`./build.sh bench linuxkit\` runs); consoles in out/bench/lk-*.log"
