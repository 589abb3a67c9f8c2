#!/usr/bin/env bash
# The container lifecycle benchmark: hako against containerd (ctr) and podman, side by side in one run.
#
# All three run the same busybox root filesystem (scripts/busybox-rootfs.sh, imported into hako and
# saved from it as one OCI archive that containerd and podman load), through runc, with no network
# (hako: --network none, its default; ctr run: a new, empty network namespace; podman: --network none).
# hakod and containerd run on fresh temporary root and state directories with their own sockets;
# podman (no daemon) gets temporary --root/--runroot/--tmpdir and a runc root of its own.
#
# Measured, as wall-clock time of the client commands:
#   lifecycle        hako run --rm busybox true | ctr run --rm IMAGE ID true | podman run --rm busybox true
#   create→running   hako run -d | ctr run -d | podman run -d of `sleep 3600`; each container is
#                    removed afterwards, untimed
# (the sequential runs also time `ctr run --seccomp`: hako and podman apply a seccomp profile by
# default, ctr does not)
# each N times one after another (the tools interleaved, rotating which goes first) and in R rounds
# of C at once (the batch's wall time and each container's own latency). After every measured step
# the script waits, untimed, until the tool has no monitor or runtime process of it left, so a
# tool's background work never lands on the next tool's clock. Then resident memory: each daemon
# idle (after start and one warm-up run), and each tool with M `sleep 3600` containers running
# (hakod + its conmons, containerd + its shims, podman's conmons: podman has no daemon).
# Prints the tables and writes the "Container lifecycle" section of bench/RESULTS.md.
#
# usage: bench/run/run.sh [-n N] [-c C] [-r R] [--running M] [--warmup W] [--no-results]
#                         [--keep-logs DIR] [--jfr DIR]
#   -n N         sequential runs per tool and scenario (default 50)
#   -c C         containers per concurrent batch (default 10)
#   -r R         concurrent batches per tool and scenario (default 5)
#   --running M  running containers for the memory measurement (default 20)
#   --warmup W   untimed runs per tool and scenario first (default 3)
#   --keep-logs DIR  copy the daemons' logs and the clients' output to DIR
#   --jfr DIR    record hakod with Java Flight Recorder (profile settings) into DIR/hakod.jfr;
#                the recorder slows hakod, so this implies --no-results
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

SEQ=50
CONC=10
ROUNDS=5
RUNNING=20
WARMUP=3
WRITE_RESULTS=1
KEEP_LOGS=
JFR_DIR=
COMMAND_LINE="bench/run/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        -n|--iterations) SEQ=$2; shift 2 ;;
        -c|--concurrency) CONC=$2; shift 2 ;;
        -r|--rounds) ROUNDS=$2; shift 2 ;;
        --running) RUNNING=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --no-results) WRITE_RESULTS=0; shift ;;
        --keep-logs) KEEP_LOGS=$(realpath -m "$2"); shift 2 ;;
        --jfr) JFR_DIR=$(realpath -m "$2"); WRITE_RESULTS=0; shift 2 ;;
        -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
for v in SEQ CONC ROUNDS RUNNING; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v wants a positive number, not ${!v}"
done
[[ "$WARMUP" =~ ^[1-9][0-9]*$ ]] || die "--warmup wants a positive number (one warm-up run comes before the idle memory reading)"

need_root
ensure_packages containerd:containerd ctr:containerd podman:podman conmon:conmon runc:runc jq:jq \
    python3:python3 /bin/busybox:busybox-static
ldd /bin/busybox >/dev/null 2>&1 && die "/bin/busybox is dynamically linked: the image needs busybox-static (apt-get install busybox-static)"
ensure_hako_built

TOOLS=(hako ctrd podman)
# The sequential scenarios also run ctr with --seccomp (containerd's default profile): hako and podman
# apply a seccomp profile by default, `ctr run` does not, and runc spends measurable time loading one.
# They also drive hakod through its API from one long-lived client (bench/run/ApiClient.java), as a
# kubelet does: the runtime's own latency, without a client process (a JVM for the hako CLI) per step.
SEQ_TOOLS=(hako ctrd podman ctrs hapi)
declare -A LABEL=([hako]=hako [ctrd]=containerd [podman]=podman [ctrs]="containerd --seccomp" [hapi]="hako API")

# Paths in the machine's own state that the peers create outside their --root/--state (containerd's
# shim sockets; podman's network runtime directory, blob-info cache and runc root, which is runc's
# default /run/runc: podman does not pass --runtime-flag options to its exit command) or cgroup
# parents they make: removed at the end when this run created them.
OUTSIDE_PATHS=(/run/containerd /run/containers /run/libpod /run/runc /var/lib/containers)
CGROUP_PARENTS=(hako-bench bench libpod_parent)
CGROUP_MOUNTS=$(awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/mounts)
PREEXISTING=()
for p in "${OUTSIDE_PATHS[@]}"; do [ -e "$p" ] && PREEXISTING+=("$p"); done
for m in $CGROUP_MOUNTS; do
    for c in "${CGROUP_PARENTS[@]}"; do [ -e "$m/$c" ] && PREEXISTING+=("$m/$c"); done
done

WORK=$(mktemp -d /tmp/hako-bench-run.XXXXXX)
OUT=$WORK/out
mkdir -p "$OUT"
HAKOD_PID=
CTRD_PID=
BG_PIDS=()
HAKO=$WORK/hako-build/bin/hako
HAKOD=$WORK/hako-build/bin/hakod
export HAKO_SOCKET=$WORK/hako/state/hako.sock
CTRD_SOCK=$WORK/ctrd/state/containerd.sock
CTR=(ctr --address "$CTRD_SOCK" -n bench)
CTR_RUN=(--runc-root "$WORK/ctrd/runc" --fifo-dir "$WORK/ctrd/fifo")
CTR_IMAGE=docker.io/library/busybox:latest
PODMAN=(podman --root "$WORK/podman/root" --runroot "$WORK/podman/runroot" --tmpdir "$WORK/podman/tmp"
    --storage-driver overlay --cgroup-manager cgroupfs --events-backend none --runtime runc)
