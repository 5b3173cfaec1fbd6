#!/usr/bin/env bash
# The one entry point: builds init, the shim, the builder and the base packages, builds and
# boots images in QEMU, and runs every test.
#
#   ./build.sh                        build all into out/
#   ./build.sh image FILE.yml [-o DIR] [--format F]...
#                                     build all, then DIR/NAME-{kernel,initrd.img,cmdline} (F: kernel+initrd,
#                                     the default), or disks: iso-bios, raw-bios, iso-efi, raw-efi, qcow2-bios,
#                                     qcow2-efi, vhd, vmdk, gcp, aws, kernel+squashfs (images/builder/README.md)
#   ./build.sh run [OPTIONS] [FILE.yml] build that image (default images/default.yml) and boot it; OPTIONS:
#        --mem MiB (512)  --cpus N (2)  --format F (one of the above)  --timeout SECONDS
#        --uefi (boot with Debian's OVMF instead of SeaBIOS; implied by the *-efi formats; alone: raw-efi)
#        --disk FILE[,size=SIZE] (virtio disk, created with qemu-img if missing, default 1G; repeatable)
#        --publish HOST:GUEST[/tcp|udp] (port forward through QEMU's user network; repeatable)
#        --data STRING | --data-file FILE (userdata for the metadata package: a CD labelled config holding
#        the file config, as linuxkit run -data makes)  --cidata DIR (NoCloud: DIR's user-data, meta-data)
#   ./build.sh test                   build all, then run every test project
#   ./build.sh bench [PART...]        benchmarks side by side with crun/runc/containerd (bench/README.md)
#   ./build.sh pkg [--push REGISTRY]  build images/pkg/* into the image cache as cinit/NAME:{KEY,latest}; push them
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
# The builder's disk formats shell out to these (images/builder/Formats/): systemd-boot-efi is the
# EFI loader, qemu-img makes qcow2, vhd and vmdk, mksquashfs kernel+squashfs's root.
FORMAT_PACKAGES=(xorriso isolinux syslinux syslinux-common mtools dosfstools systemd-boot-efi qemu-utils squashfs-tools)
RUN_PACKAGES=(qemu-system-x86 qemu-utils ovmf)
TEST_PACKAGES=(qemu-system-x86 busybox-static cpio runc crun gcc libc6-dev docker-registry skopeo e2fsprogs ovmf docker.io podman containerd containernetworking-plugins openssh-client "${FORMAT_PACKAGES[@]}")

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
    # The recipes (images/pkg/NAME/build.yml, docs/packages.md), after busybox: some lay it underneath.
    local recipes=(images/pkg/*/build.yml)
    "$OUT/builder/builder" pkg build "${recipes[@]%/build.yml}" --out-dir "$OUT/pkg" --bin "$OUT/bin" \
        || die "builder pkg build failed"
}

build_all() {
    need dotnet "the .NET 10 SDK (dotnet-sdk-10.0)"
    ensure_packages "${BUILD_PACKAGES[@]}"
    mkdir -p "$OUT"
    publish_native init/Init.csproj init
    publish_native containerd-shim/Shim.csproj containerd-shim
    publish_native containerd-shim-v2/ShimV2.csproj containerd-shim-cinit-v1
    # The metadata package's program (images/pkg/metadata: `programs: [metadata]`).
    publish_native metadata/Metadata.csproj metadata
    publish_builder
    build_packages
}

# Builds DIR/NAME.* from a YAML file in the formats given after it (none: kernel+initrd).
build_image() {
    local yml=$1 dir=$2 format args=(); shift 2
    [[ -f $yml ]] || die "image definition $yml: no such file"
    for format in "$@"; do args+=(--format "$format"); done
    [[ -z ${*//kernel+initrd/} ]] || ensure_packages "${FORMAT_PACKAGES[@]}"
    build_all
    mkdir -p "$dir"
    say "image: $yml -> $dir${*:+ ($*)}"
    "$OUT/builder/builder" build "$yml" -o "$dir" --bin "$OUT/bin" "${args[@]}" >&2 \
        || die "builder failed on $yml"
}

# KVM here may be a nested emulation that cannot run the kernel (docs/facts.md): boot once under
# KVM and use it only if the kernel gets far enough to print to the serial console. The
# answer is kept per kind of boot (a bzImage through a BIOS loader fails where the vmlinux
# works), in out/accel (-kernel) and out/accel-bios (iso/raw); delete them to probe again.
# ARGS are QEMU's boot arguments for the probe.
choose_accel() {
    local cache=$1 expect=$2; shift 2
    if [[ -n ${CINIT_ACCEL:-} ]]; then echo "$CINIT_ACCEL"; return; fi
    if [[ -f $cache ]]; then cat "$cache"; return; fi
    local accel=tcg
    if [[ -w /dev/kvm ]]; then
        say "probing KVM with a 20 s test boot (once; the answer goes to $cache)" >&2
        if timeout 20 qemu-system-x86_64 -accel kvm -cpu max -m 256 "$@" \
               -nographic -no-reboot -nodefaults -serial stdio </dev/null 2>&1 | grep -q "$expect"; then
            accel=kvm
        fi
    fi
    echo "$accel" >"$cache"
    echo "$accel"
}

