# hakod and containerd (with its CRI plugin) side by side, as the critest kit wants them: sourced by
# bench/critest/run.sh and bench/critest/crictl-compare.sh after bench/lib/common.sh (not run).
#
# Both daemons are private instances on fresh temporary root and state directories and sockets, and
# both pull through the kit's image mirror (../shared/critest/mirror.sh) for registry.k8s.io,
# gcr.io, public.ecr.aws and docker.io. Each gets its own CNI conflist of the same shape as
# bench/pods/run.sh's (bridge with isGateway, ipMasq and hairpinMode + host-local + portmap; loopback
# set up by each runtime itself), with its own bridge, /24 subnet and host-local store.
#   hakod        started as scripts/hakod-service.sh starts it (setsid bin/hakod, output appended to
#                its log, stdin /dev/null), with --config FILE --root DIR --state DIR --socket PATH;
#                hako.toml: [runtime] default_handler runc and cgroup_parent (the caller's own),
#                [cni] conf_dir and bin_dirs, and the [registries."HOST"] mirrors mirror.sh prints.
#   containerd   1.6 (Debian), config version 2 as in bench/pods/run.sh (runc shim v2 with a runc
#                root of its own, overlayfs, cgroupfs, restrict_oom_score_adj: root here lacks
#                CAP_SYS_RESOURCE; network namespaces pinned under its state directory; stream server
#                on 127.0.0.1), sandbox image registry.k8s.io/pause:3.6 (its default) and
#                registry.mirrors."HOST".endpoint = the same mirror; run in the cgroup
#                CGROUP_PARENT/containerd of every hierarchy (see run_containerd).
# daemons_cleanup (the caller's EXIT trap) removes everything: pods (crictl rmp -fa), daemons,
# leftover containers, monitors and pod processes, mounts, bridges, NAT rules, network namespaces,
# the cgroup parent (/hako-bench-TAG, pods of both and containerd's own cgroup), ip_forward as it
# was, and the temporary directory.
#
# The caller sets, before daemons_init: TAG (a word: names the temporary directory, the networks
# and hako's cgroup parent), BRIDGE, SUBNET and PREFIX (associative arrays over hako and ctrd), and
# KEEP_LOGS (a directory or empty).

TOOLS=(hako ctrd)
declare -A LABEL=([hako]=hako [ctrd]=containerd)
CRITEST_KIT=${CRITEST_KIT:-$(realpath -m "$REPO_DIR/../shared/critest")}
export CRITEST_WORK=${CRITEST_WORK:-/var/tmp/hako-critest}
CRICTL=$CRITEST_WORK/bin/crictl
CRITEST=$CRITEST_WORK/bin/critest
CTRD_SANDBOX_IMAGE=registry.k8s.io/pause:3.6
HAKOD_PID=
CTRD_PID=
# Sessions the caller started with setsid (critest and its pipeline): ended first on exit.
CLIENT_SESSIONS=()

daemons_requirements() {
    need_root
    ensure_packages containerd:containerd ctr:containerd runc:runc conmon:conmon jq:jq ip:iproute2 \
        iptables:iptables /usr/lib/cni/bridge:containernetworking-plugins catatonit:catatonit curl:curl \
        setsid:util-linux
    local p
    for p in bridge host-local portmap loopback; do
        [ -x "/usr/lib/cni/$p" ] || die "/usr/lib/cni/$p is missing (apt-get install containernetworking-plugins)"
    done
    [ -x "$CRITEST_KIT/run.sh" ] || die "the critest kit is not at $CRITEST_KIT (set CRITEST_KIT)"
    local b
    for b in critest crictl; do
        if [ ! -x "$CRITEST_WORK/bin/$b" ] || [ "$CRITEST_KIT/$b.xz" -nt "$CRITEST_WORK/bin/$b" ]; then
            log "unpacking the kit: $CRITEST_KIT/install.sh"
            "$CRITEST_KIT/install.sh" >&2
            break
        fi
    done
    # Never scripts/build.sh from here: the build folder is shared, and someone may be rebuilding it.
    local waited=0
    while [ ! -d "$REPO_DIR/build/hakod/lib" ] || [ ! -d "$REPO_DIR/build/hako/lib" ]; do
        [ $waited -ge 300 ] && die "build/ is missing or incomplete: run scripts/build.sh first"
        [ $waited -eq 0 ] && log "build/hakod/lib is missing (a rebuild?): waiting up to 5 minutes"
        sleep 10
        waited=$((waited + 10))
    done
}

