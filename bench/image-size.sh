#!/usr/bin/env bash
# Image size: the gzip initramfs of the default image and of a minimal one (images/bench-minimal.yml:
# init, shim, one busybox service), split into our two binaries, the kernel modules and the rest.
#
#   bench/image-size.sh
source "$(dirname "$0")/lib.sh"
need_binaries
dir=$OUT/bench/size
mkdir -p "$dir"
work=$(mktemp -d /var/tmp/bench-size.XXXXXX)
trap 'rm -rf "$work"' EXIT

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
# gzip -9 size of the files under DIR matching the find(1) arguments, as one stream; a hard-linked
# file counts once, as in the cpio archive.
gz_of() {
    local d=$1; shift
    (cd "$d" && find . "$@" -type f -printf '%i %p\n' | sort -u -k1,1 | cut -d' ' -f2- | sort | xargs -r -d '\n' cat) | gzip -9 | wc -c
}

echo
echo "Image size (initramfs as the builder writes it, gzip; parts re-compressed alone with gzip -9):"
echo
echo "| image | initramfs (gzip) | unpacked | init + shim (gzip) | kernel modules (gzip) | containers (gzip) |"
echo "|---|---|---|---|---|---|"
for yml in images/default.yml images/bench-minimal.yml; do
    name=$(basename "$yml" .yml)
    "$OUT/builder/builder" build "$ROOT/$yml" -o "$dir" --bin "$BIN" >"$dir/$name.build.log" 2>&1 \
        || die "building $yml failed: see $dir/$name.build.log"
    img=$dir/$name-initrd.img
    rm -rf "$work/root"; mkdir -p "$work/root"
    (cd "$work/root" && gzip -dc "$img" | cpio -id --quiet)
    echo "| \`$yml\` | $(mib "$(stat -c %s "$img")") | $(mib "$(gzip -dc "$img" | wc -c)") |" \
         "$(mib "$(gz_of "$work/root" \( -path ./init -o -path ./usr/bin/containerd-shim \))") |" \
         "$(mib "$(gz_of "$work/root" -path './lib/modules/*')") | $(mib "$(gz_of "$work/root" -path './containers/*')") |"
done
echo
echo "Peer (docs/facts.md, same kernel and modules): the LinuxKit-style initramfs is 33.4 MiB gzip with containerd +"
echo "runc, 6.2 MiB with runc only; LinuxKit's own init package with containerd and runc is about 50 MB unpacked."
echo "Command: \`bench/image-size.sh\` (what \`./build.sh bench size\` runs)"
