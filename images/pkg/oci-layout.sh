#!/usr/bin/env bash
# Writes a one-layer OCI image layout from a root directory, reproducibly: the same
# rootfs and config give the same digests (sorted tar, fixed mtime and owners, gzip -n).
#
#   oci-layout.sh ROOTFS OUTDIR CONFIG_JSON
#
# CONFIG_JSON is the image config's "config" object, e.g. '{"Cmd":["/bin/sh"]}'.
# OUTDIR must not exist; the layout appears there complete or not at all.
set -euo pipefail

die() { echo "oci-layout: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || die "usage: oci-layout.sh ROOTFS OUTDIR CONFIG_JSON"
rootfs=$1 out=$2 config=$3
[[ -d $rootfs ]] || die "rootfs $rootfs: not a directory"
[[ ! -e $out ]] || die "output $out: already exists"
jq -e 'type == "object"' <<<"$config" >/dev/null || die "config is not a JSON object: $config"

tmp=$(mktemp -d "$(dirname "$out")/.oci-layout.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
blobs=$tmp/blobs/sha256
mkdir -p "$blobs"

# Put a blob under its digest; prints "DIGEST SIZE".
put_blob() {
    local file=$1 digest size
    digest=$(sha256sum "$file" | cut -d' ' -f1)
    size=$(stat -c %s "$file")
    mv "$file" "$blobs/$digest"
    echo "$digest $size"
}

# The gnu format, not posix: pax headers would record atime/ctime and break reproducibility.
tar -C "$rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    --format=gnu -cf "$tmp/layer.tar" .
diff_id=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
gzip -n -6 "$tmp/layer.tar"
read -r layer_digest layer_size < <(put_blob "$tmp/layer.tar.gz")

jq -cn --argjson cfg "$config" --arg diff "sha256:$diff_id" '{
    architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
    config: $cfg,
    rootfs: { type: "layers", diff_ids: [$diff] },
    history: [{ created: "1970-01-01T00:00:00Z", created_by: "images/pkg/oci-layout.sh" }]
}' >"$tmp/config.json"
read -r config_digest config_size < <(put_blob "$tmp/config.json")

jq -cn --arg cd "sha256:$config_digest" --argjson cs "$config_size" \
       --arg ld "sha256:$layer_digest" --argjson ls "$layer_size" '{
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $ld, size: $ls }]
}' >"$tmp/manifest.json"
read -r manifest_digest manifest_size < <(put_blob "$tmp/manifest.json")

jq -cn --arg md "sha256:$manifest_digest" --argjson ms "$manifest_size" '{
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{
        mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
        platform: { architecture: "amd64", os: "linux" },
        annotations: { "org.opencontainers.image.ref.name": "latest" }
    }]
}' >"$tmp/index.json"
printf '{"imageLayoutVersion":"1.0.0"}\n' >"$tmp/oci-layout"

chmod 755 "$tmp"
mv "$tmp" "$out"
trap - EXIT