# Root here lacks CAP_SYS_RESOURCE, and rootful podman raises RLIMIT_NOFILE and RLIMIT_NPROC to the
# maximum unless told otherwise, which runc then cannot set ("error setting rlimits"): give the
# limits that hako and ctr set (nofile 1024; nproc is not set by them, any value podman may set works).
PODMAN_RUN=(--network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
declare -A RUNC_ROOT=([hako]=$WORK/hako/state/runc [hapi]=$WORK/hako/state/runc [ctrd]=$WORK/ctrd/runc/bench [ctrs]=$WORK/ctrd/runc/bench [podman]=/run/runc)


# Every process of a tool that outlives its client: monitors, shims, runtimes, podman's exit command.
tool_procs() {
    ps -eo pid=,comm=,args= | awk -v tool="$1" -v hk="$WORK/hako/" -v pd="$WORK/podman/" -v cs="$WORK/ctrd/" '
        (tool == "hako" || tool == "hapi") && ($2 == "conmon" || $2 == "runc") && index($0, hk) { print $1 }
        (tool == "ctrd" || tool == "ctrs") && ($2 ~ /^containerd-shim/ || $2 == "runc") && index($0, cs) { print $1 }
        tool == "podman" && ($2 == "conmon" || $2 == "podman" || $2 == "runc") && index($0, pd) { print $1 }'
}


cleanup() {
    local rc=$? pid tool p m c
    trap - EXIT INT TERM
    set +e
    for pid in "${BG_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    [ -n "${API_PID:-}" ] && kill -TERM "$API_PID" 2>/dev/null || true
    if [ -n "$HAKOD_PID" ] && kill -0 "$HAKOD_PID" 2>/dev/null; then
        "$HAKO" rm -f $("$HAKO" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
    fi
    if [ -n "$CTRD_PID" ] && kill -0 "$CTRD_PID" 2>/dev/null; then
        for c in $("${CTR[@]}" tasks ls -q 2>/dev/null); do "${CTR[@]}" tasks rm -f "$c" >/dev/null 2>&1 || true; done
        for c in $("${CTR[@]}" containers ls -q 2>/dev/null); do "${CTR[@]}" containers rm "$c" >/dev/null 2>&1 || true; done
    fi
    if [ -d "$WORK/podman/root" ]; then
        "${PODMAN[@]}" rm -fa -t 0 >/dev/null 2>&1 || true
    fi
    stop_process "$HAKOD_PID"
    stop_process "$CTRD_PID"
    # Whatever the clients could not remove: containers first (their monitors then exit), then monitors.
    runc_remove_all "$WORK/hako/state/runc"
    runc_remove_all "$WORK/ctrd/runc/bench"
    runc_remove_all /run/runc
    sleep 0.5
    for tool in "${TOOLS[@]}"; do
        for pid in $(tool_procs "$tool"); do
            log "stopping leftover $tool process $pid: $(ps -o args= -p "$pid" | cut -c1-120)"
            kill -KILL "$pid" 2>/dev/null || true
        done
    done
    unmount_under "$WORK"
    if [ -n "$KEEP_LOGS" ]; then
        mkdir -p "$KEEP_LOGS"
        cp -r "$OUT" "$KEEP_LOGS/" 2>/dev/null || true
        cp "$WORK"/hako/hakod.log "$WORK"/ctrd/containerd.log "$KEEP_LOGS/" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    for m in $CGROUP_MOUNTS; do
        for c in "${CGROUP_PARENTS[@]}"; do
            p=$m/$c
            [ -d "$p" ] && ! preexisting "$p" && find "$p" -depth -type d -exec rmdir {} \; 2>/dev/null
            [ -d "$p" ] && ! preexisting "$p" && log "cgroup $p is not empty: left in place"
        done
    done
    for p in "${OUTSIDE_PATHS[@]}"; do
        if [ -d "$p" ] && ! preexisting "$p"; then
            # Only empty directories (shim socket dirs, network runtime dirs) and podman's blob-info cache.
            rm -f "$p/cache/blob-info-cache-v1.boltdb"
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

HAKOD_ENV=()
if [ -n "$JFR_DIR" ]; then
    mkdir -p "$JFR_DIR"
    cat >"$WORK/java-jfr" <<EOF
#!/bin/sh
exec /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "-XX:StartFlightRecording=filename=$JFR_DIR/hakod.jfr,settings=profile,dumponexit=true" "\$@"
EOF
    chmod +x "$WORK/java-jfr"
    HAKOD_ENV=(HAKO_JAVA="$WORK/java-jfr")
fi

start_hakod() {
    mkdir -p "$WORK/hako/root" "$WORK/hako/state"
    cat >"$WORK/hako/hako.toml" <<'EOF'
[runtime]
default_handler = "runc"
cgroup_parent = "/hako-bench"
EOF
    env "${HAKOD_ENV[@]}" "$HAKOD" --config "$WORK/hako/hako.toml" --root "$WORK/hako/root" --state "$WORK/hako/state" \
        --socket "$HAKO_SOCKET" >"$WORK/hako/hakod.log" 2>&1 &
    HAKOD_PID=$!
    wait_for_log "$HAKOD_PID" "$WORK/hako/hakod.log" "serving on" 60
}

start_containerd() {
    mkdir -p "$WORK/ctrd/root" "$WORK/ctrd/state" "$WORK/ctrd/runc" "$WORK/ctrd/fifo"
    # Everything ctr run needs (content, metadata, overlayfs, runtime v2 with the runc shim, tasks);
    # no CRI, no other snapshotters, no debug or metrics listeners.
    cat >"$WORK/ctrd/config.toml" <<EOF
version = 2
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
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
EOF
    containerd --config "$WORK/ctrd/config.toml" --root "$WORK/ctrd/root" --state "$WORK/ctrd/state" \
        --address "$CTRD_SOCK" >"$WORK/ctrd/containerd.log" 2>&1 &
    CTRD_PID=$!
    wait_for_log "$CTRD_PID" "$WORK/ctrd/containerd.log" "containerd successfully booted" 60
}

prepare_images() {
    mkdir -p "$WORK/image" "$WORK/podman"
    "$REPO_DIR/scripts/busybox-rootfs.sh" "$WORK/image/busybox.tar"
    "$HAKO" image import -c 'CMD ["sh"]' "$WORK/image/busybox.tar" busybox:latest >"$OUT/import.log" 2>&1 ||
        { cat "$OUT/import.log" >&2; die "hako image import failed"; }
    "$HAKO" save -o "$WORK/image/busybox-oci.tar" busybox:latest
    "${CTR[@]}" images import "$WORK/image/busybox-oci.tar" >"$OUT/ctr-import.log" 2>&1 ||
        { cat "$OUT/ctr-import.log" >&2; die "ctr images import failed"; }
    grep -q '^unpacking .*done' "$OUT/ctr-import.log" || die "ctr did not unpack the image: $(cat "$OUT/ctr-import.log")"
    "${PODMAN[@]}" load -i "$WORK/image/busybox-oci.tar" >"$OUT/podman-load.log" 2>&1 ||
        { cat "$OUT/podman-load.log" >&2; die "podman load failed"; }
    # The same image everywhere: the same config (hence the same layer diff_id) and manifest.
    local manifest config layer c_manifest c_chain p_config p_layer
    manifest=$(tar -xOf "$WORK/image/busybox-oci.tar" index.json | jq -r '.manifests[0].digest')
    config=$("$HAKO" image inspect busybox:latest | jq -r '.[0].Id')
    layer=$("$HAKO" image inspect busybox:latest | jq -r '.[0].RootFS.Layers | join(",")')
    c_manifest=$("${CTR[@]}" images ls | awk -v n="$CTR_IMAGE" '$1 == n { print $3 }')
    c_chain=$("${CTR[@]}" snapshots ls | awk '$NF == "Committed" { print $1 }')
    p_config=sha256:$("${PODMAN[@]}" image inspect busybox:latest --format '{{.Id}}')
    p_layer=$("${PODMAN[@]}" image inspect busybox:latest --format '{{range $i, $l := .RootFS.Layers}}{{if $i}},{{end}}{{$l}}{{end}}')
    [ "$c_manifest" = "$manifest" ] || die "containerd has manifest $c_manifest, hako saved $manifest"
    [ "$c_chain" = "$layer" ] || die "containerd unpacked snapshot $c_chain, hako's layer is $layer"
    [ "$p_config" = "$config" ] || die "podman has image $p_config, hako has $config"
    [ "$p_layer" = "$layer" ] || die "podman has layers $p_layer, hako has $layer"
    IMAGE_CONFIG=$config
    IMAGE_LAYER=$layer
    IMAGE_SIZE=$(stat -c %s "$WORK/image/busybox.tar")
}

# The API client (bench/run/ApiClient.java) as a coprocess: one request line in, one answer line out.
start_api_client() {
    coproc API { exec /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --sun-misc-unsafe-memory-access=allow \
        -cp "$WORK/hako-build/build/hakod/lib/*" "$BENCH_DIR/run/ApiClient.java" "$HAKO_SOCKET" 2>>"$OUT/hapi.err"; }
}
api_request() { # REQUEST: sends it, reads the answer into API_ANSWER
    echo "$1" >&"${API[1]}"
    IFS= read -r API_ANSWER <&"${API[0]}" || die "the API client ended: $(tail -3 "$OUT/hapi.err")"
}

# ---- one measured step -------------------------------------------------------------------------
# Each sets ELAPSED (seconds) and, for create→running, ID; output goes to $OUT/TOOL.out.

secs() { awk -v u="$1" 'BEGIN { printf "%.4f", u / 1e6 }'; }

# lifecycle TOOL NAME: run --rm true; fails (status 1, logged) when the client does.
lifecycle() {
    local tool=$1 name=$1-$2 t0 t1 rc=0
    t0=$EPOCHREALTIME
    case $tool in
        hako) "$HAKO" run --rm busybox true </dev/null >>"$OUT/hako.out" 2>&1 || rc=$? ;;
        ctrd) "${CTR[@]}" run --rm "${CTR_RUN[@]}" "$CTR_IMAGE" "$name" true </dev/null >>"$OUT/ctrd.out" 2>&1 || rc=$? ;;
        ctrs) "${CTR[@]}" run --rm --seccomp "${CTR_RUN[@]}" "$CTR_IMAGE" "$name" true </dev/null >>"$OUT/ctrs.out" 2>&1 || rc=$? ;;
        hapi) api_request lc; [ "$API_ANSWER" = ok ] || { echo "$API_ANSWER" >>"$OUT/hapi.out"; rc=1; } ;;
        podman) "${PODMAN[@]}" run --rm "${PODMAN_RUN[@]}" busybox true </dev/null >>"$OUT/podman.out" 2>&1 || rc=$? ;;
    esac
    t1=$EPOCHREALTIME
    ELAPSED=$(us_between "$t0" "$t1")
    if [ "$rc" -ne 0 ]; then
        log "$tool: run --rm true failed with status $rc: $(tail -1 "$OUT/$tool.out")"
        return 1
    fi
    [ "$tool" = hako ] && echo "lc $t0 $t1" >>"$OUT/hako-windows"
    return 0
}

