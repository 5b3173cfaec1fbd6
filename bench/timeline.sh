# Reads a boot's console log and prints its timeline in ms: "start mounts onboot services running",
# each from the zero mark (ZERO: a CLOCK_BOOTTIME in seconds). Also the memory and idle summaries.
# Sourced after lib.sh.
# shellcheck shell=bash

# Prints "start mounts onboot services running" (ms after ZERO; "-" when a mark is missing).
timeline_of() {
    local log=$1 zero=$2
    awk -v z="$zero" '
        function mark(k, s) { if (!(k in t)) t[k] = (s - z) * 1000 }
        /init: starting \(/ { match($0, /boottime [0-9.]+/); mark("start", substr($0, RSTART + 9, RLENGTH - 9)) }
        /boot: mounts done \(boottime/ { match($0, /boottime [0-9.]+/); mark("mounts", substr($0, RSTART + 9, RLENGTH - 9)) }
        /boot: onboot done \(boottime/ { match($0, /boottime [0-9.]+/); mark("onboot", substr($0, RSTART + 9, RLENGTH - 9)) }
        /boot: services started \(boottime/ { match($0, /boottime [0-9.]+/); mark("services", substr($0, RSTART + 9, RLENGTH - 9)) }
        /BENCH-RUNNING [0-9.]+/ { match($0, /BENCH-RUNNING [0-9.]+/); mark("running", substr($0, RSTART + 14, RLENGTH - 14)) }
        END { n = split("start mounts onboot services running", k, " ")
              for (i = 1; i <= n; i++) printf "%s%s", (k[i] in t) ? sprintf("%.1f", t[k[i]]) : "-", (i < n) ? " " : "\n" }' "$log"
}

# Prints "initRss initPss shimRssMedian shimPssMedian shimRssMax shimCount" in KiB from BENCH-MEM lines.
memory_of_log() {
    local init shims pss
    init=$(awk '/BENCH-MEM init / { print $(NF-1), $NF; exit }' "$1")
    shims=$(awk '/BENCH-MEM containerd-shim / { print $(NF-1) }' "$1")
    pss=$(awk '/BENCH-MEM containerd-shim / { print $NF }' "$1")
    echo "${init:-0 0} $(median <<<"$shims") $(median <<<"$pss") $(sort -n <<<"$shims" | tail -n1) $(grep -c . <<<"$shims")"
}

# Prints "initSwitches shimSwitches idleSeconds" summed from BENCH-IDLE lines ("- - -" when absent).
idle_of_log() {
    awk '/BENCH-IDLE init:/ { i += $(NF-1); s = $NF; seen = 1 }
         /BENCH-IDLE containerd-shim:/ { h += $(NF-1); seen = 1 }
         END { if (seen) print i + 0, h + 0, s; else print "- - -" }' "$1"
}

# Column K (1-based) of every line of FILE, median; "-" when no numbers.
column_median() {
    local m; m=$(awk -v k="$2" '$k != "-" { print $k }' "$1" | median)
    [[ $m == n/a ]] && echo "-" || echo "$m"
}
