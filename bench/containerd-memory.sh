#!/usr/bin/env bash
# Memory of containerd's stack running the same `sleep` containers as our shim, on the host: a private
# containerd (its own root, state and socket under a temp dir) runs N busybox `sleep` containers through
# containerd-shim-runc-v2 (one shim per container, runc underneath); Rss/Pss of containerd and of each shim.
#
#   bench/containerd-memory.sh [N...]      (default: 1 10)
source "$(dirname "$0")/lib.sh"
counts=("$@"); ((${#counts[@]})) || counts=(1 10)
ensure_packages containerd runc
[[ -f $OUT/pkg/busybox/index.json ]] || die "out/pkg/busybox is missing: run ./build.sh first"

work=$(mktemp -d /var/tmp/bench-ctrd.XXXXXX)
sock=$work/containerd.sock
ctr() { command ctr --address "$sock" --namespace bench "$@"; }
containerd --root "$work/root" --state "$work/state" --address "$sock" --log-level error >"$work/containerd.log" 2>&1 &
daemon=$!
trap 'private_containerd_down "$work" "$daemon"' EXIT
for ((i = 0; i < 100; i++)); do [[ -S $sock ]] && break; sleep 0.1; done
[[ -S $sock ]] || die "containerd did not start: $(tail -5 "$work/containerd.log")"

tar -C "$OUT/pkg/busybox" -cf "$work/busybox.tar" .
ctr image import --index-name bench/busybox:latest "$work/busybox.tar" >/dev/null || die "ctr image import failed"

echo
echo "Memory of containerd 1.6 + containerd-shim-runc-v2 running N busybox \`sleep\` containers on the host (Rss/Pss):"
echo
echo "| containers | containerd Rss | shim Rss (median) | shim Pss (median) | all shims Pss |"
echo "|---|---|---|---|---|"
started=0
for n in "${counts[@]}"; do
    for ((; started < n; started++)); do
        ctr run -d bench/busybox:latest "sleep$started" /bin/sleep 1000000 >/dev/null || die "ctr run sleep$started failed"
    done
    sleep 1
    shims=$(pgrep -d ' ' -f "containerd-shim-runc-v2 -namespace bench .*-address $sock" || true)
    [[ -n $shims ]] || die "no containerd-shim-runc-v2 found"
    rss=$(for p in $shims; do rss_pss "$p" | awk '{ print $1 }'; done | median)
    pss=$(for p in $shims; do rss_pss "$p" | awk '{ print $2 }'; done | median)
    count=$(wc -w <<<"$shims")
    awk -v n="$n" -v d="$(rss_pss "$daemon" | awk '{ print $1 }')" -v r="$rss" -v p="$pss" -v c="$count" \
        'BEGIN { printf "| %d | %.1f MiB | %.1f MiB | %.1f MiB | %.1f MiB |\n", n, d / 1024, r / 1024, p / 1024, p * c / 1024 }'
done
echo
echo "Command: \`bench/containerd-memory.sh ${counts[*]}\` (what \`./build.sh bench containerd\` runs): \`ctr run -d IMAGE ID /bin/sleep 1000000\`"
