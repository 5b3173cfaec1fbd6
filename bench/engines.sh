#!/usr/bin/env bash
# 20 containers through each engine Debian ships, with runc and with our runtime, side by side in one
# run: a private dockerd (its own data-root, exec-root, socket; no iptables, no bridge), podman with
# private --root/--runroot, and a private containerd driven by ctr. Each container is
# `run --rm IMAGE true`, one after the other; the wall time of all 20, runtimes alternating by round
# so a load change on this shared machine hits both alike.
#
#   bench/engines.sh [N]      (default: 20)
source "$(dirname "$0")/lib.sh"
n=${1:-20}
ensure_packages docker.io podman containerd runc skopeo
[[ -f $OUT/pkg/busybox/index.json ]] || die "out/pkg/busybox is missing: run ./build.sh first"
[[ -x $BIN/containerd-shim ]] || die "$BIN/containerd-shim is missing: run ./build.sh first"
ours=$BIN/containerd-shim
runc=$(command -v runc)

work=$(mktemp -d /tmp/bench-engines.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    grep -o " $work/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
skopeo copy -q "oci:$OUT/pkg/busybox" "docker-archive:$work/busybox.tar:cinit/busybox:bench" || die "skopeo copy failed"

docker() { /usr/bin/docker -H "unix://$work/docker.sock" "$@"; }
dockerd --data-root "$work/docker" --exec-root "$work/docker-exec" --pidfile "$work/docker.pid" -H "unix://$work/docker.sock" \
    --iptables=false --ip-forward=false --ip-masq=false --bridge=none --add-runtime "cinit=$ours" >"$work/dockerd.log" 2>&1 &
pids+=($!)
cat >"$work/containerd.toml" <<TOML
version = 2
root = "$work/containerd"
state = "$work/containerd-state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$work/containerd.sock"
[ttrpc]
  address = "$work/containerd.sock.ttrpc"
TOML
containerd --config "$work/containerd.toml" >"$work/containerd.log" 2>&1 &
pids+=($!)
ctr() { command ctr -a "$work/containerd.sock" "$@"; }
podman() { command podman --root "$work/podman" --runroot "$work/podman-run" --tmpdir "$work/podman-tmp" --cgroup-manager cgroupfs --events-backend file "$@"; }
for ((i = 0; i < 300; i++)); do docker version >/dev/null 2>&1 && ctr version >/dev/null 2>&1 && break; sleep 0.2; done
docker version >/dev/null 2>&1 || die "dockerd did not start: $(tail -5 "$work/dockerd.log")"
docker load -q -i "$work/busybox.tar" >/dev/null || die "docker load failed"
podman load -q -i "$work/busybox.tar" >/dev/null || die "podman load failed"
ctr images import "$work/busybox.tar" >/dev/null || die "ctr images import failed"

# One container of ENGINE with RUNTIME (runc or ours); I makes ctr's ids unique.
one() {
    local engine=$1 runtime=$2 i=$3
    case $engine/$runtime in
        docker/runc) docker run --rm --network none cinit/busybox:bench true ;;
        docker/ours) docker run --rm --network none --runtime cinit cinit/busybox:bench true ;;
        podman/runc) podman --runtime "$runc" run --rm --network none --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 docker.io/cinit/busybox:bench true ;;
        podman/ours) podman --runtime "$ours" run --rm --network none --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 docker.io/cinit/busybox:bench true ;;
        containerd/runc) ctr run --rm --runc-binary "$runc" docker.io/cinit/busybox:bench "b-$runtime-$i" true ;;
        containerd/ours) ctr run --rm --runc-binary "$ours" docker.io/cinit/busybox:bench "b-$runtime-$i" true ;;
    esac
}

declare -A total
echo
echo "$n containers (\`run --rm IMAGE true\`, one after another) through each engine, runc vs our runtime, same run:"
echo
echo "| engine | runc | ours | ours / runc |"
echo "|---|---|---|---|"
for engine in docker podman containerd; do
    for runtime in runc ours; do one "$engine" "$runtime" warm >/dev/null 2>&1 || die "$engine with $runtime failed"; total[$runtime]=0; done
    for ((i = 0; i < n; i++)); do
        for runtime in runc ours; do
            start=$(date +%s%N)
            one "$engine" "$runtime" "$i" >/dev/null 2>&1 || die "$engine with $runtime: container $i failed"
            total[$runtime]=$((total[$runtime] + $(date +%s%N) - start))
        done
    done
    awk -v e="$engine" -v r="${total[runc]}" -v o="${total[ours]}" \
        'BEGIN { printf "| %s | %.2f s | %.2f s | %.2f |\n", e, r / 1e9, o / 1e9, o / r }'
done
echo
echo "Command: \`bench/engines.sh $n\` (what \`./build.sh bench engines\` runs)"
