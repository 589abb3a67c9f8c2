#!/usr/bin/env bash
# critest's own benchmark: `critest -benchmark` (cri-tools v1.29.0, through the critest kit's
# ../shared/critest/run.sh ENDPOINT --benchmark) against hakod and against containerd 1.6 with its
# CRI plugin, side by side in one run.
#
# The kit's benchmark-params.yaml: 50 pod lifecycles (RunPodSandbox, PodSandboxStatus,
# StopPodSandbox, RemovePodSandbox) and 50 container lifecycles (each in a fresh pod:
# CreateContainer, StartContainer, ContainerStatus, StopContainer, RemoveContainer), 10 image
# pull/remove cycles and 10 image listings, one at a time. critest times each call in its client;
# this script pools the samples of all rounds per runtime and reports the p50 (the median, as the
# kit computes it) of CreatePod (RunPodSandbox), CreateContainer and StartContainer, their sum, and
# the ratio hako / containerd of each (below 1: hako is faster). The goal the project tracks: the sum
# of hako's p50s at most 0.7x containerd's.
#
# Both daemons are private instances (bench/critest/daemons.sh): fresh temporary root, state and
# socket, the kit's image mirror for registry.k8s.io, gcr.io, public.ecr.aws and docker.io, each its
# own CNI conflist (bridge + host-local + portmap; own bridge and /24 subnet); hakod started as
# scripts/hakod-service.sh starts it (setsid bin/hakod, from a private copy of build/). Pods'
# cgroups: critest asks RuntimeConfig for the cgroup driver; hako answers cgroupfs, so critest leaves
# cgroup_parent empty and hako puts pods under this script's /hako-bench-critest; containerd 1.6 has
# no RuntimeConfig, so critest sends /test.slice, which containerd makes "test.slice:cri-containerd:ID"
# and runc takes relative to its own cgroup: containerd runs in /hako-bench-critest/containerd, so
# its pods go under this script's parent too. Before the rounds, untimed, each runtime pulls the test image (and containerd its
# sandbox image) and runs one pod with one container through crictl, and the pod's address is
# checked to be in its runtime's subnet. R rounds, alternating which runtime goes first. Everything
# the run made is removed on every exit path. Prints the table and writes the "critest -benchmark"
# section of bench/RESULTS.md.
#
# usage: bench/critest/run.sh [-r R] [-n N] [--lifecycle-only] [--no-results] [--keep-logs DIR]
#   -r R              critest -benchmark runs per runtime (default 2), alternating which goes first
#   -n N              N pod and N container lifecycles per run instead of the kit's 50 (a copy of
#                     the kit's benchmark-params.yaml with N; for a quick look)
#   --lifecycle-only  only the pod and container lifecycle benchmarks (leaves out the image pull
#                     and listing benchmarks, which give no p50 reported here)
#   --no-results      leave bench/RESULTS.md alone
#   --keep-logs DIR   copy the daemons' logs, their configurations and critest's output to DIR
# Environment: CRITEST_KIT (default ../shared/critest), CRITEST_WORK (the kit's work directory,
# default /var/tmp/hako-critest; critest's reports stay in its reports/). build/ is used as it is
# (a private copy); when it is missing the script waits up to 5 minutes (a rebuild under way) and
# then stops: it never runs scripts/build.sh itself, the folder being shared.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$BENCH_DIR/critest/daemons.sh"

ROUNDS=2
NUMBER=
LIFECYCLE_ONLY=0
WRITE_RESULTS=1
KEEP_LOGS=
COMMAND_LINE="bench/critest/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        -r|--rounds) ROUNDS=$2; shift 2 ;;
        -n|--number) NUMBER=$2; shift 2 ;;
        --lifecycle-only) LIFECYCLE_ONLY=1; shift ;;
        --no-results) WRITE_RESULTS=0; shift ;;
        --keep-logs) KEEP_LOGS=$(realpath -m "$2"); shift 2 ;;
        -h|--help) sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "-r wants a positive number, not $ROUNDS"
