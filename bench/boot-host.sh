#!/usr/bin/env bash
# Boot timeline, memory and idle cost on the host: each bench image's initramfs is unpacked into a
# directory (bind-mounted onto itself: the shim needs / to be a mount) and its /init runs as PID 1 under
# `unshare --pid --fork --mount --uts --ipc --net` chrooted there, with the same containers as in the VM.
# Times are CLOCK_BOOTTIME from just before unshare's exec (host-boot-once.py) to init's marks.
#
#   bench/boot-host.sh [RUNS] [SERVICES...]      (defaults: 5 runs; 1 10 100 services)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/images.sh"
runs=${1:-5}; shift || true
counts=("$@"); ((${#counts[@]})) || counts=(1 10 100)
need_binaries
command -v python3 >/dev/null || die "python3 is missing: apt-get install python3"
ensure_packages cpio

work=$(mktemp -d /var/tmp/bench-host.XXXXXX)
cleanup() {
    local d
    for d in "$work"/root-*; do umount -R "$d" 2>/dev/null || true; done # most are unmounted already
    rm -rf "$work"
}
trap cleanup EXIT

# Boots the unpacked root once; writes its console to LOG. Deadline 120 s.
boot_once() {
    local root=$1 log=$2
    : >"$log" # exists before the first grep; cat fills it
    timeout -s KILL 120 env -i HOME=/ TERM=linux "$ROOT/bench/host-boot-once.py" \
        unshare --pid --fork --mount --uts --ipc --net --propagation private /usr/sbin/chroot "$root" /init \
        </dev/null > >(cat >"$log") 2>&1 & # a pipe: init's console writes must not race file offsets
    local pid=$! i
    for ((i = 0; i < 1200; i++)); do
        grep -q -e BENCH-DONE -e "service report: exit" -e "service report: killed" "$log" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    # The data is in; end the namespace without waiting for the services' shutdown grace periods.
    local unshare init=""
    unshare=$(pgrep -x -P "$pid" unshare | head -n1 || true) # its other child is the console's cat
    [[ -n $unshare ]] && init=$(pgrep -P "$unshare" | head -n1 || true)
    if [[ -n $init ]]; then kill -KILL "$init" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
    grep -q BENCH-DONE "$log" || { echo "--- console of the failed boot:" >&2; tail -30 "$log" >&2; die "no BENCH-DONE from $root"; }
}

source "$ROOT/bench/timeline.sh"
for n in "${counts[@]}"; do
    idle=0; [[ $n == 10 ]] && idle=10
    prefix=$(build_bench_image "$n" "$idle")
    root=$work/root-$n
    mkdir -p "$root"
    (cd "$root" && gzip -dc "$prefix-initrd.img" | cpio -id --quiet) || die "unpacking $prefix-initrd.img failed"
    mount --bind "$root" "$root"
    : >"$work/times-$n"
    for ((r = 1; r <= runs; r++)); do
        log=$BENCH_DIR/host-console-$n-$r.log # kept for a look after the run
        boot_once "$root" "$log"
        zero=$(awk '/BENCH-EXEC/ { print $2; exit }' "$log")
        timeline_of "$log" "$zero" >>"$work/times-$n"
        memory_of_log "$log" >>"$work/mem-$n"
        [[ $idle -gt 0 ]] && idle_of_log "$log" >>"$work/idle-$n"
    done
    umount "$root"
done

echo
echo "Boot timeline on the host (init as PID 1 under unshare in a chroot of the unpacked initramfs), ms after"
echo "the exec of unshare, median of $runs runs; \"all running\" is when the reporter saw every sleep (10 ms clock);"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg):"
echo
echo "| services | init starts | mounts done | onboot done | services started | all running | init start -> services started | per container (onboot done -> services started) / (N+1) |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${counts[@]}"; do
    f=$work/times-$n
    s=$(column_median "$f" 1) m=$(column_median "$f" 2) o=$(column_median "$f" 3) v=$(column_median "$f" 4) a=$(column_median "$f" 5)
    d=$(awk '$4 != "-" && $1 != "-" { print $4 - $1 }' "$f" | median)
    p=$(awk -v n="$n" '$4 != "-" && $3 != "-" { print ($4 - $3) / (n + 1) }' "$f" | median)
    awk -v n="$n" -v s="$s" -v m="$m" -v o="$o" -v v="$v" -v a="$a" -v d="$d" -v p="$p" \
        'BEGIN { printf "| %d | %s | %s | %s | %s | %s | %.1f ms | %.2f ms |\n", n, s, m, o, v, a, d, p }'
done
echo
echo "Target: first instruction -> \"services started\" under 50 ms with 10 services (N+1 containers: the reporter is one)."
echo "Command: \`bench/boot-host.sh $runs ${counts[*]}\` (what \`./build.sh bench host\` runs)"

echo
echo "Memory on the host with all services running (Rss/Pss from /proc/PID/smaps_rollup, KiB -> MiB), median of $runs runs:"
echo
echo "| services | init Rss | init Pss | shim Rss (median) | shim Pss (median) | shim Rss (max) | shims | all shims Pss |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${counts[@]}"; do
    f=$work/mem-$n
    awk -v n="$n" -v ir="$(column_median "$f" 1)" -v ip="$(column_median "$f" 2)" -v sm="$(column_median "$f" 3)" \
        -v sp="$(column_median "$f" 4)" -v sx="$(column_median "$f" 5)" -v c="$(column_median "$f" 6)" \
        'BEGIN { printf "| %d | %.1f MiB | %.1f MiB | %.2f MiB | %.2f MiB | %.2f MiB | %d | %.1f MiB |\n", n, ir / 1024, ip / 1024, sm / 1024, sp / 1024, sx / 1024, c, sp * c / 1024 }'
done
echo
echo "Targets: init under 16 MiB, each shim under 3 MiB. Peer (docs/facts.md, same host): containerd-shim-runc-v2 12.9 MiB per container."

if [[ -f $work/idle-10 ]]; then
    echo
    echo "Idle cost, 10 services running, context switches (voluntary + involuntary) over 10 idle seconds, median of $runs runs:"
    echo
    echo "| process | switches in 10 s | target |"
    echo "|---|---|---|"
    echo "| init | $(column_median "$work/idle-10" 1) | 0 |"
    echo "| all 11 shims together | $(column_median "$work/idle-10" 2) | 0 |"
fi
