#!/usr/bin/env bash
# Boot timeline and memory in QEMU: each bench image boots RUNS times; the zero is the kernel's own
# "Run /init as init process" line ([ seconds ] prefix, CLOCK_BOOTTIME), init's marks carry the same clock.
# QEMU is killed once the reporter prints BENCH-DONE (the services' shutdown is not measured).
#
#   bench/boot-vm.sh [RUNS] [SERVICES...]      (defaults: 3 runs; 1 10 100 services)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/images.sh"
source "$(dirname "$0")/timeline.sh"
runs=${1:-3}; shift || true
counts=("$@"); ((${#counts[@]})) || counts=(1 10 100)
need_binaries
ensure_packages qemu-system-x86
accel=${CINIT_ACCEL:-$(cat "$OUT/accel" 2>/dev/null || echo tcg)}

# Boots PREFIX once, console to LOG; deadline 300 s.
boot_once() {
    local prefix=$1 log=$2 pid i
    : >"$log" # exists before the first grep; cat fills it
    qemu-system-x86_64 -accel "$accel" -cpu max -m 512 -smp 2 -kernel "$prefix-kernel" -initrd "$prefix-initrd.img" \
        -append "$(cat "$prefix-cmdline")" -nographic -no-reboot -device virtio-rng-pci </dev/null > >(cat >"$log") 2>&1 &
    pid=$!
    for ((i = 0; i < 3000; i++)); do
        grep -q -e BENCH-DONE -e "service report: exit" -e "service report: killed" "$log" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    grep -q BENCH-DONE "$log" || { echo "--- console of the failed boot:" >&2; tail -30 "$log" >&2; die "no BENCH-DONE from $prefix"; }
}

for n in "${counts[@]}"; do
    idle=0; [[ $n == 10 ]] && idle=10
    prefix=$(build_bench_image "$n" "$idle")
    : >"$BENCH_DIR/vm-times-$n"; : >"$BENCH_DIR/vm-mem-$n"; rm -f "$BENCH_DIR/vm-idle-$n"
    for ((r = 1; r <= runs; r++)); do
        log=$BENCH_DIR/vm-console-$n-$r.log
        boot_once "$prefix" "$log"
        zero=$(awk -F'[][]' '/Run \/init as init process/ { gsub(/ /, "", $2); print $2; exit }' "$log")
        [[ -n $zero ]] || die "no 'Run /init as init process' line in $log"
        timeline_of "$log" "$zero" >>"$BENCH_DIR/vm-times-$n"
        memory_of_log "$log" >>"$BENCH_DIR/vm-mem-$n"
        [[ $idle -gt 0 ]] && idle_of_log "$log" >>"$BENCH_DIR/vm-idle-$n"
    done
done

echo
echo "Boot timeline in QEMU ($accel, -cpu max -m 512 -smp 2), ms after the kernel's exec of /init, median of $runs boots;"
echo "\"all running\" is when the pid: host reporter saw every sleep (/proc/uptime, 10 ms clock):"
echo
echo "| services | init starts | mounts done | onboot done | services started | all running | per container (onboot done -> services started) / (N+1) |"
echo "|---|---|---|---|---|---|---|"
for n in "${counts[@]}"; do
    f=$BENCH_DIR/vm-times-$n
    p=$(awk -v n="$n" '$4 != "-" && $3 != "-" { printf "%.1f\n", ($4 - $3) / (n + 1) }' "$f" | median)
    echo "| $n | $(column_median "$f" 1) | $(column_median "$f" 2) | $(column_median "$f" 3) | $(column_median "$f" 4) | $(column_median "$f" 5) | $p ms |"
done
echo
echo "Memory in the VM with all services running (Rss/Pss from /proc/PID/smaps_rollup), median of $runs boots:"
echo
echo "| services | init Rss | init Pss | shim Rss (median) | shim Pss (median) | shims | all shims Pss |"
echo "|---|---|---|---|---|---|---|"
for n in "${counts[@]}"; do
    f=$BENCH_DIR/vm-mem-$n
    awk -v n="$n" -v ir="$(column_median "$f" 1)" -v ip="$(column_median "$f" 2)" -v sm="$(column_median "$f" 3)" \
        -v sp="$(column_median "$f" 4)" -v c="$(column_median "$f" 6)" \
        'BEGIN { printf "| %d | %.1f MiB | %.1f MiB | %.2f MiB | %.2f MiB | %d | %.1f MiB |\n", n, ir / 1024, ip / 1024, sm / 1024, sp / 1024, c, sp * c / 1024 }'
done
if [[ -f $BENCH_DIR/vm-idle-10 ]]; then
    echo
    echo "Idle cost in the VM, 10 services: context switches over 10 idle seconds: init $(column_median "$BENCH_DIR/vm-idle-10" 1), all 11 shims $(column_median "$BENCH_DIR/vm-idle-10" 2) (target 0)."
fi
echo
echo "Command: \`bench/boot-vm.sh $runs ${counts[*]}\` (what \`./build.sh bench vm\` runs); consoles in out/bench/vm-console-N-RUN.log"