# create_running TOOL NAME: create and start a `sleep 3600` container; ID names it for clean-up.
create_running() {
    local tool=$1 name=$1-$2 t0 t1 rc=0 idf=$OUT/id.$BASHPID
    t0=$EPOCHREALTIME
    case $tool in
        hako)
            "$HAKO" run -d busybox sleep 3600 </dev/null >"$idf" 2>>"$OUT/hako.out" || rc=$?
            read -r ID <"$idf" || true ;;
        hapi)
            api_request cr
            case $API_ANSWER in
                "ok "*) ID=${API_ANSWER#ok } ;;
                *) echo "$API_ANSWER" >>"$OUT/hapi.out"; rc=1 ;;
            esac ;;
        ctrd|ctrs)
            local sec=()
            [ "$tool" = ctrs ] && sec=(--seccomp)
            "${CTR[@]}" run -d --null-io "${sec[@]}" "${CTR_RUN[@]}" "$CTR_IMAGE" "$name" sleep 3600 </dev/null >>"$OUT/$tool.out" 2>&1 || rc=$?
            ID=$name ;;
        podman)
            "${PODMAN[@]}" run -d "${PODMAN_RUN[@]}" busybox sleep 3600 </dev/null >"$idf" 2>>"$OUT/podman.out" || rc=$?
            read -r ID <"$idf" || true ;;
    esac
    t1=$EPOCHREALTIME
    rm -f "$idf"
    [ "$rc" -eq 0 ] || { tail -5 "$OUT/$tool.out" >&2; die "$tool: create→running failed with status $rc"; }
    ELAPSED=$(us_between "$t0" "$t1")
    [ "$tool" = hako ] && echo "cr $t0 $t1" >>"$OUT/hako-windows"
    return 0
}