daemons_init() {
    declare -gA NETNAME=([hako]=hako-bench-$TAG-h [ctrd]=hako-bench-$TAG-c)
    CGROUP_PARENT=/hako-bench-$TAG
    local tool p m
    for tool in "${TOOLS[@]}"; do
        ip link show "${BRIDGE[$tool]}" >/dev/null 2>&1 &&
            die "a link ${BRIDGE[$tool]} exists already (another run of this script?): remove it or wait"
        ip -4 route show | grep -q "^${SUBNET[$tool]%/*}" &&
            die "the subnet ${SUBNET[$tool]} is routed already (another run of this script?)"
    done
    # Paths outside the temporary directory that containerd creates (its shims' sockets; /run/netns if
    # it were used) and the cgroup parents: removed at the end only when this run created them.
    OUTSIDE_PATHS=(/run/containerd /run/netns)
    CGROUP_MOUNTS=$(awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/mounts)
    PREEXISTING=()
    for p in "${OUTSIDE_PATHS[@]}"; do [ -e "$p" ] && PREEXISTING+=("$p"); done
    for m in $CGROUP_MOUNTS; do [ -e "$m$CGROUP_PARENT" ] && PREEXISTING+=("$m$CGROUP_PARENT"); done
    NETNS_BEFORE=$(ls /run/netns 2>/dev/null | sort || true)
    IP_FORWARD=$(cat /proc/sys/net/ipv4/ip_forward)
    WORK=$(mktemp -d "/tmp/hako-bench-$TAG.XXXXXX")
    OUT=$WORK/out
    mkdir -p "$OUT"
    declare -gA SOCK=([hako]=$WORK/hako/state/hako.sock [ctrd]=$WORK/ctrd/state/containerd.sock)
    declare -gA RUNC_ROOT=([hako]=$WORK/hako/state/runc [ctrd]=$WORK/ctrd/runc/k8s.io)
    CTR=(ctr --address "${SOCK[ctrd]}" -n k8s.io)
}

# crictl_of TOOL ARGS...: the kit's crictl against TOOL's socket (runtime and image endpoint).
crictl_of() {
    local tool=$1
    shift
    "$CRICTL" --config "$WORK/crictl.yaml" --runtime-endpoint "unix://${SOCK[$tool]}" \
        --image-endpoint "unix://${SOCK[$tool]}" --timeout 60s "$@"
}

