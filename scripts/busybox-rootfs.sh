#!/bin/sh
# Writes a busybox root filesystem tarball (from Debian's busybox-static) to $1, or stdout for "-".
# It is hako's built-in default image: there is no internet here to pull one.
set -eu
out=${1:?usage: busybox-rootfs.sh OUT.tar|-}
busybox=/bin/busybox
if [ ! -x "$busybox" ]; then
    echo "busybox-static is not installed: apt-get install busybox-static" >&2
    exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/etc" "$dir/root" "$dir/tmp" "$dir/var/tmp" "$dir/home" "$dir/proc" "$dir/sys" "$dir/dev"
chmod 1777 "$dir/tmp" "$dir/var/tmp"
chmod 700 "$dir/root"
cp "$busybox" "$dir/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$dir/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$dir/etc/group"
tar --numeric-owner --owner=0 --group=0 --sort=name -C "$dir" -cf "$out" .
