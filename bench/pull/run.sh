#!/usr/bin/env bash
# The image-pull benchmark: hako against containerd, side by side in one run.
#
# Pulls a ~400 MB, 7-layer image (bench/pull/image.sh builds it once from this machine's /usr)
# from a docker-registry on 127.0.0.1, with `hako pull` and with `ctr images pull`. Every pull
# gets a freshly started daemon on new, empty root and state directories; nothing is dropped
# from the page cache. Iterations alternate which tool goes first, so drifts in the machine's
# load hit both. Prints a table and writes the "Image pull" section of bench/RESULTS.md.
#
# Fairness on this machine's file system (ext4 without a journal): inodes freed in the last
# 60-360 s are skipped, at a cost, when new files are created. So the stores are deleted only at
# the end (about 0.55 GB a pull), the file system is synced after each pull (untimed; sync -f
# writes dirty data, it drops no cache), and one untimed warm-up pull per tool comes first to
# absorb deletions made just before the run (by an earlier run or anything else).
#
# usage: bench/pull/run.sh [-n ITERATIONS] [--warmup N] [--no-results] [--keep-logs DIR] [--jfr DIR]
#   -n N        measured pulls per tool (default 5)
#   --warmup N  untimed pulls per tool before them (default 1)
#   --jfr DIR   record every hakod with Java Flight Recorder (profile settings) into
#               DIR/hakod-N.jfr; the recorder slows hakod, so this implies --no-results
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ITERATIONS=5
WARMUP=1
WRITE_RESULTS=1
KEEP_LOGS=
JFR_DIR=
COMMAND_LINE="bench/pull/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        -n|--iterations) ITERATIONS=$2; shift 2 ;;
        --no-results) WRITE_RESULTS=0; shift ;;
        --keep-logs) KEEP_LOGS=$2; shift 2 ;;
        --jfr) JFR_DIR=$(realpath -m "$2"); WRITE_RESULTS=0; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$ITERATIONS" =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive number"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "--warmup wants a number"

need_root
ensure_packages containerd:containerd ctr:containerd docker-registry:docker-registry skopeo:skopeo \
    jq:jq curl:curl /usr/bin/time:time
ensure_hako_built

HAKOD="$REPO_DIR/bin/hakod"
HAKO="$REPO_DIR/bin/hako"
CONCURRENCY=3 # hako's max_concurrent_downloads default, and containerd's (CRI plugin) default
IMAGE_PATH=bench/big:1

ENV_FILE=$("$BENCH_DIR/pull/image.sh")
. "$ENV_FILE"
OCI_DIR=$(dirname "$ENV_FILE")/oci

WORK=$(mktemp -d /tmp/hako-bench-pull.XXXXXX)
HAKOD_ENV=()
if [ -n "$JFR_DIR" ]; then
    mkdir -p "$JFR_DIR"
    # bin/hakod runs $HAKO_JAVA: a wrapper that adds the recorder (HAKO_JFR names the file).
    cat >"$WORK/java-jfr" <<'EOF'
#!/bin/sh
exec /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "-XX:StartFlightRecording=filename=$HAKO_JFR,settings=profile,dumponexit=true" "$@"
EOF
    chmod +x "$WORK/java-jfr"
    HAKOD_ENV=(HAKO_JAVA="$WORK/java-jfr")
fi
REGISTRY_PID=
DAEMON_PID=
CLIENT_PID=

cleanup() {
    local rc=$?
    if [ -n "$CLIENT_PID" ]; then # /usr/bin/time and the client it runs
        kill -TERM $(ps -o pid= --ppid "$CLIENT_PID") "$CLIENT_PID" 2>/dev/null || true
    fi
    stop_process "$DAEMON_PID"
    stop_process "$REGISTRY_PID"
    unmount_under "$WORK"
    if [ -n "$KEEP_LOGS" ]; then
        mkdir -p "$KEEP_LOGS"
        find "$WORK" -maxdepth 2 -name '*.log' -exec cp --parents {} "$KEEP_LOGS" \; 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run_client CMD...: runs a timed client in the background and waits for it, so that a signal
# stops the run at once (bash runs traps only between foreground commands).
run_client() {
    local rc=0
    "$@" &
    CLIENT_PID=$!
    wait "$CLIENT_PID" || rc=$?
    CLIENT_PID=
    return $rc
}

# wait_for_log PID FILE TEXT SECONDS: waits until FILE contains TEXT, failing if PID exits first.
wait_for_log() {
    local pid=$1 file=$2 text=$3 limit=$4
    for _ in $(seq 1 $((limit * 20))); do
        grep -qF "$text" "$file" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; die "pid $pid exited before it logged \"$text\""; }
        sleep 0.05
    done
    cat "$file" >&2
    die "no \"$text\" in $file after ${limit}s"
}

