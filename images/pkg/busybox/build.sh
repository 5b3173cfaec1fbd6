#!/usr/bin/env bash
# Builds OUT/pkg/busybox: Debian's static busybox at /bin/busybox with a link per applet at
# the path busybox itself lists (--list-full), and the few files a login shell expects.
#
#   images/pkg/busybox/build.sh OUT
set -euo pipefail
PKG_NAME=busybox
PKG_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../common.sh
source "$PKG_DIR/../common.sh"

out=${1:?usage: images/pkg/busybox/build.sh OUT}
mkdir -p "$out/pkg"
package=busybox-static
version=$(candidate_version "$package")
key=$(build_key "$package=$version")
if is_current "$out" "$key"; then
    say "up to date ($package $version)"
    exit 0
fi

deb=$(fetch_deb "$package" "$version" "$out/cache/deb")
work=$(mktemp -d "$out/pkg/.busybox-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
dpkg -x "$deb" "$work/deb"
busybox=$work/deb/bin/busybox
[[ -x $busybox ]] || die "$(basename "$deb") has no bin/busybox"

rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,dev,proc,sys,tmp,run,var}
chmod 1777 "$rootfs/tmp"
chmod 700 "$rootfs/root"
cp "$busybox" "$rootfs/bin/busybox"
# The build host runs the package's own static binary only to ask it for its applet list.
"$busybox" --list-full | while read -r applet; do
    [[ $applet == bin/busybox ]] && continue
    [[ -e $rootfs/$applet ]] || ln -s /bin/busybox "$rootfs/$applet"
done
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$rootfs/etc/passwd"
printf '%s\n' 'root:x:0:' 'tty:x:5:' 'nogroup:x:65534:' >"$rootfs/etc/group"
# An empty password for root: getty/login on the console of a development VM.
printf '%s\n' 'root::0:0:99999:7:::' >"$rootfs/etc/shadow"
chmod 600 "$rootfs/etc/shadow"

config='{"Cmd":["/bin/sh"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"WorkingDir":"/"}'
"$PKG_DIR/../oci-layout.sh" "$rootfs" "$work/layout" "$config"
install_layout "$out" "$work/layout" "$key"
say "built $out/pkg/busybox ($version, $(find "$rootfs" -type l | wc -l) applet links)"
