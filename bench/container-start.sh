#!/usr/bin/env bash
# Container start: /bin/true in the same bundle (runc's default spec, busybox rootfs) through our shim,
# crun and runc, with and without a network namespace. hyperfine -N runs ROUNDS rounds of RUNS runs of
# every command, so the runtimes are interleaved round by round; the median is over all runs.
# Then the memory of the parent that supervises a running `sleep`: shim stage 1, crun run, runc run.
#
#   bench/container-start.sh [ROUNDS] [RUNS]      (defaults 5 and 10)
#   BASELINE=/path/to/containerd-shim bench/container-start.sh ...   adds that build as a row "baseline",
#                                                 interleaved with the others (before/after in one run)
source "$(dirname "$0")/lib.sh"
rounds=${1:-5} runs=${2:-10}
need_binaries
ensure_packages hyperfine crun runc jq
mount_hugetlb_v1

work=$(mktemp -d /var/tmp/bench-start.XXXXXX)
cleanup() {
    for id in bench-mem-shim bench-mem-crun bench-mem-runc; do
        crun delete -f "$id" >/dev/null 2>&1 || true; runc delete -f "$id" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
busybox_rootfs "$work/rootfs"

# Writes bundle DIR with runc's default spec running ARGS (JSON array); NETNS=no drops the network namespace.
# RESOURCES=no drops linux.resources (see below).
RESOURCES=yes
make_bundle() {
    local dir=$1 args=$2 netns=$3
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && runc spec)
    jq --arg root "$work/rootfs" --argjson args "$args" --arg netns "$netns" --arg resources "$RESOURCES" '
        .process.args = $args | .process.terminal = false | .root.path = $root
        | if $netns == "no" then .linux.namespaces |= map(select(.type != "network")) else . end
        | if $resources == "no" then del(.linux.resources) else . end' \
        "$dir/config.json" >"$dir/config.tmp" && mv "$dir/config.tmp" "$dir/config.json"
}

shim=$BIN/containerd-shim
names=(shim crun runc)
[[ -n ${BASELINE:-} ]] && names=(baseline shim crun runc)
table() {
    local label=$1 bundle=$2 json
    json=$work/$(basename "$bundle")
    local -A cmd=(
        [shim]="$shim run --bundle $bundle bench-shim"
        [crun]="crun run --bundle $bundle bench-crun"
        [runc]="runc run --bundle $bundle bench-runc"
        [baseline]="${BASELINE:-} run --bundle $bundle bench-base"
    )
    local commands=() name
    for name in "${names[@]}"; do
        ${cmd[$name]} || die "$name failed on $bundle: ${cmd[$name]}"
        commands+=(-n "$name" "${cmd[$name]}")
    done
    for ((r = 1; r <= rounds; r++)); do
        hyperfine -N --warmup 2 --runs "$runs" --export-json "$json.$r.json" "${commands[@]}" >/dev/null 2>&1 \
            || die "hyperfine failed in round $r ($label)"
    done
    for name in "${names[@]}"; do
        jq -r --arg n "$name" '.results[] | select(.command == $n) | .times[] * 1000' "$json".*.json | median >"$json.$name"
    done
    local crun_ms; crun_ms=$(cat "$json.crun")
    echo
    echo "Container start, \`/bin/true\`, $label$([[ $RESOURCES == no ]] && echo ", linux.resources removed"), median of $((rounds * runs)) runs ($rounds interleaved rounds of $runs), load average $(cut -d' ' -f1-3 /proc/loadavg):"
    echo
    echo "| runtime | median | vs crun |"
    echo "|---|---|---|"
    for name in "${names[@]}"; do
        awk -v n="$name" -v m="$(cat "$json.$name")" -v c="$crun_ms" -v v="$(version "$name")" \
            'BEGIN { printf "| %s | %.1f ms | %.2f |\n", v, m, m / c }'
    done
    echo
    echo "Command (B = bundle dir): \`hyperfine -N --warmup 2 --runs $runs -n shim '${cmd[shim]//$bundle/B}' -n crun '${cmd[crun]//$bundle/B}' -n runc '${cmd[runc]//$bundle/B}'\`, $rounds times"
}

