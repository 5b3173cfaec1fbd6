#!/usr/bin/env bash
# The one entry point: builds init, the shim, the builder and the base packages, builds and
# boots images in QEMU, and runs every test.
#
#   ./build.sh                        build all into out/
#   ./build.sh image FILE.yml [-o DIR] build all, then DIR/NAME-{kernel,initrd.img,cmdline}
#   ./build.sh run [FILE.yml]         build that image (default images/default.yml) and boot it
#   ./build.sh test                   build all, then run every test project
#   ./build.sh bench [PART...]        benchmarks side by side with crun/runc/containerd (bench/README.md)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")" && pwd)
OUT=$ROOT/out
CALLER=$PWD
cd "$ROOT"

die() { echo "build.sh: $*" >&2; exit 1; }
say() { echo "==> $*"; }

# Paths on the command line are the caller's, relative to where build.sh was started.
from_caller() {
    if [[ $1 == /* ]]; then echo "$1"; else echo "$CALLER/$1"; fi
}

need() {
    command -v "$1" >/dev/null || die "$1 is missing: apt-get install $2"
}

# True when OUTPUT exists and no source file under the given paths is newer than it.
is_fresh() {
    local output=$1; shift
    [[ -e $output ]] || return 1
    [[ -z $(find "$@" -type f -newer "$output" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]]
}

publish_native() {
    local project=$1 binary=$2 dir
    dir=$(dirname "$project")
    if is_fresh "$OUT/bin/$binary" "$dir" lib Directory.Build.props Directory.Packages.props; then
        say "$binary: up to date"
        return
    fi
    say "$binary: dotnet publish (NativeAOT)"
    dotnet publish "$project" -r linux-x64 -c Release -o "$OUT/bin" -nologo -v quiet \
        || die "dotnet publish $project failed"
    touch "$OUT/bin/$binary"
}

publish_builder() {
    if is_fresh "$OUT/builder/builder" images/builder lib Directory.Build.props Directory.Packages.props; then
        say "builder: up to date"
        return
    fi
    say "builder: dotnet publish"
    dotnet publish images/builder/Builder.csproj -c Release -o "$OUT/builder" -nologo -v quiet \
        || die "dotnet publish images/builder/Builder.csproj failed"
    touch "$OUT/builder/builder"
}

# Debian packages each command needs. On a fresh Debian 12 machine build.sh installs what is missing
# (as root; otherwise it names the apt-get command), so the README's two commands work as written.
BUILD_PACKAGES=(dpkg kmod jq xz-utils binutils gcc libc6-dev zlib1g-dev)
RUN_PACKAGES=(qemu-system-x86)
TEST_PACKAGES=(qemu-system-x86 busybox-static cpio runc crun gcc libc6-dev docker-registry skopeo)

ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # The kernel package is resolved with apt-cache: a machine that never ran apt-get update has no lists.
    local lists_ok=1
    apt-cache policy linux-image-amd64 2>/dev/null | grep -q 'Candidate: [0-9]' || lists_ok=0
    ((${#missing[@]} || !lists_ok)) || return 0
    if [[ $(id -u) -ne 0 ]]; then
        die "missing Debian packages or package lists: run 'sudo apt-get update && sudo apt-get install ${missing[*]}'"
    fi
    say "apt-get update"
    apt-get update -q >/dev/null || die "apt-get update failed"
    ((${#missing[@]})) || return 0
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

build_packages() {
    need apt-get apt
    need dpkg-deb dpkg
    need depmod kmod
    need jq jq
    need xz xz-utils
    images/pkg/kernel/build.sh "$OUT"
    images/pkg/busybox/build.sh "$OUT"
}

build_all() {
    need dotnet "the .NET 10 SDK (dotnet-sdk-10.0)"
    ensure_packages "${BUILD_PACKAGES[@]}"
    mkdir -p "$OUT"
    publish_native init/Init.csproj init
    publish_native containerd-shim/Shim.csproj containerd-shim
    publish_builder
    build_packages
}

# Prints the prefix DIR/NAME of the image built from a YAML file.
build_image() {
    local yml=$1 dir=$2
    [[ -f $yml ]] || die "image definition $yml: no such file"
    build_all
    mkdir -p "$dir"
    say "image: $yml -> $dir"
    "$OUT/builder/builder" build "$yml" -o "$dir" --bin "$OUT/bin" >&2 \
        || die "builder failed on $yml"
}

# KVM here may be a nested emulation that cannot run the kernel (FACTS.md): boot the kernel
# once without an initramfs under KVM and use KVM only if it gets as far as its root-mount
# panic. The answer is kept in out/accel; delete that file to probe again.
choose_accel() {
    local kernel=$1 cache=$OUT/accel
    if [[ -n ${CINIT_ACCEL:-} ]]; then echo "$CINIT_ACCEL"; return; fi
    if [[ -f $cache ]]; then cat "$cache"; return; fi
    local accel=tcg
    if [[ -w /dev/kvm ]]; then
        say "probing KVM with a 20 s test boot (once; the answer goes to $cache)" >&2
        if timeout 20 qemu-system-x86_64 -accel kvm -cpu max -m 256 -kernel "$kernel" \
               -append "console=ttyS0 panic=-1" -nographic -no-reboot -nodefaults -serial stdio \
               </dev/null 2>&1 | grep -q "Kernel panic"; then
            accel=kvm
        fi
    fi
    echo "$accel" >"$cache"
    echo "$accel"
}

run_image() {
    local yml name accel
    yml=${1:+$(from_caller "$1")}
    yml=${yml:-$ROOT/images/default.yml}
    ensure_packages "${RUN_PACKAGES[@]}"
    need qemu-system-x86_64 qemu-system-x86
    name=$(basename "$yml" .yml)
    build_image "$yml" "$OUT"
    accel=$(choose_accel "$OUT/$name-kernel")
    say "booting $name in QEMU ($accel); 'poweroff' inside ends it, Ctrl-A X kills it"
    exec qemu-system-x86_64 -accel "$accel" -cpu max -m 512 -smp 2 \
        -kernel "$OUT/$name-kernel" -initrd "$OUT/$name-initrd.img" \
        -append "$(cat "$OUT/$name-cmdline")" \
        -nographic -no-reboot -device virtio-rng-pci
}

run_tests() {
    ensure_packages "${TEST_PACKAGES[@]}"
    build_all
    local failed=() project
    # One project at a time: the boot tests' QEMU needs both cores to keep its deadlines.
    for project in tests/Unit.*/*.csproj tests/Host.*/*.csproj tests/Boot/Boot.csproj; do
        say "test: $project"
        CINIT_BIN=$OUT/bin dotnet test "$project" -nologo \
            || failed+=("$project")
    done
    if ((${#failed[@]})); then
        echo "build.sh: FAILED: ${failed[*]}" >&2
        exit 1
    fi
    say "all tests passed"
}

case ${1:-} in
    "") build_all ;;
    image)
        shift
        [[ $# -ge 1 ]] || die "usage: ./build.sh image FILE.yml [-o DIR]"
        yml=$(from_caller "$1") dir=$OUT; shift
        if [[ ${1:-} == -o ]]; then dir=$(from_caller "${2:?-o needs a directory}"); shift 2; fi
        [[ $# -eq 0 ]] || die "unexpected arguments: $*"
        build_image "$yml" "$dir"
        ;;
    run)
        shift
        [[ $# -le 1 ]] || die "usage: ./build.sh run [FILE.yml]"
        run_image "$@"
        ;;
    test) run_tests ;;
    bench) shift; exec bench/run "$@" ;;
    -h|--help|help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (expected: image, run, test, bench; see ./build.sh --help)" ;;
esac