start_registry() {
    local dir=$WORK/registry attempt port
    mkdir -p "$dir/storage"
    for attempt in 1 2 3; do
        port=$(free_port)
        cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
EOF
        docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
        REGISTRY_PID=$!
        for _ in $(seq 1 100); do
            if curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
                REGISTRY=127.0.0.1:$port
                return 0
            fi
            kill -0 "$REGISTRY_PID" 2>/dev/null || break
            sleep 0.1
        done
        stop_process "$REGISTRY_PID"
        REGISTRY_PID=
        log "docker-registry did not start on port $port (attempt $attempt): $(tail -1 "$dir/registry.log")"
    done
    die "docker-registry did not start; its log: $dir/registry.log"
}

push_image() {
    skopeo copy --quiet --preserve-digests --dest-tls-verify=false \
        "oci:$OCI_DIR:1" "docker://$REGISTRY/$IMAGE_PATH" >"$WORK/registry/push.log" 2>&1 ||
        { cat "$WORK/registry/push.log" >&2; die "skopeo could not push the image"; }
    local served
    served=$(curl -fsI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://$REGISTRY/v2/${IMAGE_PATH%:*}/manifests/${IMAGE_PATH#*:}" |
        awk -F': ' 'tolower($1) == "docker-content-digest" { print $2 }' | tr -d '\r')
    [ "$served" = "$IMAGE_MANIFEST" ] || die "registry serves manifest $served, expected $IMAGE_MANIFEST"
}

