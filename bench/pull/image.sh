#!/usr/bin/env bash
# Builds the image that bench/pull/run.sh pulls, as an OCI image layout under bench/.cache/pull/oci,
# once: a rerun reuses it. The layers are GNU tar + gzip -6 of directories of this machine
# (/usr/lib, /usr/share, /usr/bin), so their sizes, file counts and compression ratios are those of
# real software, plus a small top layer with whiteouts, an opaque directory and replaced files.
#
# Prints the path of the layout's env file (sizes, digests) on stdout.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

# Bump when the recipe changes: the cache is rebuilt when this differs.
RECIPE=3
CACHE="$BENCH_DIR/.cache/pull"
OCI="$CACHE/oci"
ENV_FILE="$CACHE/image.env"

if [ -f "$ENV_FILE" ] && grep -qx "RECIPE=$RECIPE" "$ENV_FILE" && [ -f "$OCI/index.json" ]; then
    echo "$ENV_FILE"
    exit 0
fi

# name|paths under / (directories taken whole; @usrbin and @top are built below)
LAYERS=(
    "base|usr/lib/python3.11 usr/share/perl usr/share/zoneinfo usr/share/mime"
    "toolchain|usr/lib/gcc"
    "binaries|@usrbin"
    "tools|usr/lib/git-core usr/share/vim"
    "plugins|usr/lib/cni"
    "data|usr/share/icons usr/share/i18n"
    "top|@top"
)

for p in usr/lib/python3.11/test usr/share/vim/vim90/doc usr/lib/gcc usr/lib/cni usr/share/icons; do
    [ -e "/$p" ] || die "/$p is missing on this machine: the image recipe in $0 needs it"
done

rm -rf "$CACHE"
mkdir -p "$OCI/blobs/sha256" "$CACHE/work"
work="$CACHE/work"

# The top layer: what a Dockerfile's last RUN typically leaves (deleted files, a replaced
# directory, new and changed files).
top_tree() {
    local t=$work/top
    mkdir -p "$t/etc" "$t/usr/lib/python3.11" "$t/usr/share/vim/vim90/doc" "$t/usr/bin" "$t/usr/lib/cni"
    : >"$t/usr/lib/python3.11/.wh.test"                   # delete a whole directory
    : >"$t/usr/share/vim/vim90/doc/.wh..wh..opq"           # replace a directory's content
    printf 'docs removed by the benchmark image\n' >"$t/usr/share/vim/vim90/doc/README"
    : >"$t/usr/lib/cni/.wh.dhcp"                           # delete one file
    cp -p /usr/lib/cni/bridge "$t/usr/lib/cni/bridge"      # replace one file
    printf 'NAME="hako pull benchmark"\nID=bench\n' >"$t/etc/os-release"
    printf 'bench:x:1000:1000::/home/bench:/bin/sh\n' >"$t/etc/passwd"
    echo "$t"
}

diff_ids=()
sizes=()
history='[]'
total_tar=0
total_gz=0
files=0
i=0
for spec in "${LAYERS[@]}"; do
    i=$((i + 1))
    name=${spec%%|*}
    paths=${spec#*|}
    list="$work/$name.list"
    root=/
    case "$paths" in
        @usrbin)
            # Programs and their symlinks, without the few very large ones (cloud SDKs, compilers).
            { printf 'usr\0usr/bin\0'
              (cd / && find usr/bin -mindepth 1 -maxdepth 1 \( -type l -o -type f -size -2M \) -print0 | sort -z)
            } >"$list" ;;
        @top)
            root=$(top_tree)
            (cd "$root" && find . -mindepth 1 -print0 | sed -z 's|^\./||' | sort -z) >"$list" ;;
        *)
            # Parent directories first, as image builders write them, then the trees.
            { for p in $paths; do
                  d=$p
                  while d=$(dirname "$d") && [ "$d" != . ]; do printf '%s\0' "$d"; done
              done | sort -zu
              (cd / && find $paths -print0 | sort -z)
            } >"$list" ;;
    esac
    log "layer $i/${#LAYERS[@]} ($name): tar + gzip"
    tar -C "$root" --create --file "$work/layer.tar" --null --no-recursion --files-from "$list" \
        --numeric-owner --format=gnu
    diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    tar_size=$(stat -c %s "$work/layer.tar")
    gzip -n -6 -c "$work/layer.tar" >"$work/layer.tar.gz"
    digest=$(sha256sum "$work/layer.tar.gz" | cut -d' ' -f1)
    gz_size=$(stat -c %s "$work/layer.tar.gz")
    mv "$work/layer.tar.gz" "$OCI/blobs/sha256/$digest"
    rm -f "$work/layer.tar"
    n=$(tr -cd '\0' <"$list" | wc -c)
    files=$((files + n))
    total_tar=$((total_tar + tar_size))
    total_gz=$((total_gz + gz_size))
    diff_ids+=("$diff_id")
    sizes+=("$digest $gz_size")
    history=$(jq -c --arg c "layer $name: $paths ($n entries)" '. + [{created: "2025-01-01T00:00:00Z", created_by: $c}]' <<<"$history")
    log "  $n entries, $((tar_size / 1048576)) MiB tar, $((gz_size / 1048576)) MiB gzip"
done

config=$(jq -cn --argjson ids "$(printf '%s\n' "${diff_ids[@]}" | jq -R . | jq -s .)" --argjson h "$history" \
    --arg arch "$(dpkg --print-architecture)" '{
        created: "2025-01-01T00:00:00Z", architecture: $arch, os: "linux",
        config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["/bin/sh"]},
        rootfs: {type: "layers", diff_ids: $ids}, history: $h }')
printf '%s' "$config" >"$work/config.json"
config_digest=$(sha256sum "$work/config.json" | cut -d' ' -f1)
config_size=$(stat -c %s "$work/config.json")
mv "$work/config.json" "$OCI/blobs/sha256/$config_digest"

layers_json=$(for s in "${sizes[@]}"; do
    jq -cn --arg d "sha256:${s% *}" --argjson n "${s#* }" \
        '{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $n}'
done | jq -s .)
manifest=$(jq -cn --arg cd "sha256:$config_digest" --argjson cs "$config_size" --argjson l "$layers_json" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
    layers: $l }')
printf '%s' "$manifest" >"$work/manifest.json"
manifest_digest=$(sha256sum "$work/manifest.json" | cut -d' ' -f1)
manifest_size=$(stat -c %s "$work/manifest.json")
mv "$work/manifest.json" "$OCI/blobs/sha256/$manifest_digest"

printf '{"imageLayoutVersion":"1.0.0"}' >"$OCI/oci-layout"
jq -cn --arg d "sha256:$manifest_digest" --argjson s "$manifest_size" '{schemaVersion: 2, manifests: [{
    mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
    annotations: {"org.opencontainers.image.ref.name": "1"}}]}' >"$OCI/index.json"
rm -rf "$work"

cat >"$ENV_FILE" <<EOF
RECIPE=$RECIPE
IMAGE_LAYERS=${#LAYERS[@]}
IMAGE_ENTRIES=$files
IMAGE_COMPRESSED=$total_gz
IMAGE_UNCOMPRESSED=$total_tar
IMAGE_MANIFEST=sha256:$manifest_digest
EOF
log "image: ${#LAYERS[@]} layers, $files entries, $((total_tar / 1048576)) MiB uncompressed, $((total_gz / 1048576)) MiB gzip"
echo "$ENV_FILE"