# check_running TOOL ID...: every container is running (asked of runc directly, untimed).
check_running() {
    local tool=$1 id status
    shift
    for id in "$@"; do
        status=$(runc --root "${RUNC_ROOT[$tool]}" state "$id" 2>/dev/null | jq -r .status || true)
        [ "$status" = running ] || die "$tool: container $id is ${status:-unknown to runc}, not running"
    done
}

# remove_containers TOOL ID...: removes running containers (untimed).
remove_containers() {
    local tool=$1
    shift
    case $tool in
        hako|hapi) "$HAKO" rm -f "$@" >>"$OUT/$tool.out" 2>&1 ;;
        ctrd|ctrs) "${CTR[@]}" tasks rm -f "$@" >>"$OUT/$tool.out" 2>&1 && "${CTR[@]}" containers rm "$@" >>"$OUT/$tool.out" 2>&1 ;;
        podman) "${PODMAN[@]}" rm -f -t 0 "$@" >>"$OUT/podman.out" 2>&1 ;;
    esac || { tail -5 "$OUT/$tool.out" >&2; die "$tool: removing containers failed"; }
}

# settled TOOL: hakod removes a `run --rm` container after its client has returned (the exit
# status goes out first): every container hakod created has been removed, or is running.
settled() {
    [ "$1" = hako ] || [ "$1" = hapi ] || return 0
    local created removed running
    created=$(grep -c 'msg="created container' "$WORK/hako/hakod.log" || true)
    removed=$(grep -c 'msg="removed container' "$WORK/hako/hakod.log" || true)
    running=$(runc --root "${RUNC_ROOT[hako]}" list -q 2>/dev/null | wc -l)
    [ "$created" -eq $((removed + running)) ]
}

# quiesce TOOL: waits until none of the tool's monitors, shims or runtimes is left (untimed).
declare -A LINGER_MAX=([hako]=0 [ctrd]=0 [podman]=0 [ctrs]=0 [hapi]=0)
quiesce() {
    local tool=$1 t0 waited
    t0=$EPOCHREALTIME
    for _ in $(seq 1 200); do
        [ -z "$(tool_procs "$tool")" ] && settled "$tool" && break
        sleep 0.02
    done
    settled "$tool" || die "$tool: containers still being removed 4 s after the step"
    [ -z "$(tool_procs "$tool")" ] || die "$tool: processes still running 10 s after its containers were removed: $(tool_procs "$tool" | tr '\n' ' ')"
    waited=$(us_between "$t0" "$EPOCHREALTIME")
    [ "$waited" -gt "${LINGER_MAX[$tool]}" ] && LINGER_MAX[$tool]=$waited
    return 0
}