# Debian's OVMF as QEMU's firmware: the code read-only, the variables a throwaway copy (snapshot).
OVMF_ARGS=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
           -drive if=pflash,format=raw,snapshot=on,file=/usr/share/OVMF/OVMF_VARS_4M.fd)

# A disk image of FORMAT booted as the first disk (virtio), with its accelerator probe.
disk_boot() {
    local file=$1 format=$2 cache=$3; shift 3
    [[ -f $file ]] || die "$file is missing"
    ACCEL=$(choose_accel "$cache" "Linux version" "$@" -drive "file=$file,format=$format,snapshot=on")
    BOOT_ARGS=("$@" -drive "file=$file,format=$format,if=none,id=boot0" -device virtio-blk-pci,drive=boot0,bootindex=0)
}

# QEMU's arguments that boot OUT/NAME in FORMAT; sets BOOT_ARGS and ACCEL. UEFI=1 boots through OVMF.
boot_args() {
    local name=$1 format=$2 firmware=() bios=accel-bios
    [[ $format != *-efi ]] || UEFI=1
    if ((UEFI)); then
        [[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ]] || die "--uefi: /usr/share/OVMF/OVMF_CODE_4M.fd is missing: apt-get install ovmf"
        firmware=("${OVMF_ARGS[@]}") bios=accel-efi
    fi
    case $format in
        kernel+initrd)
            ACCEL=$(choose_accel "$OUT/accel" "Kernel panic" -kernel "$OUT/$name-kernel" -append "console=ttyS0 panic=-1")
            BOOT_ARGS=(-kernel "$OUT/$name-kernel" -initrd "$OUT/$name-initrd.img" -append "$(cat "$OUT/$name-cmdline")") ;;
        kernel+squashfs)
            ACCEL=$(choose_accel "$OUT/accel" "Kernel panic" -kernel "$OUT/$name-kernel" -append "console=ttyS0 panic=-1")
            BOOT_ARGS=(-kernel "$OUT/$name-kernel" -initrd "$OUT/$name-squashfs-initrd.img" -append "$(cat "$OUT/$name-cmdline")"
                       -drive "file=$OUT/$name-squashfs.img,format=raw,if=virtio,snapshot=on") ;;
        iso-bios|iso-efi)
            local iso=$OUT/$name.iso
            [[ $format == iso-bios ]] || iso=$OUT/$name-efi.iso
            ACCEL=$(choose_accel "$OUT/$bios" "Linux version" "${firmware[@]}" -cdrom "$iso")
            BOOT_ARGS=("${firmware[@]}" -drive "file=$iso,media=cdrom,if=none,id=boot0,readonly=on" -device ide-cd,drive=boot0,bootindex=0) ;;
        raw-bios) disk_boot "$OUT/$name.raw" raw "$OUT/$bios" "${firmware[@]}" ;;
        raw-efi) disk_boot "$OUT/$name-efi.raw" raw "$OUT/$bios" "${firmware[@]}" ;;
        qcow2-bios) disk_boot "$OUT/$name.qcow2" qcow2 "$OUT/$bios" "${firmware[@]}" ;;
        qcow2-efi) disk_boot "$OUT/$name-efi.qcow2" qcow2 "$OUT/$bios" "${firmware[@]}" ;;
        vhd) disk_boot "$OUT/$name.vhd" vpc "$OUT/$bios" "${firmware[@]}" ;;
        vmdk) disk_boot "$OUT/$name.vmdk" vmdk "$OUT/$bios" "${firmware[@]}" ;;
        aws) disk_boot "$OUT/$name-aws.raw" raw "$OUT/$bios" "${firmware[@]}" ;;
        gcp)
            tar -xzf "$OUT/$name.img.tar.gz" -C "$OUT" disk.raw || die "cannot unpack $OUT/$name.img.tar.gz"
            mv "$OUT/disk.raw" "$OUT/$name-gcp-disk.raw"
            disk_boot "$OUT/$name-gcp-disk.raw" raw "$OUT/$bios" "${firmware[@]}" ;;
        *) die "--format $format: expected kernel+initrd, iso-bios, raw-bios, iso-efi, raw-efi, qcow2-bios, qcow2-efi, vhd, vmdk, gcp, aws or kernel+squashfs" ;;
    esac
}

