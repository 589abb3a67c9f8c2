#!/bin/sh
# Installs the Debian packages hako needs: "runtime" for hakod itself, "test" adds what the tests start.
set -eu
kind=${1:-runtime}
runtime="busybox-static ca-certificates runc conmon containernetworking-plugins iptables iproute2 catatonit util-linux"
# gcc and libc6-dev build the static helper a container runs to race hako cp (CopySymlinkSwapIT).
test="docker-registry apache2-utils gcc libc6-dev"
case "$kind" in
    runtime) packages=$runtime ;;
    test) packages="$runtime $test" ;;
    *) echo "usage: install-deps.sh runtime|test" >&2; exit 2 ;;
esac
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "missing Debian packages:$missing (run as root to install them)" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
# The package's own registry service must not hold :5000; tests start their own on loopback.
if [ "$kind" = test ] && pgrep -x docker-registry >/dev/null 2>&1; then
    echo "note: a docker-registry is already running; tests use their own on free loopback ports" >&2
fi