# order I [TOOL...]: the tools (default: the three), rotated by I so that each goes first equally often.
order() {
    local n=$1 list i
    shift
    if [ $# -gt 0 ]; then list=("$@"); else list=("${TOOLS[@]}"); fi
    i=$(( n % ${#list[@]} ))
    echo "${list[@]:i} ${list[@]:0:i}"
}

# ---- memory and CPU ----------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
monitors() { # the per-container monitor processes of a tool
    ps -eo pid=,comm=,args= | awk -v tool="$1" -v hk="$WORK/hako/" -v pd="$WORK/podman/" -v cs="$WORK/ctrd/" '
        tool == "hako" && $2 == "conmon" && index($0, hk) { print $1 }
        tool == "ctrd" && $2 ~ /^containerd-shim/ && index($0, cs) { print $1 }
        tool == "podman" && $2 == "conmon" && index($0, pd) { print $1 }'
}

# ---- the run -----------------------------------------------------------------------------------
log "preparing: hakod, containerd, the busybox image in all three"
start_hakod
start_containerd
prepare_images
start_api_client
log "image $IMAGE_CONFIG (layer $IMAGE_LAYER) in hako, containerd and podman"

declare -A IDLE
n=0
for tool in "${TOOLS[@]}"; do lifecycle "$tool" "w-lc-0" || die "$tool: the first run --rm true failed"; quiesce "$tool"; done
sleep 1
IDLE[hako]=$(rss "$HAKOD_PID"); IDLE_PSS_hako=$(pss_kib "$HAKOD_PID")
IDLE[ctrd]=$(rss "$CTRD_PID"); IDLE_PSS_ctrd=$(pss_kib "$CTRD_PID")
log "idle after one run: hakod $(mib "${IDLE[hako]}") MiB, containerd $(mib "${IDLE[ctrd]}") MiB (VmRSS)"
for w in $(seq 1 "$WARMUP"); do
    for tool in $(order "$w" "${SEQ_TOOLS[@]}"); do
        [ "$w" -gt 1 ] && { lifecycle "$tool" "w-lc-$w" || true; quiesce "$tool"; }
        create_running "$tool" "w-cr-$w"; check_running "$tool" "$ID"; remove_containers "$tool" "$ID"; quiesce "$tool"
    done
done
"$HAKO" version >/dev/null; "${CTR[@]}" version >/dev/null; "${PODMAN[@]}" version >/dev/null

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A S_LC S_CR B_LC B_CR C_LC C_CR FLOOR FAILS
: >"$OUT/hako-windows"

# The client's own floor: one trivial request to the daemon (podman: no daemon, reads its store).
log "client floor: version, $((SEQ / 5 > 0 ? SEQ / 5 : 1)) times each"
for i in $(seq 1 $((SEQ / 5 > 0 ? SEQ / 5 : 1))); do
    for tool in $(order "$i"); do
        t0=$EPOCHREALTIME
        case $tool in
            hako) "$HAKO" version >/dev/null ;;
            ctrd) "${CTR[@]}" version >/dev/null ;;
            podman) "${PODMAN[@]}" version >/dev/null ;;
        esac
        FLOOR[$tool]+=" $(secs "$(us_between "$t0" "$EPOCHREALTIME")")"
    done
done

log "sequential: $SEQ × run --rm true per tool"
CPU0_hako=$(cpu_ticks "$HAKOD_PID"); CPU0_ctrd=$(cpu_ticks "$CTRD_PID")
for i in $(seq 1 "$SEQ"); do
    for tool in $(order "$i" "${SEQ_TOOLS[@]}"); do
        if lifecycle "$tool" "lc-s-$i"; then
            S_LC[$tool]+=" $(secs "$ELAPSED")"
        else
            FAILS[$tool:lc]=$(( ${FAILS[$tool:lc]:-0} + 1 ))
        fi
        quiesce "$tool"
    done
    [ $((i % 10)) -eq 0 ] && log "  $i/$SEQ: last hako ${S_LC[hako]##* } s (API ${S_LC[hapi]##* } s), containerd ${S_LC[ctrd]##* } s (--seccomp ${S_LC[ctrs]##* } s), podman ${S_LC[podman]##* } s"
done

# Daemon CPU per run --rm (containerd served the --seccomp runs too, hakod the API client's).
CPU_RUN_hako=$(awk -v a="$CPU0_hako" -v b="$(cpu_ticks "$HAKOD_PID")" -v hz="$CLK_TCK" -v n="$((2 * SEQ))" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz / n }')
CPU_RUN_ctrd=$(awk -v a="$CPU0_ctrd" -v b="$(cpu_ticks "$CTRD_PID")" -v hz="$CLK_TCK" -v n="$((2 * SEQ))" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz / n }')
log "sequential: $SEQ × create→running per tool"
for i in $(seq 1 "$SEQ"); do
    for tool in $(order "$i" "${SEQ_TOOLS[@]}"); do
        create_running "$tool" "cr-s-$i"
        S_CR[$tool]+=" $(secs "$ELAPSED")"
        check_running "$tool" "$ID"
        remove_containers "$tool" "$ID"
        quiesce "$tool"
    done
    [ $((i % 10)) -eq 0 ] && log "  $i/$SEQ: last hako ${S_CR[hako]##* } s (API ${S_CR[hapi]##* } s), containerd ${S_CR[ctrd]##* } s (--seccomp ${S_CR[ctrs]##* } s), podman ${S_CR[podman]##* } s"
done

# batch SCENARIO TOOL ROUND: C at once; adds the batch's wall time and each container's latency.
batch() {
    local scenario=$1 tool=$2 round=$3 j t0 t1 dir=$OUT/batch-$1-$2-$3 pid failed=0 ids=() line
    mkdir -p "$dir"
    BG_PIDS=()
    t0=$EPOCHREALTIME
    for j in $(seq 1 "$CONC"); do
        (
            trap - EXIT INT TERM
            if [ "$scenario" = lc ]; then
                if lifecycle "$tool" "lc-c-$round-$j"; then echo "$ELAPSED -" >"$dir/$j"; else echo "failed -" >"$dir/$j"; fi
            else
                create_running "$tool" "cr-c-$round-$j" && echo "$ELAPSED $ID" >"$dir/$j"
            fi
        ) &
        BG_PIDS+=($!)
    done
    for pid in "${BG_PIDS[@]}"; do wait "$pid" || failed=1; done
    t1=$EPOCHREALTIME
    BG_PIDS=()
    [ "$failed" -eq 0 ] || die "$tool: a container of concurrent batch $scenario/$round failed (see above)"
    for j in $(seq 1 "$CONC"); do
        read -r line <"$dir/$j"
        if [ "${line%% *}" = failed ]; then
            FAILS[$tool:$scenario-c]=$(( ${FAILS[$tool:$scenario-c]:-0} + 1 ))
        elif [ "$scenario" = lc ]; then
            C_LC[$tool]+=" $(secs "${line%% *}")"
        else
            C_CR[$tool]+=" $(secs "${line%% *}")"
            ids+=("${line#* }")
        fi
    done
    if [ "$scenario" = lc ]; then
        B_LC[$tool]+=" $(secs "$(us_between "$t0" "$t1")")"
    else
        B_CR[$tool]+=" $(secs "$(us_between "$t0" "$t1")")"
        check_running "$tool" "${ids[@]}"
        remove_containers "$tool" "${ids[@]}"
    fi
    quiesce "$tool"
}

# api_batch SCENARIO ROUND: the API client starts C at once, a thread each over its one connection
# (as a kubelet starting containers); adds the batch's wall time and each container's latency.
api_batch() {
    local scenario=$1 round=$2 t0 t1 word ids=()
    t0=$EPOCHREALTIME
    api_request "$scenario-batch $CONC"
    t1=$EPOCHREALTIME
    case $API_ANSWER in
        "ok "*) ;;
        *) echo "$API_ANSWER" >>"$OUT/hapi.out"; die "hako API: concurrent batch $scenario/$round failed: $API_ANSWER" ;;
    esac
    for word in ${API_ANSWER#ok }; do
        if [ "$scenario" = lc ]; then
            C_LC[hapi]+=" $(secs "${word%%:*}")"
        else
            C_CR[hapi]+=" $(secs "${word%%:*}")"
            ids+=("${word#*:}")
        fi
    done
    if [ "$scenario" = lc ]; then
        B_LC[hapi]+=" $(secs "$(us_between "$t0" "$t1")")"
    else
        B_CR[hapi]+=" $(secs "$(us_between "$t0" "$t1")")"
        check_running hapi "${ids[@]}"
        remove_containers hapi "${ids[@]}"
    fi
    quiesce hapi
}

