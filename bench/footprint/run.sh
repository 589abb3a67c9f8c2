#!/usr/bin/env bash
# hakod's footprint side by side with containerd 1.6 (its CRI plugin), in one run: how long each
# takes to start, what it holds idle, what it and its monitors hold with many pods, and the daemon
# CPU a pod start costs.
#
# Both daemons are private instances (bench/critest/daemons.sh): fresh temporary root, state and
# socket, the critest kit's image mirror, each its own CNI bridge network; hakod started as
# scripts/hakod-service.sh starts it (setsid bin/hakod, from a private copy of build/).
#   start-up   S restarts of each daemon on its store (its database in place, no pods), alternating
#              which goes first: the time from the launch until the daemon logs that it serves
#              (looked for every 5 ms; hakod logs it once both its sockets serve, containerd once its
#              socket serves the CRI), checked with crictl version; the median is reported.
#   idle       VmRSS and PSS 10 s after the last restart, before any request but the version calls.
#   pods       after one untimed pod (images pulled, the pod's path loaded), P pods of one container
#              each (busybox sleep 3600) through crictl as the kubelet would make them (runp,
#              create, start), one at a time: the daemon's CPU (user + system from /proc/PID/stat,
#              the daemon process alone: monitors, runc and CNI plugins are other processes) per
#              pod start; then, with all P running, the RSS and PSS of the daemon plus all its
#              per-container monitors (conmon for hako; containerd-shim-runc-v2 for containerd,
#              which also holds the pod's pause process as a container).
#   after      the pods removed (crictl rmp -fa), VmRSS and PSS 10 s later.
# One tool at a time through each phase, so the other is idle. Prints the table and writes the
# "footprint" section of bench/RESULTS.md. Daemon CPU per `run --rm` is bench/run/run.sh's.
#
# usage: bench/footprint/run.sh [-s S] [-p P] [--no-results] [--keep-logs DIR]
#   -s S          restarts per daemon for the start-up time (default 5)
#   -p P          pods running at once (default 100)
#   --no-results  leave bench/RESULTS.md alone
#   --keep-logs DIR  copy the daemons' logs and configurations to DIR
# Environment: HAKOD_JVM_OPTIONS (extra JVM options for hakod, through JDK_JAVA_OPTIONS, to try a
# flag side by side; noted in the results), CRITEST_KIT, CRITEST_WORK as for bench/critest/run.sh.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$BENCH_DIR/critest/daemons.sh"

STARTS=5
PODS=100
WRITE_RESULTS=1
KEEP_LOGS=
COMMAND_LINE="bench/footprint/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        -s) STARTS=$2; shift 2 ;;
        -p) PODS=$2; shift 2 ;;
        --no-results) WRITE_RESULTS=0; shift ;;
        --keep-logs) KEEP_LOGS=$(realpath -m "$2"); shift 2 ;;
        -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$STARTS" =~ ^[1-9][0-9]*$ ]] || die "-s wants a positive number, not $STARTS"
[[ "$PODS" =~ ^[1-9][0-9]*$ ]] || die "-p wants a positive number, not $PODS"
if [ -n "${HAKOD_JVM_OPTIONS:-}" ]; then export JDK_JAVA_OPTIONS="$HAKOD_JVM_OPTIONS"; fi

daemons_requirements
TAG=footprint
declare -A BRIDGE=([hako]=hkf-h0 [ctrd]=hkf-c0)
declare -A SUBNET=([hako]=10.211.0.0/24 [ctrd]=10.212.0.0/24)
declare -A PREFIX=([hako]=10.211.0. [ctrd]=10.212.0.)
daemons_init
trap 'rc=$?; trap - EXIT INT TERM; daemons_cleanup; exit $rc' EXIT
trap 'exit 130' INT TERM

