#!/usr/bin/env bash
# The pod start benchmark: hako against containerd with its CRI plugin, both driven through the CRI
# v1 (runtime.v1) by the same long-lived client, side by side in one run.
#
# One Java client (bench/pods/CriBench.java, a coprocess) holds one gRPC connection to each daemon
# and sends both the same requests, as a kubelet would. Per pod it times
#   start      RunPodSandbox → CreateContainer (busybox, `sleep 3600`) → StartContainer → ContainerStatus
#              polled until CONTAINER_RUNNING
#   teardown   StopContainer (timeout 0) → RemoveContainer → StopPodSandbox → RemovePodSandbox
# with a fresh pod name and UID per pod: N pods one after another (the tools interleaved, rotating which
# goes first), then R rounds of C pods at once per tool (each pod's latency and the batch's wall time).
# Between steps the script waits, untimed, until the tool has no monitor, shim or runtime process
# left. Then resident memory: each daemon idle (after start and one warm-up pod) and with M pods
# running (hakod + its conmons; containerd + its shims + its pause processes).
#
# Both daemons are private instances on temporary directories and sockets: hakod with a hako.toml of
# its own ([cni] conf_dir, bin_dirs; runtime handler runc), containerd 1.6 (Debian) with the CRI plugin
# (runc shim v2, overlayfs, cgroupfs, a pause image built here from Debian's static catatonit). Each gets
# the same CNI conflist shape (bridge + host-local + portmap, hako's default network) with its own
# bridge, /24 subnet and host-local store; pods of both go under the same cgroup parent. Everything
# the run made (daemons, pods, bridges, NAT rules, mounts, cgroups, directories) is removed on exit.
# Prints the tables and writes the "Pod start (CRI)" section of bench/RESULTS.md.
#
# usage: bench/pods/run.sh [-n N] [-c C] [-r R] [--running M] [--warmup W] [--seccomp]
#                          [--no-results] [--keep-logs DIR]
#   -n N         sequential pods per tool (default 20)
#   -c C         pods per concurrent batch (default 10)
#   -r R         concurrent batches per tool (default 5)
#   --running M  pods running for the memory measurement (default 10)
#   --warmup W   untimed pods per tool first (default 3), and one untimed batch per tool
#   --seccomp    containers ask for the runtime's default seccomp profile (RuntimeDefault); without
#                it they send none, as the kubelet does by default, and both runtimes apply none
#   --keep-logs DIR  copy the daemons' logs and the client's output to DIR
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

SEQ=20
CONC=10
ROUNDS=5
RUNNING=10
WARMUP=3
SECCOMP=0
WRITE_RESULTS=1
KEEP_LOGS=
COMMAND_LINE="bench/pods/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        -n|--iterations) SEQ=$2; shift 2 ;;
        -c|--concurrency) CONC=$2; shift 2 ;;
        -r|--rounds) ROUNDS=$2; shift 2 ;;
        --running) RUNNING=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --seccomp) SECCOMP=1; shift ;;
        --no-results) WRITE_RESULTS=0; shift ;;
        --keep-logs) KEEP_LOGS=$(realpath -m "$2"); shift 2 ;;
        -h|--help) sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
for v in SEQ CONC ROUNDS RUNNING WARMUP; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v wants a positive number, not ${!v}"
done

need_root
ensure_packages containerd:containerd ctr:containerd runc:runc conmon:conmon jq:jq ip:iproute2 \
    iptables:iptables /usr/lib/cni/bridge:containernetworking-plugins catatonit:catatonit \
    /bin/busybox:busybox-static
ldd /bin/busybox >/dev/null 2>&1 && die "/bin/busybox is dynamically linked: the image needs busybox-static (apt-get install busybox-static)"
CATATONIT=$(command -v catatonit)
ldd "$CATATONIT" >/dev/null 2>&1 && die "$CATATONIT is dynamically linked: it cannot be the only file of the pause image"
for p in bridge host-local portmap loopback; do
    [ -x "/usr/lib/cni/$p" ] || die "/usr/lib/cni/$p is missing (apt-get install containernetworking-plugins)"
done
ensure_hako_built

TOOLS=(hako ctrd)
declare -A LABEL=([hako]=hako [ctrd]=containerd)
# Each tool's own network: bridge, subnet, network name (the host-local store and NAT rules are named after it).
declare -A BRIDGE=([hako]=hkb-h0 [ctrd]=hkb-c0)
declare -A SUBNET=([hako]=10.201.0.0/24 [ctrd]=10.202.0.0/24)
declare -A PREFIX=([hako]=10.201.0. [ctrd]=10.202.0.)
declare -A NETNAME=([hako]=hako-bench-pods-h [ctrd]=hako-bench-pods-c)
CGROUP_PARENT=/hako-bench-pods
PAUSE_IMAGE=localhost/pause:bench
CTR_IMAGE=docker.io/library/busybox:latest