version() {
    case $1 in
        shim) echo "containerd-shim (ours)" ;;
        baseline) echo "containerd-shim (baseline: $BASELINE)" ;;
        crun) echo "crun $(crun --version | awk 'NR == 1 { print $3 }')" ;;
        runc) echo "runc $(runc --version | awk 'NR == 1 { print $3 }')" ;;
    esac
}

make_bundle "$work/net" '["/bin/true"]' yes
# The default spec's one resource is a devices rule; a shim without cgroup v1 support refuses resources on a
# v1 host. Then all three runtimes run the spec without linux.resources, so the rows still compare alike.
if ! "$shim" run --bundle "$work/net" bench-probe >/dev/null 2>"$work/probe.err"; then
    say "the shim cannot run the default spec here ($(head -c 200 "$work/probe.err")): measuring all three without linux.resources"
    RESOURCES=no
    make_bundle "$work/net" '["/bin/true"]' yes
fi
make_bundle "$work/nonet" '["/bin/true"]' no
table "with a network namespace" "$work/net"
table "without a network namespace" "$work/nonet"

# Memory of the supervising parent: each runtime runs `sleep 1000` in the foreground (run without -d
# keeps the parent); the parent's Rss/Pss is read once the container's sleep exists.
make_bundle "$work/sleep" '["/bin/sleep", "1000"]' yes
memory_of() {
    local name=$1 pid i
    case $name in
        shim) "$shim" run --bundle "$work/sleep" bench-mem-shim </dev/null >/dev/null 2>&1 & pid=$! ;;
        crun) crun run --bundle "$work/sleep" bench-mem-crun </dev/null >/dev/null 2>&1 & pid=$! ;;
        runc) runc run --bundle "$work/sleep" bench-mem-runc </dev/null >/dev/null 2>&1 & pid=$! ;;
    esac
    for ((i = 0; i < 200; i++)); do
        pgrep -f "^/bin/sleep 1000$" -P "$(descendants "$pid")" >/dev/null 2>&1 && break
        sleep 0.05
    done
    sleep 0.5 # let the parent settle into its wait
    echo "$(rss_pss "$pid")"
    # The container's pid 1 first: SIGKILL to a parent is not forwarded, and a lone sleep would outlive it.
    # shellcheck disable=SC2046
    kill -KILL $(descendants "$pid" | tr , ' ') 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    crun delete -f bench-mem-crun >/dev/null 2>&1 || true; runc delete -f bench-mem-runc >/dev/null 2>&1 || true
}

# Comma-separated pids of PID and all its descendants.
descendants() {
    local all=$1 frontier=$1 next
    while next=$(pgrep -d, -P "$frontier" 2>/dev/null); do all+=,$next; frontier=$next; done
    echo "$all"
}

echo
echo "Memory of the parent supervising a running \`sleep 1000\` container (network namespace on), median of 3:"
echo
echo "| runtime | Rss | Pss | Rss vs crun |"
echo "|---|---|---|---|"
declare -A rss pss
for name in shim crun runc; do : >"$work/mem.$name"; done
for ((r = 1; r <= 3; r++)); do
    for name in shim crun runc; do memory_of "$name" >>"$work/mem.$name"; done
done
for name in shim crun runc; do
    rss[$name]=$(awk '{ print $1 }' "$work/mem.$name" | median)
    pss[$name]=$(awk '{ print $2 }' "$work/mem.$name" | median)
done
for name in shim crun runc; do
    awk -v v="$(version "$name")" -v r="${rss[$name]}" -v p="${pss[$name]}" -v c="${rss[crun]}" \
        'BEGIN { printf "| %s | %.1f MiB | %.1f MiB | %.2f |\n", v, r / 1024, p / 1024, r / c }'
done
echo
echo "Command: \`RUNTIME run --bundle B ID\` in the background, then \`/proc/PID/smaps_rollup\` of that PID"