log "concurrent: $ROUNDS batches of $CONC × run --rm true per tool"
for r in $(seq 1 "$ROUNDS"); do
    for tool in $(order "$r" "${TOOLS[@]}" hapi); do
        if [ "$tool" = hapi ]; then api_batch lc "$r"; else batch lc "$tool" "$r"; fi
    done
    log "  batch $r: hako ${B_LC[hako]##* } s (API ${B_LC[hapi]##* } s), containerd ${B_LC[ctrd]##* } s, podman ${B_LC[podman]##* } s"
done
log "concurrent: $ROUNDS batches of $CONC × create→running per tool"
for r in $(seq 1 "$ROUNDS"); do
    for tool in $(order "$r" "${TOOLS[@]}" hapi); do
        if [ "$tool" = hapi ]; then api_batch cr "$r"; else batch cr "$tool" "$r"; fi
    done
    log "  batch $r: hako ${B_CR[hako]##* } s (API ${B_CR[hapi]##* } s), containerd ${B_CR[ctrd]##* } s, podman ${B_CR[podman]##* } s"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- memory with M containers running ------------------------------------------------------------
sleep 1
AFTER_hako=$(rss "$HAKOD_PID"); AFTER_ctrd=$(rss "$CTRD_PID")
declare -A M_DAEMON M_DAEMON_PSS M_MON M_MON_PSS M_MON_N
log "memory: $RUNNING running sleep 3600 containers per tool"
for tool in "${TOOLS[@]}"; do
    ids=()
    for j in $(seq 1 "$RUNNING"); do
        create_running "$tool" "mem-$j"
        ids+=("$ID")
    done
    check_running "$tool" "${ids[@]}"
    sleep 2
    mons=($(monitors "$tool"))
    M_MON_N[$tool]=${#mons[@]}
    M_MON[$tool]=$(sum_rss "${mons[@]}")
    M_MON_PSS[$tool]=$(sum_pss "${mons[@]}")
    case $tool in
        hako) M_DAEMON[hako]=$(rss "$HAKOD_PID"); M_DAEMON_PSS[hako]=$(pss_kib "$HAKOD_PID") ;;
        ctrd) M_DAEMON[ctrd]=$(rss "$CTRD_PID"); M_DAEMON_PSS[ctrd]=$(pss_kib "$CTRD_PID") ;;
        podman) M_DAEMON[podman]=0; M_DAEMON_PSS[podman]=0 ;;
    esac
    log "  ${LABEL[$tool]}: daemon $(mib "${M_DAEMON[$tool]}") MiB, ${M_MON_N[$tool]} monitors $(mib "${M_MON[$tool]}") MiB (VmRSS)"
    remove_containers "$tool" "${ids[@]}"
    quiesce "$tool"
done

# ---- report ------------------------------------------------------------------------------------
# stats VALUES: "median | p90"
stat_cells() { printf '%s | %s' "$(median $1)" "$(percentile 90 $1)"; }
ratio_cells() { # PEER_VALUES HAKO_VALUES
    printf '%s | %s' "$(ratio "$(median $1)" "$(median $2)")" "$(ratio "$(percentile 90 $1)" "$(percentile 90 $2)")"
}
row() { # LABEL ARRAY_NAME
    local -n a=$2
    printf '| %s | %s | %s | %s |\n' "$1" "$(stat_cells "${a[hako]}")" "$(stat_cells "${a[ctrd]}")" "$(stat_cells "${a[podman]}")"
}
ratio_row() {
    local -n a=$2
    printf '| %s | %s | %s |\n' "$1" "$(ratio_cells "${a[ctrd]}" "${a[hako]}")" "$(ratio_cells "${a[podman]}" "${a[hako]}")"
}

