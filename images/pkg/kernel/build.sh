#!/usr/bin/env bash
# Builds OUT/pkg/kernel, a LinuxKit-style kernel image, from Debian's kernel package:
# /kernel (what QEMU's -kernel boots), /kernel.tar (lib/modules/KVER with the modules a
# QEMU guest needs and depmod's indexes) and /boot/vmlinuz (Debian's bzImage, for the builder's
# iso-bios and raw-bios formats: BIOS boot loaders cannot load the ELF vmlinux). The package is
# downloaded, never installed.
#
#   images/pkg/kernel/build.sh OUT
#
# KERNEL_FORMAT=vmlinuz ships the compressed bzImage instead of the extracted vmlinux.
# KERNEL_DRIVERS=hardware adds HARDWARE_MODULES below: the drivers of real machines and clouds.
set -euo pipefail
PKG_NAME=kernel
PKG_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../common.sh
source "$PKG_DIR/../common.sh"

# Every module the package can carry is listed here, in one place; their dependencies (and softdeps)
# come along. What a QEMU guest needs (button + evdev: the ACPI power button as /dev/input/event*), and
# what the kernel asks for on demand (init's cinit-modprobe answers): crc32c for ext4's metadata
# checksums (crypto-crc32c), vfat's code pages (nls_cp437, nls_iso8859-1: an EFI system partition),
# isofs (a CD), loop (a filesystem in a file), efivarfs (EFI variables).
MODULES=(virtio_pci virtio_blk virtio_net virtio_rng virtio_console virtio_scsi sd_mod
         overlay ext4 squashfs 9p 9pnet_virtio
         button evdev
         crc32c_generic crc32c_intel vfat nls_cp437 nls_iso8859_1 isofs loop efivarfs)
# Real machines and clouds: NVMe, SATA (AHCI, PIIX), CD-ROMs, USB storage, common NICs (Intel, Broadcom,
# Realtek), VMware (pvscsi, vmxnet3, LSI), AWS (ena, nvme), GCP (gve, nvme, virtio-scsi), Azure
# (hv_*), Xen, and dm-crypt for encrypted disks. (mlx5_core, Azure's accelerated networking, is left
# out: 3.8 MB alone.)
HARDWARE_MODULES=(nvme ahci ata_piix sr_mod usb_storage uas xhci_pci ehci_pci
                  e1000 e1000e igb ixgbe iavf r8169 tg3 bnxt_en
                  vmw_pvscsi vmxnet3 mptspi
                  ena gve hv_vmbus hv_storvsc hv_netvsc hv_utils hv_balloon xen_blkfront xen_netfront
                  dm_crypt)
FORMAT=${KERNEL_FORMAT:-vmlinux}
case ${KERNEL_DRIVERS:-qemu} in
    qemu) ;;
    hardware) MODULES+=("${HARDWARE_MODULES[@]}") ;;
    *) die "KERNEL_DRIVERS=$KERNEL_DRIVERS: expected qemu (the default) or hardware" ;;
esac

out=${1:?usage: images/pkg/kernel/build.sh OUT}
mkdir -p "$out/pkg"
package=$(resolve_dependency linux-image-amd64 'linux-image-[0-9].*-amd64')
version=$(candidate_version "$package")
kver=${package#linux-image-}
key=$(build_key "$package=$version" "$FORMAT" "${MODULES[@]}")
if is_current "$out" "$key"; then
    say "up to date ($package $version)"
    exit 0
fi

deb=$(fetch_deb "$package" "$version" "$out/cache/deb")
work=$(mktemp -d "$out/pkg/.kernel-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "unpacking $(basename "$deb")"
dpkg -x "$deb" "$work/deb"

# The .deb ships no modules.dep: index the whole tree once to resolve what we keep.
depmod -b "$work/deb" "$kver" || die "depmod -b on the unpacked $package failed"
modules=$(for m in "${MODULES[@]}"; do
    modprobe -d "$work/deb" -S "$kver" --show-depends "$m" \
        || die "module $m: not found in $package"
done | awk '$1 == "insmod" { print $2 }' | sort -u)

tree=$work/tree
moddir=lib/modules/$kver
mkdir -p "$tree/$moddir"
while read -r ko; do
    rel=${ko#"$work/deb/$moddir/"}
    mkdir -p "$tree/$moddir/$(dirname "$rel")"
    cp "$ko" "$tree/$moddir/$rel"
done <<<"$modules"
cp "$work/deb/$moddir"/modules.{builtin,builtin.modinfo,order} "$tree/$moddir/"
depmod -b "$tree" "$kver" || die "depmod -b on the kept modules failed"
say "kept $(wc -l <<<"$modules") of $(find "$work/deb/$moddir" -name '*.ko*' | wc -l) modules"

rootfs=$work/rootfs
mkdir -p "$rootfs"
tar -C "$tree" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
    -cf "$rootfs/kernel.tar" lib
bzimage=$work/deb/boot/vmlinuz-$kver
case $FORMAT in
    vmlinux) "$PKG_DIR/extract-vmlinux.sh" "$bzimage" "$rootfs/kernel"
             mkdir -p "$rootfs/boot" && cp "$bzimage" "$rootfs/boot/vmlinuz" ;;
    vmlinuz) cp "$bzimage" "$rootfs/kernel" ;;
    *) die "KERNEL_FORMAT=$FORMAT: expected vmlinux or vmlinuz" ;;
esac

config=$(jq -cn --arg kver "$kver" --arg deb "$package=$version" --arg fmt "$FORMAT" \
    '{Labels: {"org.cinit.kernel.version": $kver, "org.cinit.kernel.package": $deb, "org.cinit.kernel.format": $fmt}}')
"$PKG_DIR/../oci-layout.sh" "$rootfs" "$work/layout" "$config"
install_layout "$out" "$work/layout" "$key"
say "built $out/pkg/kernel ($kver, /kernel is $FORMAT)"
