#!/bin/sh
# Sets up hako on a fresh Debian 12 machine and runs its main job on the built-in default:
# Debian packages, build, install of hako and hakod on PATH, hakod started, a busybox image made
# from busybox-static and imported, and a container run from it (through runc and conmon); the
# default CNI bridge network for pods is installed.
set -eu
top=$(dirname "$(dirname "$(readlink -f "$0")")")
cd "$top"
"$top/scripts/install-deps.sh" runtime
"$top/scripts/build.sh"

ln -sf "$top/bin/hako" /usr/local/bin/hako
ln -sf "$top/bin/hakod" /usr/local/bin/hakod
# The default pod network for the CRI (kept if /etc/cni/net.d already has one).
hakod --install-default-network
# A hakod already running is restarted so it runs what was just built.
"$top/scripts/hakod-service.sh" restart

rootfs=$(mktemp /tmp/busybox-rootfs.XXXXXX.tar)
trap 'rm -f "$rootfs"' EXIT
"$top/scripts/busybox-rootfs.sh" "$rootfs"
echo "+ hako image import --change 'CMD [\"sh\"]' $rootfs busybox:latest"
hako image import --change 'CMD ["sh"]' "$rootfs" busybox:latest
echo "+ hako images"
hako images
echo "+ hako run --rm busybox sh -c 'echo hello from a hako container; id; hostname'"
hako run --rm busybox sh -c 'echo hello from a hako container; id; hostname'
echo "+ hako info"
hako info
echo
echo "hakod is running (log: /var/log/hako/hakod.log); stop it with: $top/scripts/hakod-service.sh stop"
