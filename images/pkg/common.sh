# Shared by the base package scripts (sourced, not run): fetching Debian packages without
# installing them, and the cache check that lets a second build skip a package.
# shellcheck shell=bash

die() { echo "pkg ${PKG_NAME:-?}: $*" >&2; exit 1; }
say() { echo "pkg ${PKG_NAME:-?}: $*"; }

# The package a metapackage depends on, e.g. linux-image-amd64 -> linux-image-6.1.0-56-amd64.
resolve_dependency() {
    local meta=$1 pattern=$2 name
    name=$(apt-cache depends "$meta" 2>/dev/null | awk -v p="^$pattern\$" '$1 == "Depends:" && $2 ~ p { print $2; exit }')
    [[ -n $name ]] || die "cannot resolve $meta to a package matching $pattern (apt-cache depends $meta); run apt-get update"
    echo "$name"
}

# The version apt would download for a package.
candidate_version() {
    local version
    version=$(apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
    [[ -n $version && $version != "(none)" ]] || die "package $1 has no candidate version; run apt-get update"
    echo "$version"
}

# The .deb of PACKAGE=VERSION in CACHE, if there is one.
cached_deb() {
    local package=$1 version=$2 cache=$3 f
    for f in "$cache/${package}"_*.deb; do
        [[ -f $f && $(dpkg-deb -f "$f" Version) == "$version" ]] && { echo "$f"; return 0; }
    done
    return 0
}

# Downloads PACKAGE=VERSION into CACHE once; prints the .deb's path.
fetch_deb() {
    local package=$1 version=$2 cache=$3 deb
    mkdir -p "$cache"
    deb=$(cached_deb "$package" "$version" "$cache")
    if [[ -z $deb ]]; then
        say "downloading $package $version" >&2
        # The _apt sandbox user cannot write into a root-owned cache directory; we only download.
        (cd "$cache" && apt-get download -q -o APT::Sandbox::User=root "$package=$version" >/dev/null) \
            || die "apt-get download $package=$version failed"
        deb=$(cached_deb "$package" "$version" "$cache")
        [[ -n $deb ]] || die "apt-get download $package=$version left no .deb in $cache"
    fi
    echo "$deb"
}

# A key naming everything a package is built from: the Debian versions and these scripts.
build_key() {
    { printf '%s\n' "$@"; cat "$PKG_DIR/build.sh" "$PKG_DIR/../common.sh" "$PKG_DIR/../oci-layout.sh"; } \
        | sha256sum | cut -d' ' -f1
}

# True when OUT/pkg/NAME was built from KEY, so the build can be skipped.
is_current() {
    local out=$1 key=$2
    [[ -f $out/pkg/$PKG_NAME/index.json && -f $out/pkg/.$PKG_NAME.key ]] \
        && [[ $(cat "$out/pkg/.$PKG_NAME.key") == "$key" ]]
}

# Replaces OUT/pkg/NAME with the layout in NEW and records its key.
install_layout() {
    local out=$1 new=$2 key=$3
    rm -f "$out/pkg/.$PKG_NAME.key"
    rm -rf "$out/pkg/$PKG_NAME"
    mv "$new" "$out/pkg/$PKG_NAME"
    echo "$key" >"$out/pkg/.$PKG_NAME.key"
}