for tool in "${TOOLS[@]}"; do
    ip link show "${BRIDGE[$tool]}" >/dev/null 2>&1 &&
        die "a link ${BRIDGE[$tool]} exists already (another run of this benchmark?): remove it or wait"
    ip -4 route show | grep -q "^${SUBNET[$tool]%/*}" &&
        die "the subnet ${SUBNET[$tool]} is routed already (another run of this benchmark?)"
done

# Paths in the machine's own state that containerd creates outside its --root/--state (its shims'
# sockets; the network namespace directory, if it were used) and the cgroup parent: removed at the
# end when this run created them.
OUTSIDE_PATHS=(/run/containerd /run/netns)
CGROUP_MOUNTS=$(awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/mounts)
PREEXISTING=()
for p in "${OUTSIDE_PATHS[@]}"; do [ -e "$p" ] && PREEXISTING+=("$p"); done
for m in $CGROUP_MOUNTS; do [ -e "$m$CGROUP_PARENT" ] && PREEXISTING+=("$m$CGROUP_PARENT"); done
NETNS_BEFORE=$(ls /run/netns 2>/dev/null | sort || true)
IP_FORWARD=$(cat /proc/sys/net/ipv4/ip_forward)

WORK=$(mktemp -d /tmp/hako-bench-pods.XXXXXX)
OUT=$WORK/out
mkdir -p "$OUT"
HAKOD_PID=
CTRD_PID=
CLIENT_JPID=
HAKO=$WORK/hako-build/bin/hako
HAKOD=$WORK/hako-build/bin/hakod
export HAKO_SOCKET=$WORK/hako/state/hako.sock
CTRD_SOCK=$WORK/ctrd/state/containerd.sock
CTR=(ctr --address "$CTRD_SOCK" -n k8s.io)
declare -A RUNC_ROOT=([hako]=$WORK/hako/state/runc [ctrd]=$WORK/ctrd/runc/k8s.io)

# Every process of a tool that outlives a request: monitors, shims, runtimes, pause processes.
tool_procs() {
    ps -eo pid=,ppid=,comm=,args= | awk -v tool="$1" -v hk="$WORK/hako/" -v cs="$WORK/ctrd/" '
        { comm[$1] = $3; line[$1] = $0; parent[$1] = $2 }
        END {
            for (p in comm) {
                if (tool == "hako" && (comm[p] == "conmon" || comm[p] == "runc") && index(line[p], hk)) print p
                if (tool == "ctrd" && (comm[p] ~ /^containerd-shim/ || comm[p] == "runc") && index(line[p], cs)) print p
                if (tool == "ctrd" && comm[p] == "catatonit" && comm[parent[p]] ~ /^containerd-shim/ && index(line[parent[p]], cs)) print p
            }
        }'
}


# nat_cleanup: the bridge plugin's masquerading rules for this run's networks, when a pod's CNI DEL
# never came (a daemon killed mid-run). Rules carry the network's name in their comment.
nat_cleanup() {
    local tool rule chain
    for tool in "${TOOLS[@]}"; do
        iptables -t nat -S POSTROUTING 2>/dev/null | grep -F "name: \\\"${NETNAME[$tool]}\\\"" | while read -r rule; do
            chain=$(awk '{ for (i = 1; i < NF; i++) if ($i == "-j") print $(i + 1) }' <<<"$rule")
            log "removing leftover NAT rule of ${NETNAME[$tool]}: $rule"
            eval "iptables -t nat ${rule/-A POSTROUTING/-D POSTROUTING}" || true
            if [[ "$chain" == CNI-* ]]; then
                iptables -t nat -F "$chain" 2>/dev/null || true
                iptables -t nat -X "$chain" 2>/dev/null || true
            fi
        done
    done
}