# --disk FILE[,size=SIZE]: a virtio disk, created (raw, or qcow2 for *.qcow2) when missing.
disk_args() {
    local spec=$1 file size=1G option format=raw
    file=$(from_caller "${spec%%,*}")
    [[ $spec == *,* ]] && for option in $(tr ',' ' ' <<<"${spec#*,}"); do
        case $option in
            size=?*) size=${option#size=} ;;
            *) die "--disk $spec: unknown option '$option' (expected FILE[,size=SIZE], e.g. data.img,size=2G)" ;;
        esac
    done
    [[ $file == *.qcow2 ]] && format=qcow2
    if [[ ! -e $file ]]; then
        say "creating $format disk $file ($size)" >&2
        qemu-img create -q -f "$format" "$file" "$size" >&2 || die "qemu-img create -f $format $file $size failed"
    fi
    DISK_ARGS+=(-drive "file=$file,format=$format,if=virtio")
}

# --data/--data-file/--cidata: an ISO 9660 image for the metadata package's cdrom provider, attached as a
# read-only virtio disk. Not a CD drive: Debian's kernel has sr_mod and ata_piix as modules our default
# kernel package leaves out, while virtio_blk is there; isofs is loaded on demand (init's modprobe helper).
# KIND config: one file `config` holding the userdata, volume label config (linuxkit run -data's layout);
# KIND cidata: DIR's files (user-data, meta-data) under the label cidata (NoCloud).
data_iso() {
    local kind=$1 source=$2 iso=$OUT/run-data/$1.iso dir=$OUT/run-data/$1
    ensure_packages xorriso
    rm -rf "$dir" && mkdir -p "$dir"
    case $kind in
        config) cp "$source" "$dir/config" ;;
        cidata)
            [[ -f $source/user-data || -f $source/meta-data ]] || die "--cidata $source: neither user-data nor meta-data in it"
            cp -r "$source"/. "$dir/" ;;
    esac
    xorriso -as mkisofs -quiet -R -V "$kind" -o "$iso" "$dir" >&2 || die "xorriso: cannot make $iso"
    DISK_ARGS+=(-drive "file=$iso,if=virtio,format=raw,readonly=on")
}

# --publish HOST:GUEST[/tcp|udp] -> one hostfwd rule of the user network.
publish_rule() {
    local spec=$1 proto=tcp ports
    ports=${spec%/*}
    [[ $spec == */* ]] && proto=${spec##*/}
    [[ $proto == tcp || $proto == udp ]] || die "--publish $spec: protocol must be tcp or udp"
    [[ $ports =~ ^[0-9]+:[0-9]+$ ]] || die "--publish $spec: expected HOST:GUEST[/tcp|udp], e.g. 8080:80"
    echo ",hostfwd=$proto::${ports%%:*}-:${ports##*:}"
}