# ---- the kit's mirror --------------------------------------------------------------------------
# mirror_start: starts the kit's mirror unless it runs (it is left running: others use it) and keeps
# the TOML it prints (hako's [registries."HOST"] mirrors) in $WORK/mirror.toml.
mirror_start() {
    if "$CRITEST_KIT/mirror.sh" status >/dev/null 2>&1; then MIRROR_WAS_RUNNING=1; else MIRROR_WAS_RUNNING=0; fi
    "$CRITEST_KIT/mirror.sh" start >"$WORK/mirror.toml" 2>"$OUT/mirror.log" ||
        { cat "$OUT/mirror.log" >&2; die "$CRITEST_KIT/mirror.sh start failed"; }
    [ "$MIRROR_WAS_RUNNING" -eq 1 ] || log "started the kit's image mirror ($("$CRITEST_KIT/mirror.sh" status)); it is left running"
    # HOST URL per line, from the [registries."HOST"] tables and their mirrors lists.
    MIRRORS=$(awk '/^\[registries\."/ { split($0, a, "\""); host = a[2] }
                   /^mirrors *= *\[/ { split($0, b, "\""); if (host != "") print host, b[2]; host = "" }' "$WORK/mirror.toml")
    [ -n "$MIRRORS" ] || die "mirror.sh printed no mirrors: $(cat "$WORK/mirror.toml")"
    local url
    url=$(awk 'NR == 1 { print $2 }' <<<"$MIRRORS")
    curl -sf -o /dev/null "$url/v2/" || die "the mirror does not answer on $url"
    MIRROR_URL=$url
}

# ---- the daemons -------------------------------------------------------------------------------
write_conflist() { # TOOL DIR
    local tool=$1 dir=$2
    mkdir -p "$dir"
    cat >"$dir/10-bench.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "${NETNAME[$tool]}",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${BRIDGE[$tool]}",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$WORK/ipam-$tool",
        "ranges": [[{ "subnet": "${SUBNET[$tool]}" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    {
      "type": "portmap",
      "capabilities": { "portMappings": true }
    }
  ]
}
EOF
}

start_hakod() {
    mkdir -p "$WORK/hako/root" "$WORK/hako/state"
    write_conflist hako "$WORK/hako-net.d"
    {
        cat <<EOF
[runtime]
default_handler = "runc"
cgroup_parent = "$CGROUP_PARENT"

[cni]
conf_dir = "$WORK/hako-net.d"
bin_dirs = ["/usr/lib/cni"]

EOF
        grep -v '^#' "$WORK/mirror.toml"
    } >"$WORK/hako/hako.toml"
    # As scripts/hakod-service.sh starts it (a session of its own, output appended, no stdin). A
    # restart on the same directories (restart_hakod) logs to a file of its own.
    HAKOD_STARTS=$((${HAKOD_STARTS:-0} + 1))
    HAKOD_LOG=$WORK/hako/hakod.log
    [ "$HAKOD_STARTS" -eq 1 ] || HAKOD_LOG=$WORK/hako/hakod-$HAKOD_STARTS.log
    setsid "$HAKOD" --config "$WORK/hako/hako.toml" --root "$WORK/hako/root" --state "$WORK/hako/state" \
        --socket "${SOCK[hako]}" >>"$HAKOD_LOG" 2>&1 </dev/null &
    HAKOD_PID=$!
    wait_for_log "$HAKOD_PID" "$HAKOD_LOG" "serving on" 60
}

# daemon_check TOOL: whether the tool's daemon still runs; when not, reaps it and sets DAEMON_EXIT
# to "exit status N" (with the signal's name). Not in a subshell: only this shell can reap it.
daemon_check() {
    local pid rc
    DAEMON_EXIT=
    pid=$([ "$1" = hako ] && echo "$HAKOD_PID" || echo "$CTRD_PID")
    [ -n "$pid" ] || { DAEMON_EXIT="not started"; return 1; }
    if kill -0 "$pid" 2>/dev/null && ! awk '{ sub(/^.*\) /, ""); exit $1 != "Z" }' "/proc/$pid/stat" 2>/dev/null; then
        return 0
    fi
    rc=0
    wait "$pid" 2>/dev/null || rc=$?
    if [ "$rc" -gt 128 ]; then
        DAEMON_EXIT="exit status $rc (SIG$(kill -l $((rc - 128)) 2>/dev/null || echo "?"))"
    else
        DAEMON_EXIT="exit status $rc"
    fi
    return 1
}

# restart_daemon TOOL: starts the tool's daemon again on the same directories, as a service manager
# would after it died.
restart_daemon() {
    if [ "$1" = hako ]; then
        start_hakod
    else
        CTRD_STARTS=$((${CTRD_STARTS:-1} + 1))
        run_containerd "$WORK/ctrd/containerd-$CTRD_STARTS.log"
    fi
}

start_containerd() {
    mkdir -p "$WORK/ctrd/root" "$WORK/ctrd/state" "$WORK/ctrd/runc"
    write_conflist ctrd "$WORK/ctrd-net.d"
    local host url mirrors=""
    while read -r host url; do
        mirrors+="    [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"$host\"]
      endpoint = [\"$url\"]
"
    done <<<"$MIRRORS"
    # Keys as `containerd config default` of 1.6 prints them; see bench/pods/run.sh for the reasons.
    cat >"$WORK/ctrd/config.toml" <<EOF
version = 2
disabled_plugins = [
  "io.containerd.internal.v1.opt",
  "io.containerd.internal.v1.tracing",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.native",
]
[ttrpc]
  address = "${SOCK[ctrd]}.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$CTRD_SANDBOX_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  disable_tcp_service = true
  enable_selinux = false
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$WORK/ctrd-net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$WORK/ctrd/runc"
  [plugins."io.containerd.grpc.v1.cri".registry]
    [plugins."io.containerd.grpc.v1.cri".registry.mirrors]
$mirrors
EOF
    run_containerd "$WORK/ctrd/containerd.log"
}

# cgroup_make PATH: the cgroup in every hierarchy, cpuset's cpus and mems (empty in a new cpuset
# cgroup, where no process may join then) copied from the root down.
cgroup_make() {
    local m p part
    for m in $CGROUP_MOUNTS; do
        mkdir -p "$m$1"
        [ -f "$m/cpuset.cpus" ] || continue
        p=
        for part in ${1//\// }; do
            p+=/$part
            [ -n "$(cat "$m$p/cpuset.cpus")" ] || cat "$m/cpuset.cpus" >"$m$p/cpuset.cpus"
            [ -n "$(cat "$m$p/cpuset.mems")" ] || cat "$m/cpuset.mems" >"$m$p/cpuset.mems"
        done
    done
}

# run_containerd LOG: containerd, and all it starts (shims, runc), in the cgroup $CGROUP_PARENT/containerd
# of every hierarchy, entered before exec. A pod cgroup_parent that ends in ".slice" (critest's
# /test.slice, sent to a runtime without RuntimeConfig) becomes "test.slice:cri-containerd:ID", a
# systemd-style name that runc (cgroupfs) takes relative to its own cgroup: so it lands under this
# script's parent, not under the cgroups this script was started in (the machine's own).
run_containerd() {
    local procs="" m
    cgroup_make "$CGROUP_PARENT/containerd"
    for m in $CGROUP_MOUNTS; do procs+=" $m$CGROUP_PARENT/containerd/cgroup.procs"; done
    sh -c 'for f in '"$procs"'; do echo $$ >"$f" || exit 1; done; exec "$0" "$@"' \
        containerd --config "$WORK/ctrd/config.toml" --root "$WORK/ctrd/root" --state "$WORK/ctrd/state" \
        --address "${SOCK[ctrd]}" >"$1" 2>&1 </dev/null &
    CTRD_PID=$!
    wait_for_log "$CTRD_PID" "$1" "containerd successfully booted" 60
    grep -q "memory:$CGROUP_PARENT/containerd\$" "/proc/$CTRD_PID/cgroup" ||
        die "containerd is not in the cgroup $CGROUP_PARENT/containerd: $(tr '\n' ' ' <"/proc/$CTRD_PID/cgroup")"
}

# start_daemons: a private copy of the build (retried while build/ is being rebuilt), both daemons,
# and a crictl config of nobody's (crictl would read /etc/crictl.yaml otherwise).
start_daemons() {
    local try
    for try in 1 2 3; do
        rm -rf "$WORK/hako-build"
        # In a subshell, so that a failed copy (die) can be retried; the copy stays on disk.
        if HAKO_VERSION=$(copy_hako_build "$WORK/hako-build" && printf '%s' "$HAKO_VERSION"); then break; fi
        [ "$try" -eq 3 ] && die "no usable copy of build/ after 3 tries"
        log "build/ did not copy cleanly (being rebuilt?): trying again in 60 s"
        sleep 60
    done
    HAKO=$WORK/hako-build/bin/hako
    HAKOD=$WORK/hako-build/bin/hakod
    : >"$WORK/crictl.yaml"
    start_hakod
    start_containerd
    local tool
    for tool in "${TOOLS[@]}"; do
        crictl_of "$tool" version >"$OUT/version-$tool.txt" 2>&1 ||
            { cat "$OUT/version-$tool.txt" >&2; die "${LABEL[$tool]} does not answer CRI Version"; }
    done
}

# cri_version TOOL: "NAME VERSION (CRI API)" from crictl version.
cri_version() {
    awk '/^RuntimeName:/ { n = $2 } /^RuntimeVersion:/ { v = $2 } /^RuntimeApiVersion:/ { a = $2 }
         END { print n " " v " (" a ")" }' "$OUT/version-$1.txt"
}

# ---- cleanup -----------------------------------------------------------------------------------
# Processes of this run that outlive a request: monitors (conmon, containerd-shim), runc.
monitor_procs() {
    ps -eo pid=,comm=,args= | awk -v w="$WORK/" '
        ($2 == "conmon" || $2 ~ /^containerd-shim/ || $2 == "runc") && index($0, w) { print $1 }'
}
# Processes inside a namespace pinned under $WORK (pods' pause and container processes of both).
pinned_ns_procs() {
    local inodes p link
    inodes=$(awk -v w="$WORK/" '$3 == "nsfs" && index($2, w) == 1 { print $2 }' /proc/mounts |
        while read -r m; do stat -L -c '%i' "$m" 2>/dev/null; done | sort -u)
    [ -n "$inodes" ] || return 0
    for p in /proc/[0-9]*; do
        for link in net pid ipc uts; do
            link=$(readlink "$p/ns/$link" 2>/dev/null) || continue
            link=${link##*[}
            if grep -qxF "${link%]}" <<<"$inodes"; then echo "${p#/proc/}"; break; fi
        done
    done
}

daemons_cleanup() {
    local tool pid p m
    set +e
    for pid in "${CLIENT_SESSIONS[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        log "stopping the client still running (session $pid)"
        kill -TERM -- "-$pid" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null
    done
    if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
        # Pods first, through the CRI as an operator would remove them.
        for tool in "${TOOLS[@]}"; do
            [ -S "${SOCK[$tool]}" ] || continue
            pid=$([ "$tool" = hako ] && echo "$HAKOD_PID" || echo "$CTRD_PID")
            [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || continue
            if [ -n "$(crictl_of "$tool" --timeout 10s pods -q 2>/dev/null)" ]; then
                log "removing ${LABEL[$tool]}'s pods (crictl rmp -fa)"
                crictl_of "$tool" rmp -fa >>"$OUT/cleanup.log" 2>&1 || log "crictl rmp -fa failed for ${LABEL[$tool]}: $(tail -2 "$OUT/cleanup.log")"
            fi
        done
        stop_process "$HAKOD_PID"
        stop_process "$CTRD_PID"
        runc_remove_all "${RUNC_ROOT[hako]}"
        runc_remove_all "${RUNC_ROOT[ctrd]}"
        sleep 0.5
        for pid in $(monitor_procs) $(pinned_ns_procs); do
            log "stopping leftover process $pid: $(ps -o args= -p "$pid" | cut -c1-120)"
            kill -KILL "$pid" 2>/dev/null
        done
        unmount_under "$WORK"
        # The bridge plugin's masquerading rules, when a pod's CNI DEL never came (a daemon killed).
        local rule chain
        for tool in "${TOOLS[@]}"; do
            iptables -t nat -S POSTROUTING 2>/dev/null | grep -F "name: \\\"${NETNAME[$tool]}\\\"" | while read -r rule; do
                chain=$(awk '{ for (i = 1; i < NF; i++) if ($i == "-j") print $(i + 1) }' <<<"$rule")
                log "removing leftover NAT rule of ${NETNAME[$tool]}: $rule"
                eval "iptables -t nat ${rule/-A POSTROUTING/-D POSTROUTING}"
                if [[ "$chain" == CNI-* ]]; then
                    iptables -t nat -F "$chain" 2>/dev/null
                    iptables -t nat -X "$chain" 2>/dev/null
                fi
            done
        done
        for tool in "${TOOLS[@]}"; do
            ip link show "${BRIDGE[$tool]}" >/dev/null 2>&1 && { ip link del "${BRIDGE[$tool]}" || log "cannot delete ${BRIDGE[$tool]}"; }
        done
        for p in $(ls /run/netns 2>/dev/null); do
            grep -qxF "$p" <<<"$NETNS_BEFORE" && continue
            if ip netns exec "$p" ip -4 -o addr 2>/dev/null | grep -q -e " ${PREFIX[hako]}" -e " ${PREFIX[ctrd]}"; then
                log "removing leftover network namespace /run/netns/$p"
                umount "/run/netns/$p" 2>/dev/null || umount -l "/run/netns/$p"
                rm -f "/run/netns/$p"
            fi
        done
        if [ "$(cat /proc/sys/net/ipv4/ip_forward)" != "$IP_FORWARD" ]; then
            log "restoring net.ipv4.ip_forward=$IP_FORWARD (the bridge plugin's isGateway set it)"
            echo "$IP_FORWARD" >/proc/sys/net/ipv4/ip_forward
        fi
        if [ -n "$KEEP_LOGS" ]; then
            mkdir -p "$KEEP_LOGS"
            cp -r "$OUT" "$KEEP_LOGS/" 2>/dev/null
            cp "$WORK"/hako/hakod*.log "$WORK"/ctrd/containerd*.log "$WORK"/hako/hako.toml "$WORK"/ctrd/config.toml \
                "$KEEP_LOGS/" 2>/dev/null
            cp "$WORK"/hako-net.d/10-bench.conflist "$KEEP_LOGS/hako.conflist" 2>/dev/null
            cp "$WORK"/ctrd-net.d/10-bench.conflist "$KEEP_LOGS/containerd.conflist" 2>/dev/null
            log "logs kept in $KEEP_LOGS"
        fi
        rm -rf "$WORK"
    fi
    for m in ${CGROUP_MOUNTS:-}; do
        p=$m$CGROUP_PARENT
        [ -d "$p" ] && ! preexisting "$p" && find "$p" -depth -type d -exec rmdir {} \; 2>/dev/null
        [ -d "$p" ] && ! preexisting "$p" && log "cgroup $p is not empty: left in place"
    done
    for p in "${OUTSIDE_PATHS[@]}"; do
        if [ -d "$p" ] && ! preexisting "$p"; then
            find "$p" -depth -type d -empty -delete 2>/dev/null
            [ -e "$p" ] && log "$p was made by this run and is not empty: left in place"
        fi
    done
    return 0
}
