#!/bin/bash
# Runs critest, the Kubernetes CRI validation suite (cri-tools v1.29.0, from the kit in
# ../shared/critest), against a private hakod: its own root, state and socket, the kit's image
# mirror for the upstream registries, a CNI bridge network of its own, and a cgroup parent of its
# own. hakod runs as scripts/hakod-service.sh and service managers run it (setsid: a session
# leader), so the suite sees what a node sees. Prints the suite's summary line; exits non-zero
# when a spec failed. Everything it made is removed on exit.
#
# usage: scripts/critest.sh [critest.sh arguments...]   e.g. --focus 'Streaming'
#   CRITEST_KIT   the kit (default: ../shared/critest beside the checkout)
#   CRITEST_WORK  the kit's work dir (default /var/tmp/hako-critest): reports, critest, crictl
set -euo pipefail
top=$(dirname "$(dirname "$(readlink -f "$0")")")
kit=${CRITEST_KIT:-$(readlink -f "$top/../shared/critest" 2>/dev/null || true)}
export CRITEST_WORK=${CRITEST_WORK:-/var/tmp/hako-critest}
[ -n "${CRITEST_MIRROR_PORT:-}" ] && CRITEST_MIRROR_PORT_SET=1
export CRITEST_MIRROR_PORT=${CRITEST_MIRROR_PORT:-5000}

die() { echo "critest.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (pods, mounts, networks)"
[ -n "$kit" ] && [ -x "$kit/run.sh" ] || die "the critest kit is missing: expected ../shared/critest beside the checkout (or set CRITEST_KIT)"
[ -x "$top/bin/hakod" ] && [ -d "$top/build/hakod/lib" ] || die "hakod is not built: run scripts/build.sh"

"$kit/install.sh"
mirror_was_running=0
if "$kit/mirror.sh" status >/dev/null 2>&1; then
    mirror_was_running=1
elif [ -z "${CRITEST_MIRROR_PORT_SET:-}" ] && ss -Hltn "sport = :$CRITEST_MIRROR_PORT" | grep -q .; then
    # Something else (the Debian registry's own service, say) holds the port: take a free one.
    for p in $(seq 5001 5099); do
        ss -Hltn "sport = :$p" | grep -q . || { CRITEST_MIRROR_PORT=$p; break; }
    done
fi
mirror=$("$kit/mirror.sh" start | sed -n 's/^mirrors = \["\(http:[^"]*\)"\]$/\1/p' | head -1)
[ -n "$mirror" ] || die "mirror.sh start printed no mirror address"

work=$(mktemp -d /tmp/hako-critest-XXXXXX)
# A bridge name no one uses now: the clean-up deletes this bridge, and another private hakod (or a
# run beside this one) may have a hakoct bridge of its own.
for _ in $(seq 1 200); do
    bridge=hakoct$((RANDOM % 100))
    ip link show "$bridge" >/dev/null 2>&1 || break
done
ip link show "$bridge" >/dev/null 2>&1 && die "no free hakoct bridge name (hakoct0 to hakoct99 are all taken)"
network=hako-critest
subnet=10.231.0.0/16
parent=/hako-critest
socket=$work/state/hako.sock
crictl=("$CRITEST_WORK/bin/crictl" --runtime-endpoint "unix://$socket" --image-endpoint "unix://$socket" --timeout 60s)
hakod_pid=
ip_forward_before=$(cat /proc/sys/net/ipv4/ip_forward)
portmap_before=0
iptables -t nat -S 2>/dev/null | grep -q -- '-N CNI-HOSTPORT-DNAT' && portmap_before=1

cleanup() {
    set +e
    if [ -n "$hakod_pid" ] && kill -0 "$hakod_pid" 2>/dev/null; then
        "${crictl[@]}" rmp -fa >/dev/null 2>&1
        kill "$hakod_pid"
        for _ in $(seq 1 100); do kill -0 "$hakod_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$hakod_pid" 2>/dev/null
    fi
    # What a killed hakod would leave: containers of its runtime root, mounts under its directories.
    if [ -d "$work/state/runc" ]; then
        for c in $(runc --root "$work/state/runc" list -q 2>/dev/null); do
            runc --root "$work/state/runc" delete -f "$c" >/dev/null 2>&1
        done
    fi
    pkill -f "conmon .*$work/" 2>/dev/null
    grep -o " $work/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
    ip link del "$bridge" 2>/dev/null
    if [ "$portmap_before" = 0 ] && ! iptables -t nat -S | grep -q -- '-N CNI-DN-'; then
        iptables -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT 2>/dev/null
        iptables -t nat -D OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT 2>/dev/null
        iptables -t nat -D POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ 2>/dev/null
        for chain in CNI-HOSTPORT-DNAT CNI-HOSTPORT-MASQ CNI-HOSTPORT-SETMARK; do
            iptables -t nat -F "$chain" 2>/dev/null
            iptables -t nat -X "$chain" 2>/dev/null
        done
    fi
    echo "$ip_forward_before" > /proc/sys/net/ipv4/ip_forward
    for h in /sys/fs/cgroup/*"$parent"; do
        [ -d "$h" ] && find "$h" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    [ "$mirror_was_running" = 1 ] || "$kit/mirror.sh" stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/cni" "$work/root" "$work/state" "$work/ipam"
cat > "$work/hako.toml" <<EOF
[registries."registry.k8s.io"]
mirrors = ["$mirror"]
[registries."gcr.io"]
mirrors = ["$mirror"]
[registries."public.ecr.aws"]
mirrors = ["$mirror"]
[registries."docker.io"]
mirrors = ["$mirror"]
[runtime]
cgroup_parent = "$parent"
[cni]
conf_dir = "$work/cni"
bin_dirs = ["/usr/lib/cni"]
EOF
cat > "$work/cni/10-critest.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "$network",
  "plugins": [
    { "type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "dataDir": "$work/ipam", "ranges": [[{ "subnet": "$subnet" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF

# As scripts/hakod-service.sh starts it.
setsid "$top/bin/hakod" --config "$work/hako.toml" --root "$work/root" --state "$work/state" \
    --socket "$socket" > "$work/hakod.log" 2>&1 < /dev/null &
hakod_pid=$!
for _ in $(seq 1 300); do
    [ -S "$socket" ] && "${crictl[@]}" version >/dev/null 2>&1 && break
    kill -0 "$hakod_pid" 2>/dev/null || { tail -n 30 "$work/hakod.log" >&2; die "hakod exited at start"; }
    sleep 0.1
done
[ -S "$socket" ] || { tail -n 30 "$work/hakod.log" >&2; die "hakod did not open $socket"; }

rc=0
# The one spec that cannot pass offline: it pulls an upstream image by its upstream digest, which no
# image built here can have (../shared/critest/README.md). Nothing else is skipped.
"$kit/run.sh" "$socket" --skip 'public image with digest should be pulled and removed' "$@" || rc=$?
if ! kill -0 "$hakod_pid" 2>/dev/null; then
    echo "critest.sh: hakod died during the suite; its log ends:" >&2
    tail -n 30 "$work/hakod.log" >&2
    rc=1
fi
if [ "$rc" != 0 ]; then
    cp "$work/hakod.log" "$CRITEST_WORK/hakod-last-failure.log" 2>/dev/null && \
        echo "critest.sh: hakod's log is in $CRITEST_WORK/hakod-last-failure.log" >&2
fi
exit "$rc"