TEST_IMAGE=registry.k8s.io/e2e-test-images/busybox:1.29-2
TICK_MS=$(awk -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.6f", 1000 / t }')
WAIT_POLL_MS=5
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

log "preparing: the kit's mirror, hakod and containerd (CRI)"
mirror_start
start_daemons
daemon_pid() { [ "$1" = hako ] && echo "$HAKOD_PID" || echo "$CTRD_PID"; }

# ---- start-up ----------------------------------------------------------------------------------
# timed_start TOOL: stops the tool's daemon and starts it again on the same store; sets START_LAST to
# the milliseconds from the launch until it logs that it serves (hakod's "serving on", containerd's
# "containerd successfully booted": each logs it once its sockets answer), then checks that crictl
# version answers. Not in a subshell: the daemon must stay this shell's child.
timed_start() {
    local tool=$1 t0 t1
    stop_process "$(daemon_pid "$tool")"
    unmount_under "$WORK/$tool"
    t0=$(now_ns)
    restart_daemon "$tool" >/dev/null
    t1=$(now_ns)
    crictl_of "$tool" version >/dev/null || die "${LABEL[$tool]} logged that it serves, but crictl version fails"
    START_LAST=$(( (t1 - t0) / 1000000 ))
}

declare -A START_MS
for ((i = 1; i <= STARTS; i++)); do
    order=(hako ctrd)
    [ $((i % 2)) -eq 0 ] && order=(ctrd hako)
    for tool in "${order[@]}"; do
        timed_start "$tool"
        START_MS[$tool]="${START_MS[$tool]:-} $START_LAST"
        log "start $i: ${LABEL[$tool]} serves after $START_LAST ms"
    done
done
sleep 10
declare -A IDLE_RSS IDLE_PSS
for tool in "${TOOLS[@]}"; do
    pid=$(daemon_pid "$tool")
    IDLE_RSS[$tool]=$(rss "$pid")
    IDLE_PSS[$tool]=$(pss_kib "$pid")
    log "${LABEL[$tool]} just started: RSS $(mib "${IDLE_RSS[$tool]}") MiB"
done

# ---- pods --------------------------------------------------------------------------------------
pod_json() { # TOOL NAME
    printf '{ "metadata": { "name": "%s", "namespace": "hako-bench", "uid": "hako-bench-%s-%s", "attempt": 0 },
  "hostname": "%s", "log_directory": "%s", "linux": { "cgroup_parent": "%s" } }\n' \
        "$2" "$1" "$2" "$2" "$WORK/logs-$1" "$CGROUP_PARENT"
}
cat >"$WORK/container.json" <<EOF
{ "metadata": { "name": "sleeper" }, "image": { "image": "$TEST_IMAGE" },
  "command": ["sleep", "3600"], "log_path": "sleeper.log", "linux": {} }
EOF

# pod_start TOOL NAME: RunPodSandbox, CreateContainer, StartContainer, as the kubelet does them.
pod_start() {
    local tool=$1 pod ctr
    pod_json "$tool" "$2" >"$WORK/pod-$tool.json"
    pod=$(crictl_of "$tool" runp "$WORK/pod-$tool.json") || die "${LABEL[$tool]}: runp $2 failed"
    ctr=$(crictl_of "$tool" create "$pod" "$WORK/container.json" "$WORK/pod-$tool.json") ||
        die "${LABEL[$tool]}: create in $2 failed"
    crictl_of "$tool" start "$ctr" >/dev/null || die "${LABEL[$tool]}: start in $2 failed"
}

# The processes that monitor the tool's containers: conmon (hako), the runc shim (containerd).
monitors_of() {
    local comm=$([ "$1" = hako ] && echo conmon || echo containerd-shim)
    ps -eo pid=,comm=,args= | awk -v w="$WORK/" -v c="$comm" 'index($2, c) == 1 && index($0, w) { print $1 }'
}

declare -A CPU_MS POD_RSS POD_PSS MON_COUNT MON_RSS MON_PSS AFTER_RSS AFTER_PSS
for tool in "${TOOLS[@]}"; do
    mkdir -p "$WORK/logs-$tool"
    log "${LABEL[$tool]}: pulling $TEST_IMAGE and one untimed pod"
    crictl_of "$tool" pull "$TEST_IMAGE" >/dev/null || die "${LABEL[$tool]}: pull failed"
    [ "$tool" = ctrd ] && { crictl_of ctrd pull "$CTRD_SANDBOX_IMAGE" >/dev/null || die "containerd: pull of its pause image failed"; }
    pod_start "$tool" warmup
    crictl_of "$tool" rmp -fa >/dev/null
    pid=$(daemon_pid "$tool")
    ticks0=$(cpu_ticks "$pid")
    for ((i = 1; i <= PODS; i++)); do
        pod_start "$tool" "pod-$i"
        [ $((i % 25)) -eq 0 ] && log "${LABEL[$tool]}: $i of $PODS pods running"
    done
    ticks1=$(cpu_ticks "$pid")
    CPU_MS[$tool]=$(awk -v d=$((ticks1 - ticks0)) -v t="$TICK_MS" -v n="$PODS" 'BEGIN { printf "%.1f", d * t / n }')
    sleep 10
    POD_RSS[$tool]=$(rss "$pid")
    POD_PSS[$tool]=$(pss_kib "$pid")
    mons=$(monitors_of "$tool")
    MON_COUNT[$tool]=$(wc -w <<<"$mons")
    # shellcheck disable=SC2086
    MON_RSS[$tool]=$(sum_rss $mons)
    # shellcheck disable=SC2086
    MON_PSS[$tool]=$(sum_pss $mons)
    log "${LABEL[$tool]}: $PODS pods: daemon CPU ${CPU_MS[$tool]} ms per pod start; RSS daemon $(mib "${POD_RSS[$tool]}") MiB + ${MON_COUNT[$tool]} monitors $(mib "${MON_RSS[$tool]}") MiB"
    crictl_of "$tool" rmp -fa >/dev/null || die "${LABEL[$tool]}: crictl rmp -fa failed"
    sleep 10
    AFTER_RSS[$tool]=$(rss "$pid")
    AFTER_PSS[$tool]=$(pss_kib "$pid")
