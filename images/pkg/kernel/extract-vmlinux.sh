#!/usr/bin/env bash
# Extracts the uncompressed kernel (an ELF vmlinux) from a bzImage, so QEMU can boot it
# through its PVH entry: under TCG this skips the emulated decompression, about half the boot.
#
#   extract-vmlinux.sh BZIMAGE OUTPUT
#
# The boot protocol's setup header says where the payload is (Documentation/x86/boot.rst):
# setup_sects at 0x1f1, payload_offset and payload_length at 0x248 and 0x24c, the offset
# counted from the protected-mode code, which follows the (setup_sects + 1) 512-byte sectors.
set -euo pipefail
die() { echo "extract-vmlinux: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: extract-vmlinux.sh BZIMAGE OUTPUT"
image=$1 output=$2
[[ -r $image ]] || die "$image: cannot read"

u8()  { od -An -tu1 -j "$(($2))" -N1 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$(($2))" -N4 "$1" | tr -d ' '; }
hex() { od -An -tx1 -j "$2" -N"$3" "$1" | tr -d ' \n'; }

[[ $(hex "$image" $((0x202)) 4) == 48647253 ]] || die "$image: no bzImage header (HdrS magic missing)"
setup_sects=$(u8 "$image" 0x1f1)
((setup_sects == 0)) && setup_sects=4
offset=$(((setup_sects + 1) * 512 + $(u32 "$image" 0x248)))
length=$(u32 "$image" 0x24c)

magic=$(hex "$image" "$offset" 6)
case $magic in
    fd377a585a00) decompress=(xz -dc --single-stream) ;;
    28b52ffd*)    decompress=(zstd -dcq) ;;
    1f8b*)        decompress=(gzip -dc) ;;
    *) die "$image: unknown payload compression (magic $magic at offset $offset)" ;;
esac
command -v "${decompress[0]}" >/dev/null || die "${decompress[0]} is missing: apt-get install ${decompress[0]}"

# The payload ends with the decompressed size (4 bytes); the decoders stop at the stream's end.
# Cut it out into a file first: a decoder that stops early must not SIGPIPE a pipeline.
dd if="$image" of="$output.payload" iflag=skip_bytes,count_bytes skip="$offset" count="$length" status=none
status=0
"${decompress[@]}" <"$output.payload" >"$output.tmp" 2>"$output.err" || status=$?
rm -f "$output.payload"
# gzip exits 2 on the trailing size: a warning, not a failure.
if ((status != 0)) && ! [[ ${decompress[0]} == gzip && $status -eq 2 ]]; then
    die "$image: ${decompress[0]} failed on the payload at offset $offset: $(cat "$output.err")"
fi
rm -f "$output.err"
[[ $(hex "$output.tmp" 0 4) == 7f454c46 ]] || die "$image: the payload is not an ELF file"
mv "$output.tmp" "$output"