# log_seconds FILE START_TEXT END_TEXT: seconds between two of hakod's log lines (time="...Z").
log_seconds() {
    local a b
    a=$(grep -F "$2" "$1" | head -1 | sed -n 's/^time="\([^"]*\)".*/\1/p')
    b=$(grep -F "$3" "$1" | head -1 | sed -n 's/^time="\([^"]*\)".*/\1/p')
    [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
    awk -v a="$(date -d "$a" +%s.%N)" -v b="$(date -d "$b" +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
}

# Every layer must be unpacked, and both tools must have produced the same trees.
check_layers() {
    local tool=$1 out=$2
    shift 2
    [ $# -eq "$IMAGE_LAYERS" ] || die "$tool: $# layer directories after the pull, expected $IMAGE_LAYERS"
    /usr/bin/python3 "$BENCH_DIR/lib/layer-fingerprint.py" "$@" | sort >"$out"
    if awk '$1 < 1 { bad = 1 } END { exit !bad }' "$out"; then
        die "$tool: an empty layer directory after the pull: $(cat "$out")"
    fi
    if [ -f "$WORK/fingerprint.first" ]; then
        cmp -s "$out" "$WORK/fingerprint.first" ||
            die "$tool unpacked different trees than the first pull: $(diff "$WORK/fingerprint.first" "$out")"
    else
        cp "$out" "$WORK/fingerprint.first"
    fi
}

declare -a HAKO_S=() HAKO_DAEMON_S=() HAKO_HWM=() HAKO_IDLE_HWM=() HAKO_CPU=() CTRD_S=() CTRD_TOOL_S=() CTRD_HWM=() CTR_RSS=() CTRD_CPU=()
CLK_TCK=$(getconf CLK_TCK)

# cpu_seconds PID: user + system CPU seconds the process (all its threads) used so far.
cpu_seconds() { awk -v hz="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }
# client_cpu FILE: user + system seconds from /usr/bin/time -f "%M %U %S".
client_cpu() { tail -1 "$1" | awk '{ printf "%.2f", $2 + $3 }'; }
client_rss() { tail -1 "$1" | awk '{ print $1 }'; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }

forget_warmup() {
    HAKO_S=() HAKO_DAEMON_S=() HAKO_HWM=() HAKO_IDLE_HWM=() HAKO_CPU=()
    CTRD_S=() CTRD_TOOL_S=() CTRD_HWM=() CTR_RSS=() CTRD_CPU=()
}

# after_pull DIR: stops the daemon, checks no mount is left, writes the store out (untimed).
after_pull() {
    stop_process "$DAEMON_PID"
    DAEMON_PID=
    unmount_under "$1"
    sync -f "$1"
}

pull_hako() {
    local i=$1
    local d=$WORK/hako-$i t0 t1 hwm0 hwm cpu0 cpu1 lowers
    mkdir "$d" || die "$d exists: every pull needs a new store"
    mkdir "$d/root" "$d/state"
    env "${HAKOD_ENV[@]}" HAKO_JFR="$JFR_DIR/hakod-$i.jfr" "$HAKOD" --root "$d/root" --state "$d/state" --socket "$d/state/hako.sock" >"$d/hakod.log" 2>&1 &
    DAEMON_PID=$!
    wait_for_log "$DAEMON_PID" "$d/hakod.log" "serving on" 60
    hwm0=$(vm_kib "$DAEMON_PID" VmHWM)
    cpu0=$(cpu_seconds "$DAEMON_PID")
    t0=$(now_ns)
    run_client env HAKO_SOCKET="$d/state/hako.sock" /usr/bin/time -f "%M %U %S" -o "$d/cli.time" \
        "$HAKO" pull -q "$REGISTRY/$IMAGE_PATH" >"$d/pull.log" 2>&1 ||
        { cat "$d/pull.log" "$d/hakod.log" >&2; die "hako pull failed"; }
    t1=$(now_ns)
    hwm=$(vm_kib "$DAEMON_PID" VmHWM)
    cpu1=$(cpu_seconds "$DAEMON_PID")
    lowers=$(HAKO_SOCKET=$d/state/hako.sock "$HAKO" image inspect "$REGISTRY/$IMAGE_PATH" |
        jq -r '.[0].GraphDriver.Data.LowerDir' | tr ':' ' ')
    # shellcheck disable=SC2086 # one argument per layer directory
    check_layers hako "$d/fingerprint" $lowers
    after_pull "$d"
    HAKO_CPU+=("$(sum "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" "$(client_cpu "$d/cli.time")")")
    HAKO_S+=("$(seconds $((t1 - t0)))")
    HAKO_DAEMON_S+=("$(log_seconds "$d/hakod.log" "pulling $REGISTRY" "pulled $REGISTRY")")
    HAKO_HWM+=("$hwm")
    HAKO_IDLE_HWM+=("$hwm0")
    log "hako       #$i: ${HAKO_S[-1]} s (hakod's own pull ${HAKO_DAEMON_S[-1]} s), CPU ${HAKO_CPU[-1]} s, hakod peak RSS $(mib "$hwm") MiB"
}

pull_containerd() {
    local i=$1
    local d=$WORK/containerd-$i t0 t1 hwm cpu0 cpu1 sock
    mkdir "$d" || die "$d exists: every pull needs a new store"
    mkdir "$d/root" "$d/state"
    sock=$d/state/containerd.sock
    # Only what a pull needs: content, metadata, overlayfs snapshotter, walking differ, services.
    cat >"$d/config.toml" <<EOF
version = 2
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.internal.v1.opt",
  "io.containerd.internal.v1.tracing",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.monitor.v1.cgroups",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.native",
  "io.containerd.runtime.v1.linux",
  "io.containerd.runtime.v2.task",
  "io.containerd.service.v1.tasks-service",
  "io.containerd.internal.v1.restart",
  "io.containerd.grpc.v1.tasks",
]
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
    containerd --config "$d/config.toml" --root "$d/root" --state "$d/state" --address "$sock" \
        >"$d/containerd.log" 2>&1 &
    DAEMON_PID=$!
    wait_for_log "$DAEMON_PID" "$d/containerd.log" "containerd successfully booted" 60
    cpu0=$(cpu_seconds "$DAEMON_PID")
    t0=$(now_ns)
    run_client /usr/bin/time -f "%M %U %S" -o "$d/ctr.time" ctr --address "$sock" -n bench images pull --plain-http \
        --max-concurrent-downloads "$CONCURRENCY" "$REGISTRY/$IMAGE_PATH" >"$d/pull.log" 2>&1 ||
        { tail -20 "$d/pull.log" >&2; cat "$d/containerd.log" >&2; die "ctr images pull failed"; }
    t1=$(now_ns)
    hwm=$(vm_kib "$DAEMON_PID" VmHWM)
    cpu1=$(cpu_seconds "$DAEMON_PID")
    grep -q "^unpacking " "$d/pull.log" || die "ctr did not unpack the image: $(tail -3 "$d/pull.log")"
    local committed
    committed=$(ctr --address "$sock" -n bench snapshots ls | awk '$NF == "Committed"' | wc -l)
    [ "$committed" -eq "$IMAGE_LAYERS" ] || die "containerd: $committed committed snapshots, expected $IMAGE_LAYERS"
    check_layers containerd "$d/fingerprint" "$d"/root/io.containerd.snapshotter.v1.overlayfs/snapshots/*/fs
    after_pull "$d"
    CTRD_CPU+=("$(sum "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" "$(client_cpu "$d/ctr.time")")")
    CTRD_S+=("$(seconds $((t1 - t0)))")
    CTRD_TOOL_S+=("$(sed -n 's/^done: \([0-9.]*\)\(m\{0,1\}s\).*/\1 \2/p' "$d/pull.log" |
        awk '{ printf "%.3f", $2 == "ms" ? $1 / 1000 : $1 }')")
    CTRD_HWM+=("$hwm")
    CTR_RSS+=("$(client_rss "$d/ctr.time")")
    log "containerd #$i: ${CTRD_S[-1]} s (ctr's own count ${CTRD_TOOL_S[-1]} s), CPU ${CTRD_CPU[-1]} s, containerd peak RSS $(mib "$hwm") MiB, ctr $(mib "${CTR_RSS[-1]}") MiB"
}

log "image: $IMAGE_LAYERS layers, $IMAGE_ENTRIES entries, $(mib $((IMAGE_UNCOMPRESSED / 1024))) MiB uncompressed, $(mib $((IMAGE_COMPRESSED / 1024))) MiB gzip"
avail=$(df -B1M --output=avail "$WORK" | tail -1)
need=$(((ITERATIONS + WARMUP) * 2 * 600))
[ "$avail" -gt "$need" ] || die "$WORK has $avail MiB free; $ITERATIONS iterations keep about $need MiB until the end"
start_registry
push_image
log "registry on $REGISTRY serves $IMAGE_PATH ($IMAGE_MANIFEST)"

sync -f "$WORK"
for i in $(seq 1 "$WARMUP"); do
    pull_hako "w$i"; pull_containerd "w$i"
done
forget_warmup

STORE_FS=$(findmnt -no FSTYPE,SOURCE -T "$WORK" | awk '{ print $1 " on " $2 }')
case "$STORE_FS" in
    ext4\ on\ /dev/*)
        dev=$(findmnt -no SOURCE -T "$WORK")
        if ls -d /proc/fs/jbd2/"$(basename "$dev")"-* >/dev/null 2>&1; then
            STORE_FS="$STORE_FS, with a journal"
        else
            STORE_FS="$STORE_FS, without a journal (see bench/pull/PROFILE.md)"
        fi ;;
esac
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$ITERATIONS"); do
    if [ $((i % 2)) -eq 1 ]; then
        pull_hako "$i"; pull_containerd "$i"
    else
        pull_containerd "$i"; pull_hako "$i"
    fi
done

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
stop_process "$REGISTRY_PID"
REGISTRY_PID=

# ---- report ------------------------------------------------------------------------------------
h_med=$(median "${HAKO_S[@]}"); h_min=$(minimum "${HAKO_S[@]}")
c_med=$(median "${CTRD_S[@]}"); c_min=$(minimum "${CTRD_S[@]}")
hd_med=$(median "${HAKO_DAEMON_S[@]}"); hd_min=$(minimum "${HAKO_DAEMON_S[@]}")
ct_med=$(median "${CTRD_TOOL_S[@]}"); ct_min=$(minimum "${CTRD_TOOL_S[@]}")
hc_med=$(printf "%.2f" "$(median "${HAKO_CPU[@]}")"); cc_med=$(printf "%.2f" "$(median "${CTRD_CPU[@]}")")
r_med=$(ratio "$c_med" "$h_med"); r_min=$(ratio "$c_min" "$h_min")
h_hwm=$(mib "$(maximum "${HAKO_HWM[@]}")"); h_hwm_med=$(mib "$(median "${HAKO_HWM[@]}")")
h_idle=$(mib "$(median "${HAKO_IDLE_HWM[@]}")")
c_hwm=$(mib "$(maximum "${CTRD_HWM[@]}")"); ctr_rss=$(mib "$(maximum "${CTR_RSS[@]}")")

table=$(cat <<EOF
| tool | median s | min s | all runs (s) |
|---|---:|---:|---|
| hako (\`hako pull -q\`) | $h_med | $h_min | ${HAKO_S[*]} |
| containerd (\`ctr images pull\`) | $c_med | $c_min | ${CTRD_S[*]} |
| **ratio containerd / hako** | **$r_med** | **$r_min** | >1: hako is faster |

Inside the tools (excluding the client process start):

| | median s | min s | all runs (s) |
|---|---:|---:|---|
| hakod, from its "pulling" to its "pulled" log line | $hd_med | $hd_min | ${HAKO_DAEMON_S[*]} |
| ctr's own "done:" time | $ct_med | $ct_min | ${CTRD_TOOL_S[*]} |

CPU seconds (user + system) used by the pull, daemon and client together (the machine has $(nproc) CPUs):

| | median CPU s | all runs |
|---|---:|---|
| hakod + hako CLI | $hc_med | ${HAKO_CPU[*]} |
| containerd + ctr | $cc_med | ${CTRD_CPU[*]} |

Memory (peak resident set, the largest over all runs):

| process | peak RSS |
|---|---:|
| hakod during the pull (VmHWM) | $h_hwm MiB (median $h_hwm_med MiB; $h_idle MiB after start, before the pull) |
| containerd during the pull (VmHWM) | $c_hwm MiB |
| ctr (it downloads the blobs and streams them to containerd) | $ctr_rss MiB |
EOF
)

echo
echo "Image pull: $IMAGE_LAYERS layers, $(mib $((IMAGE_UNCOMPRESSED / 1024))) MiB uncompressed, $(mib $((IMAGE_COMPRESSED / 1024))) MiB gzip, $ITERATIONS runs each"
echo "$table"

if [ "$WRITE_RESULTS" -eq 1 ]; then
    body=$WORK/section.md
    cat >"$body" <<EOF
## Image pull

hako against containerd pulling one multi-layer image from a registry on loopback. Every pull
gets a freshly started daemon on new, empty store directories; nothing is dropped from the page
cache; stores are kept until the end and the file system is synced after each pull (untimed).
$ITERATIONS measured pulls per tool after $WARMUP untimed warm-up pull(s) each, alternating which
tool goes first. Times are wall-clock seconds of the client command, which returns once the
image is downloaded, verified and unpacked into overlay snapshots.

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)
- machine: $(machine_summary); load average $LOAD_START before the runs, $LOAD_END after (the machine is shared)
- hako: $(hako_version); hakod run by \`bin/hakod\` with default settings (max_concurrent_downloads 3)
- containerd: $(containerd --version | awk '{ print $3 }') (Debian), overlayfs snapshotter, \`ctr images pull --plain-http --max-concurrent-downloads $CONCURRENCY\`
- stores: temporary directories under /tmp, $STORE_FS
- registry: docker-registry $(docker-registry --version | awk '{ print $3 }') (Debian) on 127.0.0.1, filesystem storage
- image: $IMAGE_LAYERS layers (GNU tar + gzip -6 of directories from /usr/lib, /usr/share, /usr/bin, and a top layer with whiteouts and an opaque directory), $IMAGE_ENTRIES entries, $(mib $((IMAGE_UNCOMPRESSED / 1024))) MiB uncompressed, $(mib $((IMAGE_COMPRESSED / 1024))) MiB compressed
- checked after every pull: both tools unpacked all $IMAGE_LAYERS layers into the same trees (paths, types, modes, owners, sizes, link targets, whiteouts, opaque directories)
- command: \`sudo $COMMAND_LINE\` (from the repository root)

$table

Notes:
- \`ctr images pull\` (containerd 1.6) downloads every blob first (ctr fetches and streams them
  into containerd's content store) and then unpacks the layers one after another. containerd's
  client pull with unpacking, which its CRI plugin uses, overlaps downloads with an in-order,
  one-layer-at-a-time unpack. hako streams each layer from the network through gzip and the tar
  reader into its snapshot, up to 3 layers at once.
- hako's wall clock includes starting the \`hako\` CLI, a JVM (compare the two tables above); ctr
  is a Go binary. The kubelet talks to hakod directly, without it.
- hakod is a fresh JVM for every pull, so each pull also pays its JIT warm-up.
EOF
    results_update "image-pull" "$body"
    log "wrote the \"Image pull\" section of $RESULTS_FILE"
fi