done

# ---- the table ---------------------------------------------------------------------------------
declare -A START_MED
for tool in "${TOOLS[@]}"; do
    # shellcheck disable=SC2086
    START_MED[$tool]=$(median ${START_MS[$tool]} | awk '{ printf "%.0f", $1 }')
done
both() { # hako-value ctrd-value unit: "h | c | h/c"
    printf '%s %s | %s %s | %s' "$1" "$3" "$2" "$3" "$(ratio "$1" "$2")"
}
body=$WORK/results.md
{
    echo "## footprint (hakod against containerd's CRI)"
    echo
    echo "Written by \`$COMMAND_LINE\` on $(date -u +%Y-%m-%d). Ratios are hako / containerd (below 1: hako holds or takes less)."
    echo
    echo "| | hakod | containerd | hako / containerd |"
    echo "|---|---:|---:|---:|"
    echo "| start until serving (median of $STARTS restarts) | $(both "${START_MED[hako]}" "${START_MED[ctrd]}" ms) |"
    echo "| RSS idle, just started (PSS) | $(both "$(mib "${IDLE_RSS[hako]}")" "$(mib "${IDLE_RSS[ctrd]}")" MiB) ($(mib "${IDLE_PSS[hako]}") / $(mib "${IDLE_PSS[ctrd]}")) |"
    echo "| daemon CPU per pod start (RunPodSandbox + CreateContainer + StartContainer; $PODS, sequential) | $(both "${CPU_MS[hako]}" "${CPU_MS[ctrd]}" ms) |"
    echo "| RSS with $PODS pods: daemon | $(both "$(mib "${POD_RSS[hako]}")" "$(mib "${POD_RSS[ctrd]}")" MiB) |"
    echo "| RSS with $PODS pods: monitors (hako: ${MON_COUNT[hako]} conmon; containerd: ${MON_COUNT[ctrd]} shims) | $(both "$(mib "${MON_RSS[hako]}")" "$(mib "${MON_RSS[ctrd]}")" MiB) |"
    echo "| RSS with $PODS pods: daemon + monitors (PSS) | $(both "$(mib $((POD_RSS[hako] + MON_RSS[hako])))" "$(mib $((POD_RSS[ctrd] + MON_RSS[ctrd])))" MiB) ($(mib $((POD_PSS[hako] + MON_PSS[hako]))) / $(mib $((POD_PSS[ctrd] + MON_PSS[ctrd])))) |"
    echo "| RSS idle after the pods are removed (PSS) | $(both "$(mib "${AFTER_RSS[hako]}")" "$(mib "${AFTER_RSS[ctrd]}")" MiB) ($(mib "${AFTER_PSS[hako]}") / $(mib "${AFTER_PSS[ctrd]}")) |"
    echo
    echo "Start-up samples (ms): hakod${START_MS[hako]}; containerd${START_MS[ctrd]}."
    echo
    echo "- machine: $(machine_summary); load average $LOAD_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after (the machine is shared)"
    echo "- hako: $HAKO_VERSION; hakod by \`bin/hakod\`${HAKOD_JVM_OPTIONS:+ with JDK_JAVA_OPTIONS=\"$HAKOD_JVM_OPTIONS\"}"
    echo "- containerd: $(containerd --version | awk '{ print $3 }') with its CRI plugin, runc $(runc --version | awk 'NR == 1 { print $3 }'); ${VERSION_CTRD:-$(cri_version ctrd)}"
    echo "- pods: $TEST_IMAGE \`sleep 3600\`, one container each, on each runtime's own CNI bridge (bridge + host-local + portmap); containerd's sandbox image $CTRD_SANDBOX_IMAGE"
} >"$body"
cat "$body"
[ "$WRITE_RESULTS" -eq 1 ] && results_update footprint "$body"
exit 0