table=$(cat <<EOF
Seconds, wall clock of the client commands (median | p90):

| scenario | hako median | hako p90 | containerd median | containerd p90 | podman median | podman p90 |
|---|---:|---:|---:|---:|---:|---:|
$(row "run --rm true, sequential ($SEQ)" S_LC)
$(row "run --rm true, concurrent: per container ($ROUNDS×$CONC)" C_LC)
$(row "run --rm true, concurrent: batch of $CONC ($ROUNDS batches)" B_LC)
$(row "create→running, sequential ($SEQ)" S_CR)
$(row "create→running, concurrent: per container ($ROUNDS×$CONC)" C_CR)
$(row "create→running, concurrent: batch of $CONC ($ROUNDS batches)" B_CR)
$(row "client floor: \`version\` ($((SEQ / 5 > 0 ? SEQ / 5 : 1)))" FLOOR)

Ratios peer / hako (>1: hako is faster):

| scenario | containerd/hako median | containerd/hako p90 | podman/hako median | podman/hako p90 |
|---|---:|---:|---:|---:|
$(ratio_row "run --rm true, sequential" S_LC)
$(ratio_row "run --rm true, concurrent: per container" C_LC)
$(ratio_row "run --rm true, concurrent: batch" B_LC)
$(ratio_row "create→running, sequential" S_CR)
$(ratio_row "create→running, concurrent: per container" C_CR)
$(ratio_row "create→running, concurrent: batch" B_CR)
$(ratio_row "client floor: \`version\`" FLOOR)

hakod driven through its API by one long-lived client (\`bench/run/ApiClient.java\`: create, start, wait, remove; create, start; a batch is $CONC threads at once over its one connection), as a kubelet drives a runtime, against the same clients of the peers, in the same runs (containerd --seccomp runs the sequential scenarios only):

| scenario | hako API median | p90 | containerd / hako API median | p90 | containerd --seccomp / hako API median | p90 |
|---|---:|---:|---:|---:|---:|---:|
| run --rm true, sequential ($SEQ) | $(stat_cells "${S_LC[hapi]}") | $(ratio_cells "${S_LC[ctrd]}" "${S_LC[hapi]}") | $(ratio_cells "${S_LC[ctrs]}" "${S_LC[hapi]}") |
| run --rm true, concurrent: per container ($ROUNDS×$CONC) | $(stat_cells "${C_LC[hapi]}") | $(ratio_cells "${C_LC[ctrd]}" "${C_LC[hapi]}") | – | – |
| run --rm true, concurrent: batch of $CONC ($ROUNDS batches) | $(stat_cells "${B_LC[hapi]}") | $(ratio_cells "${B_LC[ctrd]}" "${B_LC[hapi]}") | – | – |
| create→running, sequential ($SEQ) | $(stat_cells "${S_CR[hapi]}") | $(ratio_cells "${S_CR[ctrd]}" "${S_CR[hapi]}") | $(ratio_cells "${S_CR[ctrs]}" "${S_CR[hapi]}") |
| create→running, concurrent: per container ($ROUNDS×$CONC) | $(stat_cells "${C_CR[hapi]}") | $(ratio_cells "${C_CR[ctrd]}" "${C_CR[hapi]}") | – | – |
| create→running, concurrent: batch of $CONC ($ROUNDS batches) | $(stat_cells "${B_CR[hapi]}") | $(ratio_cells "${B_CR[ctrd]}" "${B_CR[hapi]}") | – | – |

containerd with its default seccomp profile (\`ctr run --seccomp\`; hako and podman apply one by default, \`ctr run\` does not), in the same sequential runs:

| scenario | containerd --seccomp median | p90 | containerd --seccomp / hako median | p90 |
|---|---:|---:|---:|---:|
| run --rm true, sequential ($SEQ) | $(stat_cells "${S_LC[ctrs]}") | $(ratio_cells "${S_LC[ctrs]}" "${S_LC[hako]}") |
| create→running, sequential ($SEQ) | $(stat_cells "${S_CR[ctrs]}") | $(ratio_cells "${S_CR[ctrs]}" "${S_CR[hako]}") |
EOF
)

mem_table=$(cat <<EOF
Resident memory (VmRSS from /proc/PID/status; PSS, which shares libraries among processes, in brackets), MiB; and daemon CPU:

| | hako | containerd | podman |
|---|---:|---:|---:|
| daemon idle, after start and one \`run --rm\` | hakod $(mib "${IDLE[hako]}") ($(mib "$IDLE_PSS_hako")) | containerd $(mib "${IDLE[ctrd]}") ($(mib "$IDLE_PSS_ctrd")) | no daemon |
| daemon idle, after the timed runs above | hakod $(mib "$AFTER_hako") | containerd $(mib "$AFTER_ctrd") | no daemon |
| daemon with $RUNNING containers running | hakod $(mib "${M_DAEMON[hako]}") ($(mib "${M_DAEMON_PSS[hako]}")) | containerd $(mib "${M_DAEMON[ctrd]}") ($(mib "${M_DAEMON_PSS[ctrd]}")) | no daemon |
| per-container monitors with $RUNNING running: all together | ${M_MON_N[hako]} conmon: $(mib "${M_MON[hako]}") ($(mib "${M_MON_PSS[hako]}")) | ${M_MON_N[ctrd]} containerd-shim-runc-v2: $(mib "${M_MON[ctrd]}") ($(mib "${M_MON_PSS[ctrd]}")) | ${M_MON_N[podman]} conmon: $(mib "${M_MON[podman]}") ($(mib "${M_MON_PSS[podman]}")) |
| per-container monitor: one (RSS) | conmon $(awk -v s="${M_MON[hako]}" -v n="${M_MON_N[hako]}" 'BEGIN { printf "%.1f", s / n / 1024 }') | shim $(awk -v s="${M_MON[ctrd]}" -v n="${M_MON_N[ctrd]}" 'BEGIN { printf "%.1f", s / n / 1024 }') | conmon $(awk -v s="${M_MON[podman]}" -v n="${M_MON_N[podman]}" 'BEGIN { printf "%.1f", s / n / 1024 }') |
| **total with $RUNNING running** (daemon + monitors) | **$(mib $(( M_DAEMON[hako] + M_MON[hako] ))) ($(mib $(( M_DAEMON_PSS[hako] + M_MON_PSS[hako] ))))** | **$(mib $(( M_DAEMON[ctrd] + M_MON[ctrd] ))) ($(mib $(( M_DAEMON_PSS[ctrd] + M_MON_PSS[ctrd] ))))** | **$(mib "${M_MON[podman]}") ($(mib "${M_MON_PSS[podman]}"))** |
| daemon CPU per \`run --rm true\` (sequential runs; user + system) | hakod $CPU_RUN_hako ms | containerd $CPU_RUN_ctrd ms (shims not counted) | no daemon |
EOF
)

breakdown=$(python3 "$BENCH_DIR/run/hako-breakdown.py" "$WORK/hako/hakod.log" "$OUT/hako-windows" "$SEQ")
failures=$(for k in "${!FAILS[@]}"; do
    tool=${k%%:*}; what=${k#*:}
    case $what in lc) what="run --rm true, sequential" ;; lc-c) what="run --rm true, concurrent" ;; cr-c) what="create→running, concurrent" ;; esac
    printf '%s %s: %s failed; ' "${LABEL[$tool]}" "$what" "${FAILS[$k]}"
done)
failures=${failures:-none}
linger=$(for tool in "${SEQ_TOOLS[@]}"; do printf '%s %s s; ' "${LABEL[$tool]}" "$(secs "${LINGER_MAX[$tool]}")"; done)

echo
echo "Container lifecycle: busybox, runc, $SEQ sequential and $ROUNDS×$CONC concurrent per tool and scenario"
echo "$table"
echo
echo "$mem_table"
echo
echo "$breakdown"
echo
echo "longest wait for a tool's processes to go after a step: $linger"
echo "failed client commands (left out of the latencies, counted in the batch times): $failures"

if [ "$WRITE_RESULTS" -eq 1 ]; then
    body=$WORK/section.md
    cat >"$body" <<EOF
## Container lifecycle

hako against containerd (\`ctr\`) and podman starting containers from the same busybox image,
side by side in one run: \`run --rm IMAGE true\` (the whole lifecycle: create, start, attach, exit,
remove) and create→running (the time from issuing the create until the container runs: \`hako
run -d\`, \`ctr run -d\`, \`podman run -d\` of \`sleep 3600\`; each container is removed afterwards,
untimed). $SEQ sequential runs per tool and scenario, the tools interleaved and
rotating which goes first (containerd twice: \`ctr run\` as is, and with \`--seccomp\`); then $ROUNDS batches of $CONC at once per tool and scenario (batch wall
time, and each container's own latency within the batches). After every step the script waits,
untimed, until the tool has no monitor or runtime process left, so background work never lands
on another tool's clock. $WARMUP untimed warm-up runs per tool and scenario first.

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)
- machine: $(machine_summary); load average $LOAD_START before the timed runs, $LOAD_END after (the machine is shared)
- hako: $HAKO_VERSION; hakod run by \`bin/hakod\` with default settings (runtime handler runc, conmon, \`--network none\`, its default seccomp profile and capabilities), own root, state and socket; the CLI by \`bin/hako\` (a JVM per command, with the build's AOT cache)
- containerd: $(containerd --version | awk '{ print $3 }') (Debian), CRI plugin disabled, overlayfs snapshotter, runtime io.containerd.runc.v2; own root, state and socket; \`ctr -n bench run --rm --runc-root R --fifo-dir F $CTR_IMAGE ID true\` and \`ctr -n bench run -d --null-io ... ID sleep 3600\` (a new, empty network namespace; ctr applies no seccomp profile unless \`--seccomp\` is given: the sequential runs are repeated with it)
- podman: $(podman --version | awk '{ print $3 }') (Debian), rootful, no daemon: \`podman --root R --runroot S --tmpdir T --storage-driver overlay --cgroup-manager cgroupfs --events-backend none --runtime runc run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 busybox true\` (and \`run -d ... sleep 3600\`); conmon $(conmon --version | awk 'NR == 1 { print $3 }')
- runc: $(runc --version | awk 'NR == 1 { print $3 }') (Debian) for all three; cgroups v1 (hybrid), cgroupfs
- image: busybox from Debian's busybox-static (\`scripts/busybox-rootfs.sh\`, $(mib $((IMAGE_SIZE / 1024))) MiB tar, one layer), imported into hako and saved as one OCI archive that containerd imports and podman loads; checked: the same config $IMAGE_CONFIG and layer $IMAGE_LAYER in all three
- stores: temporary directories under /tmp, $(findmnt -no FSTYPE -T "$WORK")
- command: \`sudo $COMMAND_LINE\` (from the repository root)

$table

$mem_table

$breakdown

Notes:
- Profiling notes (where hako's time goes, and why): \`bench/run/PROFILE.md\`.
- Every \`hako\` command is a new JVM (the CLI); \`ctr\` and \`podman\` are Go binaries. The
  kubelet talks to hakod directly over CRI, without the CLI; the "client floor" row is the cost of
  one trivial request through each client.
- podman has no daemon: each \`podman\` command opens the store itself, and its conmon runs
  \`podman container cleanup\` when a container exits. containerd has one shim per container
  (containerd-shim-runc-v2), hako and podman one conmon per container.
- Longest wait, after a step, for a tool's monitors, shims and runtimes to go: $linger
- Failed client commands (left out of the per-container latencies, counted in the batch times): $failures
EOF
    results_update "container-lifecycle" "$body"
    log "wrote the \"Container lifecycle\" section of $RESULTS_FILE"
fi
