#!/usr/bin/env bash
# Our runtime v2 shim (containerd-shim-cinit-v1, `--runtime io.containerd.cinit.v1`) against containerd's own
# containerd-shim-runc-v2 with runc, side by side under one private containerd 1.6 (its own root, state and
# sockets; $BIN on its PATH, where it finds our shim): Rss/Pss of each shim with N busybox `sleep` tasks of
# each kind running, and the wall time of M `ctr run --rm IMAGE ID /bin/true`, the two alternating.
#
#   bench/shim-v2.sh [N] [M]      (default: 5 20)
source "$(dirname "$0")/lib.sh"
n=${1:-5} m=${2:-20}
ensure_packages containerd runc skopeo
[[ -f $OUT/pkg/busybox/index.json ]] || die "out/pkg/busybox is missing: run ./build.sh first"
[[ -x $BIN/containerd-shim-cinit-v1 && -x $BIN/containerd-shim ]] || die "$BIN/containerd-shim-cinit-v1 is missing: run ./build.sh first"

work=$(mktemp -d /tmp/bench-shimv2.XXXXXX)
sock=$work/containerd.sock
ctr() { command ctr --address "$sock" --namespace bench "$@"; }
cat >"$work/containerd.toml" <<TOML
version = 2
root = "$work/root"
state = "$work/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
TOML
PATH=$PATH:$BIN containerd --config "$work/containerd.toml" --log-level error >"$work/containerd.log" 2>&1 &
daemon=$!
trap 'private_containerd_down "$work" "$daemon"' EXIT
for ((i = 0; i < 100; i++)); do ctr version >/dev/null 2>&1 && break; sleep 0.1; done
ctr version >/dev/null 2>&1 || die "containerd did not start: $(tail -5 "$work/containerd.log")"
skopeo copy -q "oci:$OUT/pkg/busybox" "docker-archive:$work/busybox.tar:cinit/busybox:bench" || die "skopeo copy failed"
ctr images import "$work/busybox.tar" >/dev/null || die "ctr images import failed"
image=docker.io/cinit/busybox:bench

declare -A shim=([runc]=io.containerd.runc.v2 [ours]=io.containerd.cinit.v1)
declare -A binary=([runc]=containerd-shim-runc-v2 [ours]=containerd-shim-cinit-v1)

echo
echo "containerd 1.6: our v2 shim (io.containerd.cinit.v1) vs containerd-shim-runc-v2 + runc, same run:"
echo
echo "| shim | Rss per shim (median of $n) | Pss per shim | \`ctr run --rm IMAGE ID /bin/true\` (median of $m) |"
echo "|---|---|---|---|"
declare -A rss pss
for r in runc ours; do
    for ((i = 0; i < n; i++)); do
        ctr run -d --runtime "${shim[$r]}" "$image" "sleep-$r-$i" /bin/sleep 1000000 >/dev/null || die "ctr run --runtime ${shim[$r]} failed"
    done
    sleep 1
    pids=$(pgrep -d ' ' -f "${binary[$r]} -namespace bench .*-address $sock" || true)
    [[ -n $pids ]] || die "no ${binary[$r]} found"
    rss[$r]=$(for p in $pids; do rss_pss "$p" | awk '{ print $1 }'; done | median)
    pss[$r]=$(for p in $pids; do rss_pss "$p" | awk '{ print $2 }'; done | median)
done
for r in runc ours; do ctr run --rm --runtime "${shim[$r]}" "$image" "warm-$r" /bin/true >/dev/null || die "ctr run --rm with ${shim[$r]} failed"; done
declare -A times
for ((i = 0; i < m; i++)); do
    for r in runc ours; do
        start=$(date +%s%N)
        ctr run --rm --runtime "${shim[$r]}" "$image" "true-$r-$i" /bin/true >/dev/null || die "ctr run --rm with ${shim[$r]}: run $i failed"
        times[$r]+="$(( ($(date +%s%N) - start) / 1000000 ))"$'\n'
    done
done
for r in runc ours; do
    awk -v s="${binary[$r]}" -v r="${rss[$r]}" -v p="${pss[$r]}" -v t="$(median <<<"${times[$r]}")" \
        'BEGIN { printf "| %s | %.1f MiB | %.1f MiB | %d ms |\n", s, r / 1024, p / 1024, t }'
done
echo
echo "Command: \`bench/shim-v2.sh $n $m\` (what \`./build.sh bench shimv2\` runs)"