[ -z "$NUMBER" ] || [[ "$NUMBER" =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive number, not $NUMBER"

daemons_requirements
TAG=critest
declare -A BRIDGE=([hako]=hkq-h0 [ctrd]=hkq-c0)
declare -A SUBNET=([hako]=10.203.0.0/24 [ctrd]=10.204.0.0/24)
declare -A PREFIX=([hako]=10.203.0. [ctrd]=10.204.0.)
daemons_init
trap 'rc=$?; trap - EXIT INT TERM; daemons_cleanup; exit $rc' EXIT
trap 'exit 130' INT TERM

TEST_IMAGE=registry.k8s.io/e2e-test-images/busybox:1.29-2
OPS=(CreatePod CreateContainer StartContainer)
declare -A OP_FILE=([CreatePod]=pod [CreateContainer]=container [StartContainer]=container)
declare -A OP_CALL=([CreatePod]=RunPodSandbox [CreateContainer]=CreateContainer [StartContainer]=StartContainer)

# ---- setup -------------------------------------------------------------------------------------
log "preparing: the kit's mirror, hakod and containerd (CRI)"
mirror_start
start_daemons
declare -A VERSION
for tool in "${TOOLS[@]}"; do VERSION[$tool]=$(cri_version "$tool"); done
log "CRI: ${VERSION[hako]}; ${VERSION[ctrd]}"

CRITEST_ARGS=()
PARAMS_NOTE="the kit's benchmark-params.yaml ($(awk -F': *' '/^containersNumber:/ { c = $2 } /^podsNumber:/ { p = $2 }
    /^imagesNumber:/ { i = $2 } END { printf "%s pod lifecycles, %s container lifecycles, %s image pull/remove cycles and listings", p, c, i }' \
    "$CRITEST_KIT/benchmark-params.yaml"); one at a time)"
if [ -n "$NUMBER" ]; then
    sed -e "s/^containersNumber:.*/containersNumber: $NUMBER/" -e "s/^podsNumber:.*/podsNumber: $NUMBER/" \
        "$CRITEST_KIT/benchmark-params.yaml" >"$WORK/benchmark-params.yaml"
    CRITEST_ARGS+=(--benchmarking-params-file="$WORK/benchmark-params.yaml")
    PARAMS_NOTE="the kit's benchmark-params.yaml with $NUMBER pod and $NUMBER container lifecycles"
fi
if [ "$LIFECYCLE_ONLY" -eq 1 ]; then
    # critest -benchmark sets its own focus ("benchmark"), so the others are skipped instead.
    CRITEST_ARGS+=(--skip 'benchmark about operations on Image' --skip 'benchmark about start a container from scratch')
    PARAMS_NOTE+="; only the pod and container lifecycle benchmarks (--lifecycle-only)"
fi

# Warm-up (untimed): the images pulled, one pod with one container, its address checked.
warm_up() {
    local tool=$1 pod ctr ip
    crictl_of "$tool" pull "$TEST_IMAGE" >>"$OUT/warmup-$tool.log" 2>&1 ||
        { cat "$OUT/warmup-$tool.log" >&2; die "${LABEL[$tool]}: crictl pull $TEST_IMAGE failed"; }
    if [ "$tool" = ctrd ]; then
        crictl_of "$tool" pull "$CTRD_SANDBOX_IMAGE" >>"$OUT/warmup-$tool.log" 2>&1 ||
            { cat "$OUT/warmup-$tool.log" >&2; die "containerd: crictl pull $CTRD_SANDBOX_IMAGE failed"; }
    fi
    mkdir -p "$WORK/logs-$tool"
    cat >"$WORK/warmup-pod-$tool.json" <<EOF
{ "metadata": { "name": "warmup", "namespace": "hako-bench", "uid": "hako-bench-warmup-$tool", "attempt": 0 },
  "hostname": "warmup", "log_directory": "$WORK/logs-$tool",
  "linux": { "cgroup_parent": "$CGROUP_PARENT" } }
EOF
    cat >"$WORK/warmup-ctr.json" <<EOF
{ "metadata": { "name": "warmup" }, "image": { "image": "$TEST_IMAGE" },
  "command": ["sleep", "3600"], "log_path": "warmup.log", "linux": {} }
EOF
    pod=$(crictl_of "$tool" runp "$WORK/warmup-pod-$tool.json" 2>>"$OUT/warmup-$tool.log") ||
        { cat "$OUT/warmup-$tool.log" >&2; die "${LABEL[$tool]}: crictl runp failed"; }
    ctr=$(crictl_of "$tool" create "$pod" "$WORK/warmup-ctr.json" "$WORK/warmup-pod-$tool.json" 2>>"$OUT/warmup-$tool.log") ||
        { cat "$OUT/warmup-$tool.log" >&2; die "${LABEL[$tool]}: crictl create failed"; }
    crictl_of "$tool" start "$ctr" >>"$OUT/warmup-$tool.log" 2>&1 ||
        { cat "$OUT/warmup-$tool.log" >&2; die "${LABEL[$tool]}: crictl start failed"; }
    ip=$(crictl_of "$tool" inspectp -o json "$pod" | jq -r '.status.network.ip')
    [[ "$ip" == "${PREFIX[$tool]}"* ]] || die "${LABEL[$tool]}: the warm-up pod's address $ip is not in ${SUBNET[$tool]}"
    crictl_of "$tool" rmp -fa >>"$OUT/warmup-$tool.log" 2>&1 ||
        { cat "$OUT/warmup-$tool.log" >&2; die "${LABEL[$tool]}: crictl rmp -fa failed"; }
    log "  ${LABEL[$tool]}: images pulled, warm-up pod ran at $ip"
}
log "warm-up (untimed)"
for tool in "${TOOLS[@]}"; do warm_up "$tool"; done

# ---- the runs ----------------------------------------------------------------------------------
# order I: the tools, rotated by I (round 1: hako first).
order() {
    local i=$(( ($1 - 1) % ${#TOOLS[@]} ))
    echo "${TOOLS[@]:i} ${TOOLS[@]:0:i}"
}
# op_ms FILE OP: every sample of OP in a critest benchmark data file, in milliseconds.
op_ms() {
    [ -s "$1" ] || return 0
    jq -r --arg op "$2" '(.operationsNames // [] | index($op)) as $i | select($i != null)
        | .datapoints[]? | .operationsDurationsNs[$i] | select(. != null)' "$1" | awk '{ printf "%.3f\n", $1 / 1e6 }'
}

declare -A SAMPLES RUN_P50 RUN_LOAD RUN_SUMMARY RUN_SECONDS RUN_REPORT
FAILED_RUNS=()
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$ROUNDS"); do
    for tool in $(order "$r"); do
        run=$tool-$r
        RUN_LOAD[$run]=$(cut -d' ' -f1 /proc/loadavg)
        log "round $r/$ROUNDS: critest -benchmark against ${LABEL[$tool]} (load ${RUN_LOAD[$run]})"
        t0=$SECONDS
        # A session of its own, waited for: a signal to this script ends critest too (cleanup).
        setsid "$CRITEST_KIT/run.sh" "${SOCK[$tool]}" --benchmark "${CRITEST_ARGS[@]}" >"$OUT/critest-$run.log" 2>&1 </dev/null &
        CLIENT_SESSIONS=($!)
        rc=0
        wait "${CLIENT_SESSIONS[0]}" || rc=$?
        CLIENT_SESSIONS=()
        RUN_SECONDS[$run]=$((SECONDS - t0))
        report=$(sed -n 's/^reports: //p' "$OUT/critest-$run.log" | tail -1)
        RUN_REPORT[$run]=$report
        RUN_SUMMARY[$run]=$(grep '^critest: [0-9]' "$OUT/critest-$run.log" | tail -1 || true)
        [ -n "$report" ] && [ -d "$report/benchmark" ] ||
            { tail -30 "$OUT/critest-$run.log" >&2; die "${LABEL[$tool]}: critest wrote no benchmark data (exit code $rc)"; }
        cp -r "$report/benchmark" "$OUT/benchmark-$run"
        if [ "$rc" -ne 0 ]; then
            FAILED_RUNS+=("${LABEL[$tool]}, round $r: ${RUN_SUMMARY[$run]:-critest exit code $rc} ($report)")
            log "  critest failed (exit code $rc): ${RUN_SUMMARY[$run]:-no summary}; see $report"
            sed -n '/^critest: [0-9]/,$p' "$OUT/critest-$run.log" | sed 's/^/    /' >&2
        fi
        line=""
        for op in "${OPS[@]}"; do
            values=$(op_ms "$OUT/benchmark-$run/${OP_FILE[$op]}_benchmark_data.json" "$op")
            [ -n "$values" ] || die "${LABEL[$tool]}, round $r: no $op samples in $report/benchmark"
            SAMPLES[$tool.$op]+=" $values"
            RUN_P50[$run.$op]=$(median $values)
            line+=" $op ${RUN_P50[$run.$op]} ms,"
        done
        log "  ${RUN_SECONDS[$run]} s:${line%,} (${RUN_SUMMARY[$run]#critest: })"
        # critest removes what it made; a leftover pod would tell of a failed spec.
        if [ -n "$(crictl_of "$tool" pods -q 2>/dev/null)" ]; then
            log "  ${LABEL[$tool]} has pods left after critest: removing them (crictl rmp -fa)"
            crictl_of "$tool" rmp -fa >>"$OUT/leftovers.log" 2>&1 || true
        fi
    done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
CGROUP_NOTE=$(grep -l 'RuntimeConfig from runtime service failed' "$OUT"/critest-*.log 2>/dev/null |
    sed 's/.*critest-\(.*\)-[0-9]*\.log/\1/' | sort -u | sed 's/^hako$/hako/; s/^ctrd$/containerd/' | paste -sd, - || true)

# ---- report ------------------------------------------------------------------------------------
fmt() { awk -v v="$1" 'BEGIN { printf (v >= 100 ? "%.0f" : "%.1f"), v }'; }
declare -A P50 P90 COUNT
SUM_hako=0
SUM_ctrd=0
for tool in "${TOOLS[@]}"; do
    for op in "${OPS[@]}"; do
        v=${SAMPLES[$tool.$op]}
        P50[$tool.$op]=$(median $v)
        P90[$tool.$op]=$(percentile 90 $v)
        COUNT[$tool.$op]=$(wc -w <<<"$v")
    done
done
SUM_hako=$(awk -v a="${P50[hako.CreatePod]}" -v b="${P50[hako.CreateContainer]}" -v c="${P50[hako.StartContainer]}" 'BEGIN { printf "%.3f", a + b + c }')
SUM_ctrd=$(awk -v a="${P50[ctrd.CreatePod]}" -v b="${P50[ctrd.CreateContainer]}" -v c="${P50[ctrd.StartContainer]}" 'BEGIN { printf "%.3f", a + b + c }')
SUM_RATIO=$(awk -v a="$SUM_hako" -v b="$SUM_ctrd" 'BEGIN { printf "%.3f", a / b }')
if awk -v a="$SUM_hako" -v b="$SUM_ctrd" 'BEGIN { exit !(a <= 0.7 * b) }'; then
    GOAL="met: hako's sum is ${SUM_RATIO}x containerd's (at most 0.7x wanted)"
else
    GOAL="not met: hako's sum is ${SUM_RATIO}x containerd's (at most 0.7x wanted; $(fmt "$(awk -v b="$SUM_ctrd" 'BEGIN { print 0.7 * b }')") ms)"
fi

rows=""
for op in "${OPS[@]}"; do
    rows+="| $op (${OP_CALL[$op]}) | ${COUNT[hako.$op]} | $(fmt "${P50[hako.$op]}") | $(fmt "${P50[ctrd.$op]}") | $(awk -v a="${P50[hako.$op]}" -v b="${P50[ctrd.$op]}" 'BEGIN { printf "%.2f", a / b }') | $(fmt "${P90[hako.$op]}") | $(fmt "${P90[ctrd.$op]}") |
"
done
table=$(cat <<EOF
Milliseconds per call as critest measures it (all rounds' samples pooled); ratio hako / containerd (below 1: hako is faster):

| operation | samples per runtime | hako p50 | containerd p50 | hako/containerd p50 | hako p90 | containerd p90 |
|---|---:|---:|---:|---:|---:|---:|
${rows}| **sum of the three p50s** | | **$(fmt "$SUM_hako")** | **$(fmt "$SUM_ctrd")** | **$(printf '%.2f' "$SUM_RATIO")** | | |

Goal (sum of hako's p50s at most 0.7x containerd's): $GOAL.
EOF
)
run_rows=""
for r in $(seq 1 "$ROUNDS"); do
    for tool in $(order "$r"); do
        run=$tool-$r
        s=$(awk -v a="${RUN_P50[$run.CreatePod]}" -v b="${RUN_P50[$run.CreateContainer]}" -v c="${RUN_P50[$run.StartContainer]}" 'BEGIN { printf "%.3f", a + b + c }')
        run_rows+="| $r | ${LABEL[$tool]} | ${RUN_LOAD[$run]} | $(fmt "${RUN_P50[$run.CreatePod]}") | $(fmt "${RUN_P50[$run.CreateContainer]}") | $(fmt "${RUN_P50[$run.StartContainer]}") | $(fmt "$s") | ${RUN_SECONDS[$run]} | ${RUN_SUMMARY[$run]#critest: } |
"
    done
done
run_table=$(cat <<EOF
Each run on its own (p50 in ms; the 1-minute load average when the run began; critest's wall time and its spec summary):

| round | runtime | load | CreatePod | CreateContainer | StartContainer | sum | seconds | critest |
|---|---|---:|---:|---:|---:|---:|---:|---|
${run_rows%$'\n'}
EOF
)
failed_note="none"
[ ${#FAILED_RUNS[@]} -gt 0 ] && failed_note=$(printf '%s; ' "${FAILED_RUNS[@]}")

echo
echo "critest -benchmark: hako against containerd (CRI), $ROUNDS round(s) per runtime"
echo "$table"
echo
echo "$run_table"
echo
echo "critest failures: $failed_note"

if [ "$WRITE_RESULTS" -eq 1 ]; then
    body=$WORK/section.md
    cat >"$body" <<EOF
## critest -benchmark (CRI)

\`critest -benchmark\` (cri-tools' own CRI benchmark, through the critest kit's \`run.sh ENDPOINT
--benchmark\`) against hakod and against containerd with its CRI plugin, $ROUNDS run(s) per runtime,
alternating which goes first. critest times each CRI call in its client; the samples of all runs are
pooled per runtime. CreatePod is RunPodSandbox of a pod with no network namespace options (so a pod
network through CNI); CreateContainer includes critest's ImageStatus check of the image before the
call; each container lifecycle runs in a pod of its own. Before the runs, untimed, each runtime
pulled the test image (containerd also its sandbox image) and ran one pod with one container. The
project's goal: the sum of hako's three p50s at most 0.7x containerd's.

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)
- machine: $(machine_summary); load average $LOAD_START before the runs, $LOAD_END after (the machine is shared; each run's load is in the second table)
- critest $("$CRITEST" --version 2>/dev/null | sed -n 's/^critest version: //p' | head -1), crictl $("$CRICTL" --version 2>/dev/null | awk '{ print $NF }') (the kit's static binaries); $PARAMS_NOTE
- hako: $HAKO_VERSION; hakod started as \`scripts/hakod-service.sh\` starts it (\`setsid bin/hakod\`), with \`--config --root --state --socket\` of its own; hako.toml: runtime handler runc, \`cgroup_parent = "$CGROUP_PARENT"\`, \`[cni] conf_dir\` (its conflist) and \`bin_dirs = ["/usr/lib/cni"]\`, \`[registries."HOST"] mirrors\` as \`mirror.sh start\` prints them; CRI Version: ${VERSION[hako]}
- containerd: $(containerd --version | awk '{ print $3 }') (Debian), own root, state and socket, config version 2 with the CRI plugin: runtime runc (io.containerd.runc.v2, SystemdCgroup false), snapshotter overlayfs, \`sandbox_image = "$CTRD_SANDBOX_IMAGE"\` (the mirror's stand-in: a static Go pause), \`registry.mirrors."HOST".endpoint\` = the mirror, CNI \`bin_dir = "/usr/lib/cni"\` and its own \`conf_dir\`, \`restrict_oom_score_adj = true\`, \`netns_mounts_under_state_dir = true\`, stream server on 127.0.0.1; CRI Version: ${VERSION[ctrd]}
- runc $(runc --version | awk 'NR == 1 { print $3 }'), conmon $(conmon --version | awk 'NR == 1 { print $3 }'), containernetworking-plugins $(dpkg-query -W -f '${Version}' containernetworking-plugins 2>/dev/null) (all Debian); cgroups v1 (hybrid), cgroupfs
- cgroups: critest asks RuntimeConfig for the cgroup driver; hako answers cgroupfs, so critest leaves \`cgroup_parent\` empty and hako's pods go under its \`cgroup_parent = "$CGROUP_PARENT"\` (\`$CGROUP_PARENT/ID\`); containerd 1.6 does not implement RuntimeConfig${CGROUP_NOTE:+ (critest logged the failed call for: $CGROUP_NOTE)}, so critest sends \`/test.slice\`, which containerd turns into the systemd-style \`test.slice:cri-containerd:ID\` and runc (cgroupfs) takes relative to its own cgroup: containerd runs in \`$CGROUP_PARENT/containerd\` (entered before exec), so its pods go under \`$CGROUP_PARENT/containerd/test.slice:cri-containerd:ID\`
- network: the same conflist shape for both (\`bridge\` with isGateway, ipMasq and hairpinMode, \`host-local\` IPAM, \`portmap\`; loopback set up by each runtime), each with its own bridge, subnet and host-local store: hako \`${BRIDGE[hako]}\` ${SUBNET[hako]}, containerd \`${BRIDGE[ctrd]}\` ${SUBNET[ctrd]}
- images: the kit's stand-ins (\`mirror.sh\`: Debian's docker-registry on $MIRROR_URL, images built with umoci), pulled by both through the same mirror settings
- stores: temporary directories under /tmp, $(findmnt -no FSTYPE -T "$WORK")
- critest failures: $failed_note
- command: \`sudo $COMMAND_LINE\` (from the repository root)

$table

$run_table
EOF
    results_update "critest" "$body"
    log "wrote the \"critest -benchmark (CRI)\" section of $RESULTS_FILE"
fi
[ ${#FAILED_RUNS[@]} -eq 0 ] || exit 1