run_image() {
    local yml="" mem=512 cpus=2 format=kernel+initrd timeout="" net="" disks=() disk name status data="" cidata=""
    UEFI=0
    while [[ $# -gt 0 ]]; do
        case $1 in
            --mem) mem=${2:?--mem needs MiB}; shift 2 ;;
            --cpus) cpus=${2:?--cpus needs a number}; shift 2 ;;
            --disk) disks+=("${2:?--disk needs FILE[,size=SIZE]}"); shift 2 ;;
            --publish) net+=$(publish_rule "${2:?--publish needs HOST:GUEST}") || exit 1; shift 2 ;;
            --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
            --data)
                [[ -z $data ]] || die "run: one --data or --data-file"
                mkdir -p "$OUT/run-data" && data=$OUT/run-data/userdata
                printf '%s' "${2?--data needs a string}" >"$data"; shift 2 ;;
            --data-file)
                [[ -z $data ]] || die "run: one --data or --data-file"
                data=$(from_caller "${2:?--data-file needs a file}")
                [[ -f $data ]] || die "--data-file $data: no such file"; shift 2 ;;
            --cidata)
                cidata=$(from_caller "${2:?--cidata needs a directory}")
                [[ -d $cidata ]] || die "--cidata $cidata: no such directory"; shift 2 ;;
            --format) format=${2:?--format needs a format, e.g. raw-efi}; shift 2 ;;
            --uefi) UEFI=1; shift ;;
            -*) die "run: unknown option $1 (see ./build.sh --help)" ;;
            *) [[ -z $yml ]] || die "run: one image at a time ($yml and $1)"; yml=$(from_caller "$1"); shift ;;
        esac
    done
    [[ $mem =~ ^[0-9]+$ && $cpus =~ ^[0-9]+$ && $timeout =~ ^[0-9]*$ ]] || die "run: --mem, --cpus and --timeout take whole numbers"
    yml=${yml:-$ROOT/images/default.yml}
    # Only the *-efi formats carry an EFI boot loader; --uefi alone boots raw-efi.
    if ((UEFI)); then
        [[ $format != kernel+initrd ]] || format=raw-efi
        [[ $format == *-efi ]] || die "--uefi: $format has no EFI boot loader (use raw-efi, iso-efi or qcow2-efi)"
    fi
    ensure_packages "${RUN_PACKAGES[@]}"
    need qemu-system-x86_64 qemu-system-x86
    name=$(basename "$yml" .yml)
    build_image "$yml" "$OUT" "$format"
    DISK_ARGS=()
    for disk in "${disks[@]}"; do disk_args "$disk"; done
    # After the --disk disks, so those keep their names (/dev/vda, ...).
    [[ -z $data ]] || data_iso config "$data"
    [[ -z $cidata ]] || data_iso cidata "$cidata"
    boot_args "$name" "$format"
    say "booting $name ($format$( ((UEFI)) && echo ", UEFI")) in QEMU ($ACCEL, $mem MiB, $cpus CPUs${timeout:+, killed after $timeout s}); 'poweroff' inside ends it, Ctrl-A X kills it"
    local qemu=(qemu-system-x86_64 -accel "$ACCEL" -cpu max -m "$mem" -smp "$cpus" "${BOOT_ARGS[@]}" "${DISK_ARGS[@]}"
        -netdev "user,id=n0$net" -device virtio-net-pci,netdev=n0
        -nographic -no-reboot -device virtio-rng-pci)
    [[ -n $timeout ]] || exec "${qemu[@]}"
    # --foreground keeps QEMU in the terminal's process group (it reads the console from it);
    # TERM lets QEMU put the terminal back, KILL follows if it does not end.
    status=0
    timeout --foreground -k 5 "$timeout" "${qemu[@]}" || status=$?
    if [[ $status -eq 124 || $status -eq 137 ]]; then
        echo "build.sh: --timeout: killed QEMU after $timeout s" >&2
    fi
    exit "$status"
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

# Builds every images/pkg/* package and stores it in the builder's image cache ($CINIT_CACHE or
# ~/.cache/cinit) as cinit/NAME:KEY (KEY: the first 12 hex digits of the package's build key, so a
# tag never names two different builds) and cinit/NAME:latest; with a registry, pushes both there too.
build_pkg() {
    local registry=$1 dir name key tag
    need dotnet "the .NET 10 SDK (dotnet-sdk-10.0)"
    ensure_packages "${BUILD_PACKAGES[@]}"
    publish_native metadata/Metadata.csproj metadata
    publish_builder
    build_packages
    for dir in images/pkg/*/; do
        name=$(basename "$dir")
        [[ (-x $dir/build.sh || -f $dir/build.yml) && -f $OUT/pkg/$name/index.json ]] || continue
        key=$(cat "$OUT/pkg/.$name.key")
        for tag in "${key:0:12}" latest; do
            "$OUT/builder/builder" cache import "$OUT/pkg/$name" "cinit/$name:$tag" \
                || die "storing $name in the image cache failed"
            if [[ -n $registry ]]; then
                "$OUT/builder/builder" push "$OUT/pkg/$name" "$registry/cinit/$name:$tag" \
                    || die "pushing $name to $registry failed"
            fi
        done
    done
}

case ${1:-} in
    "") build_all ;;
    image)
        shift
        [[ $# -ge 1 && $1 != -* ]] || die "usage: ./build.sh image FILE.yml [-o DIR] [--format F]..."
        yml=$(from_caller "$1") dir=$OUT formats=(); shift
        while [[ $# -gt 0 ]]; do
            case $1 in
                -o) dir=$(from_caller "${2:?-o needs a directory}"); shift 2 ;;
                --format|-format) formats+=("${2:?--format needs a format, e.g. raw-efi}"); shift 2 ;;
                *) die "unexpected argument $1; usage: ./build.sh image FILE.yml [-o DIR] [--format F]..." ;;
            esac
        done
        build_image "$yml" "$dir" "${formats[@]}"
        ;;
    run)
        shift
        run_image "$@"
        ;;
    test) run_tests ;;
    bench) shift; exec bench/run "$@" ;;
    pkg)
        shift
        registry=""
        if [[ ${1:-} == --push ]]; then registry=${2:?--push needs a registry, e.g. localhost:5000}; shift 2; fi
        [[ $# -eq 0 ]] || die "usage: ./build.sh pkg [--push REGISTRY]"
        build_pkg "$registry"
        ;;
    -h|--help|help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (expected: image, run, test, bench, pkg; see ./build.sh --help)" ;;
esac