cleanup() {
    local rc=$? pid tool p m n
    trap - EXIT INT TERM
    set +e
    if [ -n "$CLIENT_JPID" ] && kill -0 "$CLIENT_JPID" 2>/dev/null; then
        # End of input: the client tears down the pods it left up, then exits.
        eval "exec $CLIENT_IN>&-" 2>/dev/null
        for _ in $(seq 1 300); do kill -0 "$CLIENT_JPID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$CLIENT_JPID" 2>/dev/null
    fi
    stop_process "$HAKOD_PID"
    stop_process "$CTRD_PID"
    # Whatever the client could not remove: containers first (their monitors then exit), then monitors.
    runc_remove_all "${RUNC_ROOT[hako]}"
    runc_remove_all "${RUNC_ROOT[ctrd]}"
    sleep 0.5
    for tool in "${TOOLS[@]}"; do
        for pid in $(tool_procs "$tool"); do
            log "stopping leftover $tool process $pid: $(ps -o args= -p "$pid" | cut -c1-120)"
            kill -KILL "$pid" 2>/dev/null || true
        done
    done
    unmount_under "$WORK"
    nat_cleanup
    for tool in "${TOOLS[@]}"; do
        ip link show "${BRIDGE[$tool]}" >/dev/null 2>&1 && { ip link del "${BRIDGE[$tool]}" || log "cannot delete ${BRIDGE[$tool]}"; }
    done
    # Network namespaces containerd would pin under /run/netns (this run keeps them under its state
    # directory: netns_mounts_under_state_dir): only names that were not there before and that hold
    # one of this run's addresses.
    for n in $(ls /run/netns 2>/dev/null); do
        grep -qxF "$n" <<<"$NETNS_BEFORE" && continue
        if ip netns exec "$n" ip -4 -o addr 2>/dev/null | grep -q -e " ${PREFIX[hako]}" -e " ${PREFIX[ctrd]}"; then
            log "removing leftover network namespace /run/netns/$n"
            umount "/run/netns/$n" 2>/dev/null || umount -l "/run/netns/$n"
            rm -f "/run/netns/$n"
        fi
    done
    if [ "$(cat /proc/sys/net/ipv4/ip_forward)" != "$IP_FORWARD" ]; then
        log "restoring net.ipv4.ip_forward=$IP_FORWARD (the bridge plugin's isGateway set it)"
        echo "$IP_FORWARD" >/proc/sys/net/ipv4/ip_forward
    fi
    if [ -n "$KEEP_LOGS" ]; then
        mkdir -p "$KEEP_LOGS"
        cp -r "$OUT" "$KEEP_LOGS/" 2>/dev/null || true
        cp "$WORK"/hako/hakod.log "$WORK"/ctrd/containerd.log "$WORK"/hako/hako.toml "$WORK"/ctrd/config.toml \
            "$WORK"/hako-net.d/*.conflist "$KEEP_LOGS/" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    for m in $CGROUP_MOUNTS; do
        p=$m$CGROUP_PARENT
        [ -d "$p" ] && ! preexisting "$p" && find "$p" -depth -type d -exec rmdir {} \; 2>/dev/null
        [ -d "$p" ] && ! preexisting "$p" && log "cgroup $p is not empty: left in place"
    done
    for p in "${OUTSIDE_PATHS[@]}"; do
        if [ -d "$p" ] && ! preexisting "$p"; then
            find "$p" -depth -type d -empty -delete 2>/dev/null || true
            [ -e "$p" ] && log "$p was made by this run and is not empty: left in place"
        fi
    done
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the tools ---------------------------------------------------------------------------------
# A private copy of the build: the lead may rebuild build/ while this runs.
copy_hako_build "$WORK/hako-build"

# The same conflist for both (hako's default network: bridge with host-local addresses, masquerading
# and portmap), each with its own bridge, subnet, name and host-local store.
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
    cat >"$WORK/hako/hako.toml" <<EOF
[runtime]
default_handler = "runc"
cgroup_parent = "$CGROUP_PARENT"

[cni]
conf_dir = "$WORK/hako-net.d"
bin_dirs = ["/usr/lib/cni"]
EOF
    "$HAKOD" --config "$WORK/hako/hako.toml" --root "$WORK/hako/root" --state "$WORK/hako/state" \
        --socket "$HAKO_SOCKET" >"$WORK/hako/hakod.log" 2>&1 &
    HAKOD_PID=$!
    wait_for_log "$HAKOD_PID" "$WORK/hako/hakod.log" "serving on" 60
}

start_containerd() {
    mkdir -p "$WORK/ctrd/root" "$WORK/ctrd/state" "$WORK/ctrd/runc"
    write_conflist ctrd "$WORK/ctrd-net.d"
    # The CRI plugin (keys as `containerd config default` of 1.6 prints them), with what ctr's
    # benchmark (bench/run) also keeps; no other snapshotters, no debug or metrics listeners.
    # restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, and the pause container's default
    # oom_score_adj (-998) would make runc fail; with it, containerd caps the value at its own (0).
    # netns_mounts_under_state_dir: pods' network namespaces pinned under the state directory, not
    # the machine's /run/netns.
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
  address = "$CTRD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
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
EOF
    containerd --config "$WORK/ctrd/config.toml" --root "$WORK/ctrd/root" --state "$WORK/ctrd/state" \
        --address "$CTRD_SOCK" >"$WORK/ctrd/containerd.log" 2>&1 &
    CTRD_PID=$!
    wait_for_log "$CTRD_PID" "$WORK/ctrd/containerd.log" "containerd successfully booted" 60
}

# ctr_import ARCHIVE NAME: imports an OCI archive (saved by hako) into containerd's k8s.io namespace,
# where the CRI plugin finds its images, and checks that containerd unpacked it under NAME.
ctr_import() {
    local archive=$1 name=$2 log=$OUT/ctr-import-${2//[\/:]/_}.log
    "${CTR[@]}" images import "$archive" >"$log" 2>&1 || { cat "$log" >&2; die "ctr images import $archive failed"; }
    grep -q '^unpacking .*done' "$log" || die "ctr did not unpack $archive: $(cat "$log")"
    "${CTR[@]}" images ls -q | grep -qxF "$name" || die "containerd has no image $name after importing $archive: $("${CTR[@]}" images ls -q | tr '\n' ' ')"
}

prepare_images() {
    mkdir -p "$WORK/image/pause/bin"
    # busybox: hako's test image, with the PATH a real busybox image carries.
    "$REPO_DIR/scripts/busybox-rootfs.sh" "$WORK/image/busybox.tar"
    "$HAKO" image import -c 'CMD ["sh"]' -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "$WORK/image/busybox.tar" busybox:latest >"$OUT/import.log" 2>&1 ||
        { cat "$OUT/import.log" >&2; die "hako image import busybox failed"; }
    "$HAKO" save -o "$WORK/image/busybox-oci.tar" busybox:latest
    # pause: Debian's static catatonit in pause mode (-P), as the only file; hako's own choice when a
    # pod needs a pause process (a shared PID namespace). Imported into hako only to save it.
    cp "$CATATONIT" "$WORK/image/pause/bin/catatonit"
    tar --numeric-owner --owner=0 --group=0 --sort=name -C "$WORK/image/pause" -cf "$WORK/image/pause.tar" .
    "$HAKO" image import -c 'ENTRYPOINT ["/bin/catatonit", "-P"]' "$WORK/image/pause.tar" "$PAUSE_IMAGE" >>"$OUT/import.log" 2>&1 ||
        { cat "$OUT/import.log" >&2; die "hako image import pause failed"; }
    "$HAKO" save -o "$WORK/image/pause-oci.tar" "$PAUSE_IMAGE"
    ctr_import "$WORK/image/busybox-oci.tar" "$CTR_IMAGE"
    ctr_import "$WORK/image/pause-oci.tar" "$PAUSE_IMAGE"
    IMAGE_SIZE=$(stat -c %s "$WORK/image/busybox.tar")
}

# The CRI client (bench/pods/CriBench.java) as a coprocess: one request line in, one answer line out.
start_client() {
    local sec=()
    [ "$SECCOMP" -eq 1 ] && sec=(--seccomp runtime-default)
    coproc CLIENT { exec /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow \
        -cp "$WORK/hako-build/build/hakod/lib/*" "$BENCH_DIR/pods/CriBench.java" \
        --runtime "hako=$HAKO_SOCKET" --runtime "ctrd=$CTRD_SOCK" \
        --subnet "hako=${PREFIX[hako]}" --subnet "ctrd=${PREFIX[ctrd]}" \
        --cgroup-parent "$CGROUP_PARENT" --log-dir "$WORK/logs" "${sec[@]}" 2>>"$OUT/client.err"; }
    CLIENT_JPID=$CLIENT_PID
    CLIENT_IN=${CLIENT[1]}
}
# request LINE: sends it, reads the answer into ANSWER; dies on an error answer.
request() {
    echo "$1" >&"${CLIENT[1]}"
    IFS= read -r ANSWER <&"${CLIENT[0]}" || die "the CRI client ended: $(tail -5 "$OUT/client.err")"
    case $ANSWER in
        ok|"ok "*) ANSWER=${ANSWER#ok}; ANSWER=${ANSWER# } ;;
        *) echo "$1: $ANSWER" >>"$OUT/errors"; die "$1: $ANSWER" ;;
    esac
}

# quiesce TOOL: waits until none of the tool's monitors, shims, runtimes or pause processes is left (untimed).
declare -A LINGER_MAX=([hako]=0 [ctrd]=0)
quiesce() {
    local tool=$1 t0 waited
    t0=$EPOCHREALTIME
    for _ in $(seq 1 500); do
        [ -z "$(tool_procs "$tool")" ] && break
        sleep 0.02
    done
    [ -z "$(tool_procs "$tool")" ] || die "$tool: processes still running 10 s after its pods were removed: $(tool_procs "$tool" | tr '\n' ' ')"
    waited=$(us_between "$t0" "$EPOCHREALTIME")
    [ "$waited" -gt "${LINGER_MAX[$tool]}" ] && LINGER_MAX[$tool]=$waited
    return 0
}

# order I: the tools, rotated by I so that each goes first equally often.
order() {
    local i=$(( $1 % ${#TOOLS[@]} ))
    echo "${TOOLS[@]:i} ${TOOLS[@]:0:i}"
}

# ---- memory and CPU ----------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
# procs_of TOOL KIND: monitors (conmon, containerd-shim) or pause processes (containerd's catatonit).
procs_of() {
    ps -eo pid=,ppid=,comm=,args= | awk -v tool="$1" -v kind="$2" -v hk="$WORK/hako/" -v cs="$WORK/ctrd/" '
        { comm[$1] = $3; line[$1] = $0; parent[$1] = $2 }
        END {
            for (p in comm) {
                if (kind == "mon" && tool == "hako" && comm[p] == "conmon" && index(line[p], hk)) print p
                if (kind == "mon" && tool == "ctrd" && comm[p] ~ /^containerd-shim/ && index(line[p], cs)) print p
                if (kind == "pause" && comm[p] == "catatonit" && index(line[parent[p]], tool == "hako" ? hk : cs)) print p
            }
        }'
}
cgroup_count() { # TOOL: cgroups under the parent in the memory hierarchy
    local m
    m=$(awk '$3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/ { print $2; exit }' /proc/mounts)
    find "$m$CGROUP_PARENT" -mindepth 1 -type d 2>/dev/null | wc -l
}

# ---- the run -----------------------------------------------------------------------------------
log "preparing: hakod and containerd (CRI), the busybox and pause images"
start_hakod
start_containerd
prepare_images
start_client
declare -A VERSION IMAGE_ID
for tool in "${TOOLS[@]}"; do
    request "version $tool"; VERSION[$tool]=$ANSWER
    request "image $tool $([ "$tool" = hako ] && echo busybox:latest || echo "$CTR_IMAGE")"; IMAGE_ID[$tool]=$ANSWER
done
[ "${IMAGE_ID[hako]}" = "${IMAGE_ID[ctrd]}" ] || die "the images differ: hako ${IMAGE_ID[hako]}, containerd ${IMAGE_ID[ctrd]}"
log "CRI: hako (${VERSION[hako]}), containerd (${VERSION[ctrd]}); image ${IMAGE_ID[hako]} in both"

# Warm-up: one pod per tool, the idle memory, then W-1 more pods and one batch per tool.
for tool in "${TOOLS[@]}"; do request "pod $tool warm-0"; quiesce "$tool"; done
[ -n "$(ls /run/netns 2>/dev/null | grep -vxF "$NETNS_BEFORE" || true)" ] && log "note: new entries in /run/netns: $(ls /run/netns)"
sleep 1
declare -A IDLE IDLE_PSS AFTER
IDLE[hako]=$(rss "$HAKOD_PID"); IDLE_PSS[hako]=$(pss_kib "$HAKOD_PID")
IDLE[ctrd]=$(rss "$CTRD_PID"); IDLE_PSS[ctrd]=$(pss_kib "$CTRD_PID")
log "idle after one pod: hakod $(mib "${IDLE[hako]}") MiB, containerd $(mib "${IDLE[ctrd]}") MiB (VmRSS)"
for w in $(seq 2 "$WARMUP"); do
    for tool in $(order "$w"); do request "pod $tool warm-$w"; quiesce "$tool"; done
done
for tool in "${TOOLS[@]}"; do request "batch $tool $CONC warm-b"; quiesce "$tool"; done

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# Values in milliseconds.
ms() { awk -v s="$1" 'BEGIN { printf "%.3f", s * 1000 }'; }
declare -A S_START S_TEAR S_RPS S_CREATE S_STARTC S_RUNNING S_POLLS S_STATUS C_START C_TEAR B_START B_TEAR
log "sequential: $SEQ pods per tool"
CPU0_hako=$(cpu_ticks "$HAKOD_PID"); CPU0_ctrd=$(cpu_ticks "$CTRD_PID")
for i in $(seq 1 "$SEQ"); do
    for tool in $(order "$i"); do
        request "pod $tool seq-$i"
        read -r start rps create startc running polls tear ip status <<<"$ANSWER"
        S_START[$tool]+=" $(ms "$start")"; S_TEAR[$tool]+=" $(ms "$tear")"
        S_RPS[$tool]+=" $(ms "$rps")"; S_CREATE[$tool]+=" $(ms "$create")"
        S_STARTC[$tool]+=" $(ms "$startc")"; S_RUNNING[$tool]+=" $(ms "$running")"; S_POLLS[$tool]+=" $polls"; S_STATUS[$tool]+=" $(ms "$status")"
        quiesce "$tool"
    done
    [ $((i % 5)) -eq 0 ] && log "  $i/$SEQ: last hako ${S_START[hako]##* } ms, containerd ${S_START[ctrd]##* } ms"
done
CPU_POD_hako=$(awk -v a="$CPU0_hako" -v b="$(cpu_ticks "$HAKOD_PID")" -v hz="$CLK_TCK" -v n="$SEQ" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz / n }')
CPU_POD_ctrd=$(awk -v a="$CPU0_ctrd" -v b="$(cpu_ticks "$CTRD_PID")" -v hz="$CLK_TCK" -v n="$SEQ" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz / n }')

log "concurrent: $ROUNDS batches of $CONC pods per tool"
for r in $(seq 1 "$ROUNDS"); do
    for tool in $(order "$r"); do
        request "batch $tool $CONC conc-$r"
        read -r wall twall starts tears <<<"$ANSWER"
        B_START[$tool]+=" $(ms "$wall")"; B_TEAR[$tool]+=" $(ms "$twall")"
        for v in ${starts//,/ }; do C_START[$tool]+=" $(ms "$v")"; done
        for v in ${tears//,/ }; do C_TEAR[$tool]+=" $(ms "$v")"; done
        quiesce "$tool"
    done
    log "  batch $r: hako ${B_START[hako]##* } ms, containerd ${B_START[ctrd]##* } ms"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- memory with M pods running ----------------------------------------------------------------
sleep 1
AFTER[hako]=$(rss "$HAKOD_PID"); AFTER[ctrd]=$(rss "$CTRD_PID")
declare -A M_DAEMON M_DAEMON_PSS M_MON M_MON_PSS M_MON_N M_PAUSE M_PAUSE_PSS M_PAUSE_N M_RUNC M_CGROUPS
log "memory: $RUNNING pods running per tool"
for tool in "${TOOLS[@]}"; do
    request "up $tool $RUNNING mem"
    sleep 2
    mons=($(procs_of "$tool" mon)); pauses=($(procs_of "$tool" pause))
    M_MON_N[$tool]=${#mons[@]}; M_MON[$tool]=$(sum_rss "${mons[@]}"); M_MON_PSS[$tool]=$(sum_pss "${mons[@]}")
    M_PAUSE_N[$tool]=${#pauses[@]}; M_PAUSE[$tool]=$(sum_rss "${pauses[@]}"); M_PAUSE_PSS[$tool]=$(sum_pss "${pauses[@]}")
    M_RUNC[$tool]=$(runc --root "${RUNC_ROOT[$tool]}" list -f json 2>/dev/null | jq '[.[]? | select(.status == "running")] | length')
    M_CGROUPS[$tool]=$(cgroup_count)
    case $tool in
        hako) M_DAEMON[hako]=$(rss "$HAKOD_PID"); M_DAEMON_PSS[hako]=$(pss_kib "$HAKOD_PID") ;;
        ctrd) M_DAEMON[ctrd]=$(rss "$CTRD_PID"); M_DAEMON_PSS[ctrd]=$(pss_kib "$CTRD_PID") ;;
    esac
    log "  ${LABEL[$tool]}: daemon $(mib "${M_DAEMON[$tool]}") MiB, ${M_MON_N[$tool]} monitors $(mib "${M_MON[$tool]}") MiB, ${M_PAUSE_N[$tool]} pause $(mib "${M_PAUSE[$tool]}") MiB (VmRSS); ${M_RUNC[$tool]} runc containers running, ${M_CGROUPS[$tool]} cgroups under $CGROUP_PARENT"
    [ "${M_CGROUPS[$tool]}" -gt 0 ] || die "$tool: no cgroup under $CGROUP_PARENT with $RUNNING pods running"
    request "down $tool"
    quiesce "$tool"
done

# ---- report ------------------------------------------------------------------------------------
g() { awk -v v="$1" 'BEGIN { printf "%g", v }'; }
fmt() { awk -v v="$1" 'BEGIN { printf (v >= 100 ? "%.0f" : "%.1f"), v }'; }
stat_cells() { printf '%s | %s' "$(fmt "$(median $1)")" "$(fmt "$(percentile 90 $1)")"; }
ratio_cells() { # PEER_VALUES HAKO_VALUES
    printf '%s | %s' "$(ratio "$(median $1)" "$(median $2)")" "$(ratio "$(percentile 90 $1)" "$(percentile 90 $2)")"
}
row() { # LABEL ARRAY_NAME
    local -n a=$2
    printf '| %s | %s | %s | %s |\n' "$1" "$(stat_cells "${a[hako]}")" "$(stat_cells "${a[ctrd]}")" "$(ratio_cells "${a[ctrd]}" "${a[hako]}")"
}
secs() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1e6 }'; }

table=$(cat <<EOF
Milliseconds, measured in the client (median | p90); ratio containerd / hako (>1: hako is faster):

| scenario | hako median | hako p90 | containerd median | containerd p90 | containerd/hako median | containerd/hako p90 |
|---|---:|---:|---:|---:|---:|---:|
$(row "**pod start, sequential** ($SEQ)" S_START)
$(row "**pod start, concurrent: per pod** ($ROUNDS×$CONC)" C_START)
$(row "**pod start, concurrent: batch of $CONC** ($ROUNDS batches)" B_START)
$(row "teardown, sequential ($SEQ)" S_TEAR)
$(row "teardown, concurrent: per pod ($ROUNDS×$CONC)" C_TEAR)
$(row "teardown, concurrent: batch of $CONC ($ROUNDS batches)" B_TEAR)

Where a sequential pod start goes (medians of each step, ms):

| step | hako | containerd | containerd/hako |
|---|---:|---:|---:|
| RunPodSandbox | $(fmt "$(median ${S_RPS[hako]})") | $(fmt "$(median ${S_RPS[ctrd]})") | $(ratio "$(median ${S_RPS[ctrd]})" "$(median ${S_RPS[hako]})") |
| CreateContainer | $(fmt "$(median ${S_CREATE[hako]})") | $(fmt "$(median ${S_CREATE[ctrd]})") | $(ratio "$(median ${S_CREATE[ctrd]})" "$(median ${S_CREATE[hako]})") |
| StartContainer | $(fmt "$(median ${S_STARTC[hako]})") | $(fmt "$(median ${S_STARTC[ctrd]})") | $(ratio "$(median ${S_STARTC[ctrd]})" "$(median ${S_STARTC[hako]})") |
| ContainerStatus until running | $(fmt "$(median ${S_RUNNING[hako]})") | $(fmt "$(median ${S_RUNNING[ctrd]})") | $(ratio "$(median ${S_RUNNING[ctrd]})" "$(median ${S_RUNNING[hako]})") |
| one ContainerStatus call once running (untimed above: median of 5 per pod) | $(fmt "$(median ${S_STATUS[hako]})") | $(fmt "$(median ${S_STATUS[ctrd]})") | $(ratio "$(median ${S_STATUS[ctrd]})" "$(median ${S_STATUS[hako]})") |
| ContainerStatus calls until running (median, most) | $(g "$(median ${S_POLLS[hako]})"), $(g "$(maximum ${S_POLLS[hako]})") | $(g "$(median ${S_POLLS[ctrd]})"), $(g "$(maximum ${S_POLLS[ctrd]})") | |
EOF
)

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mem_table=$(cat <<EOF
Resident memory (VmRSS from /proc/PID/status; PSS, which shares libraries among processes, in brackets), MiB; and daemon CPU:

| | hako | containerd (CRI) |
|---|---:|---:|
| daemon idle, after start and one pod | hakod $(mib "${IDLE[hako]}") ($(mib "${IDLE_PSS[hako]}")) | containerd $(mib "${IDLE[ctrd]}") ($(mib "${IDLE_PSS[ctrd]}")) |
| daemon idle, after the timed runs above | hakod $(mib "${AFTER[hako]}") | containerd $(mib "${AFTER[ctrd]}") |
| daemon with $RUNNING pods running | hakod $(mib "${M_DAEMON[hako]}") ($(mib "${M_DAEMON_PSS[hako]}")) | containerd $(mib "${M_DAEMON[ctrd]}") ($(mib "${M_DAEMON_PSS[ctrd]}")) |
| monitors with $RUNNING pods running: all together | ${M_MON_N[hako]} conmon: $(mib "${M_MON[hako]}") ($(mib "${M_MON_PSS[hako]}")) | ${M_MON_N[ctrd]} containerd-shim-runc-v2: $(mib "${M_MON[ctrd]}") ($(mib "${M_MON_PSS[ctrd]}")) |
| pause processes with $RUNNING pods running | ${M_PAUSE_N[hako]} (pinned namespaces): $(mb "${M_PAUSE[hako]}") ($(mb "${M_PAUSE_PSS[hako]}")) | ${M_PAUSE_N[ctrd]} catatonit -P: $(mb "${M_PAUSE[ctrd]}") ($(mb "${M_PAUSE_PSS[ctrd]}")) |
| **total with $RUNNING pods running** (daemon + monitors + pause) | **$(mib $(( M_DAEMON[hako] + M_MON[hako] + M_PAUSE[hako] ))) ($(mib $(( M_DAEMON_PSS[hako] + M_MON_PSS[hako] + M_PAUSE_PSS[hako] ))))** | **$(mib $(( M_DAEMON[ctrd] + M_MON[ctrd] + M_PAUSE[ctrd] ))) ($(mib $(( M_DAEMON_PSS[ctrd] + M_MON_PSS[ctrd] + M_PAUSE_PSS[ctrd] ))))** |
| runc containers running with $RUNNING pods | ${M_RUNC[hako]} | ${M_RUNC[ctrd]} |
| daemon CPU per pod (sequential runs: start, the untimed status calls, teardown; user + system) | hakod $CPU_POD_hako ms (conmons not counted) | containerd $CPU_POD_ctrd ms (shims not counted) |
EOF
)
linger="hako $(secs "${LINGER_MAX[hako]}") s, containerd $(secs "${LINGER_MAX[ctrd]}") s"
seccomp_note="none asked for (the kubelet's default without SeccompDefault): neither runtime applies a profile"
[ "$SECCOMP" -eq 1 ] && seccomp_note="RuntimeDefault asked for: each runtime applies its own default profile"

echo
echo "Pod start (CRI): busybox sleep 3600, runc, $SEQ sequential and $ROUNDS×$CONC concurrent per tool"
echo "$table"
echo
echo "$mem_table"
echo
echo "longest wait for a tool's processes to go after a step: $linger"

if [ "$WRITE_RESULTS" -eq 1 ]; then
    body=$WORK/section.md
    cat >"$body" <<EOF
## Pod start (CRI)

hako against containerd with its CRI plugin, both driven through the CRI v1 (runtime.v1) by the same
long-lived client (\`bench/pods/CriBench.java\`: one gRPC connection per runtime, as a kubelet holds),
with the same requests. A pod's **start** is RunPodSandbox → CreateContainer (busybox, \`sleep
3600\`) → StartContainer → ContainerStatus polled until CONTAINER_RUNNING; its **teardown**
(timed on its own) is StopContainer (timeout 0) → RemoveContainer → StopPodSandbox →
RemovePodSandbox. Every pod has a fresh name and UID. $SEQ pods one after another per tool, the
tools interleaved and rotating which goes first; then $ROUNDS batches of $CONC pods at once per
tool (threads released together: each pod's own latency, and the batch's wall time until the last
one runs; then all $CONC torn down at once). After every step the script waits, untimed, until the
tool has no monitor, shim, runtime or pause process left. $WARMUP untimed pods and one untimed batch
per tool first. Each pod's address is checked (untimed) to be in its runtime's subnet.

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)
- machine: $(machine_summary); load average $LOAD_START before the timed runs, $LOAD_END after (the machine is shared)
- hako: $HAKO_VERSION; hakod run by \`bin/hakod\`, own root, state and socket; hako.toml: runtime handler runc, \`[cni] conf_dir\` (the conflist below), \`bin_dirs = ["/usr/lib/cni"]\`; CRI Version: ${VERSION[hako]}
- containerd: $(containerd --version | awk '{ print $3 }') (Debian), own root, state and socket, config version 2 with the CRI plugin: runtime runc (io.containerd.runc.v2, SystemdCgroup false), snapshotter overlayfs, \`sandbox_image = "$PAUSE_IMAGE"\`, CNI \`bin_dir = "/usr/lib/cni"\` and its own \`conf_dir\`, \`restrict_oom_score_adj = true\`, \`netns_mounts_under_state_dir = true\`, stream server on 127.0.0.1; CRI Version: ${VERSION[ctrd]}
- runc $(runc --version | awk 'NR == 1 { print $3 }'), conmon $(conmon --version | awk 'NR == 1 { print $3 }'), containernetworking-plugins $(dpkg-query -W -f '${Version}' containernetworking-plugins 2>/dev/null), catatonit $(dpkg-query -W -f '${Version}' catatonit 2>/dev/null) (all Debian); cgroups v1 (hybrid), cgroupfs; both runtimes get \`cgroup_parent = "$CGROUP_PARENT"\` in LinuxPodSandboxConfig
- network: the same conflist for both (hako's default network shape: \`bridge\` with isGateway, ipMasq and hairpinMode, \`host-local\` IPAM, \`portmap\`; loopback set up by each runtime on its own), each with its own bridge, subnet and host-local store: hako \`${BRIDGE[hako]}\` ${SUBNET[hako]}, containerd \`${BRIDGE[ctrd]}\` ${SUBNET[ctrd]}
- requests: namespaces as the kubelet sends them for an ordinary pod (network and IPC per pod, PID per container), hostname, log directory and \`log_path\`, kubelet-style labels; no DNS config, no port mappings, no resources; seccomp: $seccomp_note
- image: busybox from Debian's busybox-static (\`scripts/busybox-rootfs.sh\`, $(mib $((IMAGE_SIZE / 1024))) MiB tar, one layer, with ENV PATH), imported into hako and saved as an OCI archive that containerd imports into its k8s.io namespace; the same image ID in both (${IMAGE_ID[hako]}); containerd's pause image \`$PAUSE_IMAGE\` is Debian's static catatonit (\`/bin/catatonit -P\`) alone, built the same way
- stores: temporary directories under /tmp, $(findmnt -no FSTYPE -T "$WORK")
- command: \`sudo $COMMAND_LINE\` (from the repository root)

$table

The issue's target: hako no slower than containerd (ratio ≥ 1 on pod start); the goal: 0.7× containerd's latency (ratio ≥ 1.43).

$mem_table

What differs between the two, by design of each runtime:
- containerd runs a pause container per pod (the sandbox: its own runc create/start, shim, rootfs
  snapshot and cgroup) and puts the pod's containers in its namespaces; hako runs no process for
  a pod: it pins the pod's network, IPC and UTS namespaces by bind mounts from a thread that
  unshared them (a pause process only for a shared PID namespace, which these pods do not ask for).
  So containerd starts two runc containers per pod, hako one.
- containerd runs one shim (containerd-shim-runc-v2) per pod, for the pause and the app container
  together; hako one conmon per container.
- containerd writes container logs itself (from the shim's pipes); hako's conmon writes them.
- Both set up loopback and then the same bridge conflist through Debian's plugins, each in its own
  network namespace per pod.
- Longest wait, after a step, for a tool's processes to go: $linger
EOF
    results_update "pod-start" "$body"
    log "wrote the \"Pod start (CRI)\" section of $RESULTS_FILE"
fi
