# Shared by the bench/*.sh scripts: sourced, never run.
# shellcheck shell=bash
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out
# The init and shim under measurement: out/bin (./build.sh), or CINIT_BIN (e.g. a build of one commit).
BIN=${CINIT_BIN:-$OUT/bin}

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "==> $*" >&2; }

# Installs the Debian packages a benchmark compares against, when missing (the peers are the point).
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    [[ $(id -u) -eq 0 ]] || die "missing Debian packages: run 'sudo apt-get install ${missing[*]}'"
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

need_binaries() {
    [[ -x $BIN/init && -x $BIN/containerd-shim ]] || die "$BIN/init or $BIN/containerd-shim is missing: run ./build.sh first"
}

# Median of the numbers on stdin, one per line.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}

# Rss and Pss of a process in KiB, "RSS PSS", from smaps_rollup (VmRSS under-reports on this kernel).
rss_pss() {
    awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { print r + 0, p + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo "0 0"
}

# crun refuses to start on this hybrid cgroup host while hugetlb sits on cgroup2 (docs/facts.md).
mount_hugetlb_v1() {
    mountpoint -q /sys/fs/cgroup/hugetlb && return 0
    mkdir -p /sys/fs/cgroup/hugetlb
    mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb 2>/dev/null || true
}

# A rootfs of Debian's static busybox with one link per applet.
busybox_rootfs() {
    local dir=$1 applet
    [[ -x /bin/busybox ]] || die "/bin/busybox is missing: apt-get install busybox-static"
    mkdir -p "$dir"/{bin,dev,proc,sys,tmp}
    cp /bin/busybox "$dir/bin/busybox"
    for applet in sh true sleep cat; do ln -sf busybox "$dir/bin/$applet"; done
}

# Takes down a private containerd a script started (WORK its temp dir, DAEMON its pid), through the
# script's own ctr() (its socket and namespace): every task killed and deleted, every container
# removed, the daemon stopped, what it left mounted under WORK unmounted, WORK removed.
private_containerd_down() {
    local work=$1 daemon=$2 id
    for id in $(ctr task ls -q 2>/dev/null); do ctr task kill -s KILL "$id" >/dev/null 2>&1 || true; done
    sleep 0.5
    for id in $(ctr container ls -q 2>/dev/null); do ctr task delete -f "$id" >/dev/null 2>&1 || true; ctr container delete "$id" >/dev/null 2>&1 || true; done
    kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true
    grep -o " $work/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$work"
}
