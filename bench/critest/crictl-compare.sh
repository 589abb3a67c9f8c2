#!/usr/bin/env bash
# crictl as an operator uses it, against hakod and against containerd 1.6 with its CRI plugin, with
# the same requests, and the outputs compared side by side: "does crictl work on hako, and does it
# print what it prints for containerd?"
#
# The daemons are set up as for bench/critest/run.sh (bench/critest/daemons.sh: private root, state
# and socket, the kit's image mirror, each its own CNI bridge network; hakod started as
# scripts/hakod-service.sh starts it). The kit's crictl (v1.29.0) then runs, against each runtime in
# turn: version, info, pull, images, inspecti, imagefsinfo, runp (a pod config JSON), pods,
# inspectp, create, ps, start, inspect, exec (streaming and --sync, with a non-zero exit code;
# networking, environment and user seen from inside), exec -it through a pty (`script`: output,
# a line typed, stdin at its end), logs
# (plain, --timestamps, --tail), stats, stop, rm, stopp, rmp, rmi; tables and -o json.
#
# bench/critest/crictl-diff.py compares each command's output after normalising what must differ
# (pod and container IDs, timestamps and ages, temporary paths, pod addresses, bridge and veth
# names, MAC addresses, pty numbers, pids, runtime name and version, sizes and usage numbers, and
# containerd's own sandbox image) and prints a per-command report: same, values differ (with a
# diff), or SHAPE DIFFERS (table columns, "Key:" lines, JSON key paths and types; an exit code that
# differs). Deliberate differences in shape (hako has no pause container, no Go runtime...) are
# listed in crictl-diff.py's KNOWN_DIFFERENCES with their reasons: the report shows them, and they do
# not count. A daemon that dies is reported and started again on the same directories, as a service
# manager would. Exits 1 when any command's shape (beyond those) or exit code differs or a daemon died.
#
# usage: bench/critest/crictl-compare.sh [--report FILE] [--keep-logs DIR]
#   --report FILE    also write the report to FILE
#   --keep-logs DIR  copy the raw outputs (steps/), the daemons' logs and configurations to DIR
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$BENCH_DIR/critest/daemons.sh"

KEEP_LOGS=
REPORT=
while [ $# -gt 0 ]; do
    case "$1" in
        --report) REPORT=$(realpath -m "$2"); shift 2 ;;
        --keep-logs) KEEP_LOGS=$(realpath -m "$2"); shift 2 ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done

daemons_requirements
ensure_packages script:bsdutils /usr/bin/python3:python3
TAG=crictl
declare -A BRIDGE=([hako]=hkx-h0 [ctrd]=hkx-c0)
declare -A SUBNET=([hako]=10.205.0.0/24 [ctrd]=10.206.0.0/24)
declare -A PREFIX=([hako]=10.205.0. [ctrd]=10.206.0.)
daemons_init
trap 'rc=$?; trap - EXIT INT TERM; daemons_cleanup; exit $rc' EXIT
trap 'exit 130' INT TERM

IMAGE=registry.k8s.io/e2e-test-images/busybox:1.29-2
STEPS=$OUT/steps
mkdir -p "$STEPS"
log "preparing: the kit's mirror, hakod and containerd (CRI)"
mirror_start
start_daemons
log "CRI: $(cri_version hako); $(cri_version ctrd)"

# The same pod and container for both; only the log directory is the runtime's own.
for tool in "${TOOLS[@]}"; do
    mkdir -p "$WORK/logs-$tool"
    cat >"$WORK/pod-$tool.json" <<EOF
{
  "metadata": { "name": "crictl-pod", "namespace": "hako-bench", "uid": "hako-bench-crictl-pod", "attempt": 1 },
  "hostname": "crictl-pod",
  "log_directory": "$WORK/logs-$tool",
  "labels": { "app": "compare" },
  "annotations": { "hako.dev/bench": "crictl-compare" },
  "linux": {
    "cgroup_parent": "$CGROUP_PARENT",
    "security_context": { "namespace_options": { "network": 0, "pid": 1, "ipc": 0 } }
  }
}
EOF
done
cat >"$WORK/ctr.json" <<EOF
{
  "metadata": { "name": "app", "attempt": 0 },
  "image": { "image": "$IMAGE" },
  "command": ["sh", "-c", "echo out-line-1; sleep 0.2; echo err-line-1 >&2; sleep 0.2; echo out-line-2; exec sleep 3600"],
  "envs": [{ "key": "GREETING", "value": "hello" }],
  "labels": { "tier": "app" },
  "annotations": { "hako.dev/container": "app" },
  "log_path": "app.log",
  "linux": {}
}
EOF

declare -A POD_ID CTR_ID
ALL_PODS_hako=() ALL_PODS_ctrd=() ALL_CTRS_hako=() ALL_CTRS_ctrd=()
NOTES=()
n=0
# step NAME KIND [MODE] ARGS...: `crictl ARGS` against each runtime; @POD@, @CTR@ and @PODJSON@
# stand for the runtime's pod ID, container ID and pod config file. MODE: --combined (stdout and
# stderr in one: their order matters, as for logs); --pty (through script(1): a terminal on stdin
# and stdout; stdin stays open and sends nothing); --pty-type=TEXT (the same, and TEXT typed with a
# newline after 2 s); --pty-eof (the same, with stdin at its end: script(1) passes that on).
step() {
    local name=$1 kind=$2 mode=plain typed= tool a rc base shown
    shift 2
    case "$1" in
        --combined|--pty|--pty-eof) mode=${1#--}; shift ;;
        --pty-type=*) mode=pty-type; typed=${1#--pty-type=}; shift ;;
    esac
    n=$((n + 1))
    local idx
    idx=$(printf '%02d' "$n")
    shown="$*"
    shown=${shown//$WORK\/ctr.json/ctr.json}
    shown=${shown//@PODJSON@/pod.json}
    case $mode in
        pty) shown="$shown   (through script(1): a pty on stdin and stdout)" ;;
        pty-type) shown="$shown   (through script(1); \"$typed\" and Enter typed after 2 s)" ;;
        pty-eof) shown="$shown   (through script(1), with stdin at its end: </dev/null)" ;;
    esac
    printf '%s\t%s\t%s\t%s\n' "$idx" "$name" "$kind" "$shown" >>"$STEPS/manifest.tsv"
    for tool in "${TOOLS[@]}"; do
        local args=()
        for a in "$@"; do
            a=${a//@POD@/${POD_ID[$tool]:-}}
            a=${a//@CTR@/${CTR_ID[$tool]:-}}
            a=${a//@PODJSON@/$WORK/pod-$tool.json}
            args+=("$a")
        done
        base=$STEPS/$idx.$tool
        rc=0
        local cmd
        cmd=$(printf '%q ' "$CRICTL" --config "$WORK/crictl.yaml" --runtime-endpoint "unix://${SOCK[$tool]}" \
            --image-endpoint "unix://${SOCK[$tool]}" --timeout 60s "${args[@]}")
        case $mode in
            plain) crictl_of "$tool" "${args[@]}" >"$base.out" 2>"$base.err" || rc=$? ;;
            combined) crictl_of "$tool" "${args[@]}" >"$base.out" 2>&1 || rc=$?; : >"$base.err" ;;
            pty) (sleep 3) | timeout 60 script -qec "$cmd" /dev/null >"$base.out" 2>"$base.err" || rc=$? ;;
            pty-type) (sleep 2; printf '%s\n' "$typed"; sleep 3) | timeout 60 script -qec "$cmd" /dev/null >"$base.out" 2>"$base.err" || rc=$? ;;
            pty-eof) timeout 60 script -qec "$cmd" /dev/null </dev/null >"$base.out" 2>"$base.err" || rc=$? ;;
        esac
        [[ $mode == pty* ]] && sleep 1
        echo "$rc" >"$base.rc"
        if ! daemon_check "$tool"; then
            NOTES+=("${LABEL[$tool]}'s daemon ended during [$idx] crictl $shown: $DAEMON_EXIT (started again on the same directories)")
            log "${LABEL[$tool]}'s daemon ended after [$idx] $name: $DAEMON_EXIT; starting it again"
            restart_daemon "$tool"
        fi
    done
    log "[$idx] crictl $shown: exit codes hako $(cat "$STEPS/$idx.hako.rc"), containerd $(cat "$STEPS/$idx.ctrd.rc")"
}
remember() { # KIND (pod|ctr) IDX: the ID each runtime printed
    local tool id
    for tool in "${TOOLS[@]}"; do
        id=$(tr -d '[:space:]' <"$STEPS/$2.$tool.out")
        if [ "$1" = pod ]; then POD_ID[$tool]=$id; else CTR_ID[$tool]=$id; fi
        [ -n "$id" ] || continue
        if [ "$1" = pod ]; then eval "ALL_PODS_$tool+=(\"\$id\")"; else eval "ALL_CTRS_$tool+=(\"\$id\")"; fi
    done
}

# ---- the commands ------------------------------------------------------------------------------
step version kv version
step info info info
step pull text pull "$IMAGE"
step images table images
step images-json json images -o json
step inspecti inspect inspecti "$IMAGE"
step imagefsinfo json imagefsinfo
step runp text runp @PODJSON@
remember pod "$(printf '%02d' "$n")"
step pods table pods
step pods-json json pods -o json
step pods-label text pods --label app=compare -q
step inspectp inspect inspectp @POD@
step create text create @POD@ "$WORK/ctr.json" @PODJSON@
remember ctr "$(printf '%02d' "$n")"
step ps-created table ps -a
step start text start @CTR@
sleep 1
step ps table ps
step ps-json json ps -o json
step ps-pod text ps -a --pod @POD@ -q
step inspect inspect inspect @CTR@
step exec text exec @CTR@ sh -c 'echo out; echo err >&2; exit 3'
step exec-sync text exec --sync @CTR@ sh -c 'echo out; echo err >&2; exit 3'
step exec-inside text exec @CTR@ sh -c 'hostname; echo "GREETING=$GREETING"; id; ip -o -4 addr show; ip -o link show lo'
step logs text --combined logs @CTR@
step logs-timestamps text --combined logs --timestamps @CTR@
step logs-tail text --combined logs --tail 1 @CTR@
step stats table stats
step stats-json json stats -o json
step exec-tty text --pty exec -it @CTR@ sh -c 'tty; echo hi'
step exec-tty-typed text --pty-type=hello exec -it @CTR@ sh -c 'read line; echo "read: $line"'
step exec-tty-eof text --pty-eof exec -it @CTR@ sh -c 'tty; echo hi'
step ps-after-tty table ps
step stop text stop @CTR@
step ps-exited table ps -a
step inspect-exited inspect inspect @CTR@
step rm text rm @CTR@
step stopp text stopp @POD@
step pods-notready table pods
step rmp text rmp @POD@
step pods-empty table pods
step rmi text rmi "$IMAGE"
step images-after-rmi table images

# ---- the report --------------------------------------------------------------------------------
ids_json() { printf '%s\n' "$@" | jq -R 'select(length > 0)' | jq -s .; }
notes_json=$( [ ${#NOTES[@]} -eq 0 ] && echo '[]' || printf '%s\n' "${NOTES[@]}" | jq -R . | jq -s . )
jq -n --arg work "$WORK" --arg sandbox "$CTRD_SANDBOX_IMAGE" \
    --argjson hp "$(ids_json "${ALL_PODS_hako[@]}")" --argjson hc "$(ids_json "${ALL_CTRS_hako[@]}")" \
    --argjson cp "$(ids_json "${ALL_PODS_ctrd[@]}")" --argjson cc "$(ids_json "${ALL_CTRS_ctrd[@]}")" \
    --arg ph "${PREFIX[hako]}" --arg pc "${PREFIX[ctrd]}" --arg bh "${BRIDGE[hako]}" --arg bc "${BRIDGE[ctrd]}" \
    --argjson notes "$notes_json" \
    '{ work: $work, sandbox_image: $sandbox, notes: $notes,
       ids: { hako: { pod: $hp, ctr: $hc }, ctrd: { pod: $cp, ctr: $cc } },
       prefixes: { hako: $ph, ctrd: $pc }, bridges: { hako: $bh, ctrd: $bc } }' >"$STEPS/context.json"
{
    echo "crictl on hako against crictl on containerd, the same requests ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
    echo "crictl $("$CRICTL" --version | awk '{ print $NF }') (the kit's); hako: $HAKO_VERSION, CRI $(cri_version hako); containerd: $(cri_version ctrd)"
    echo "hakod started as scripts/hakod-service.sh starts it (setsid bin/hakod --config --root --state --socket)"
    echo
} >"$OUT/report.txt"
set +e
/usr/bin/python3 "$BENCH_DIR/critest/crictl-diff.py" "$STEPS" "$STEPS/context.json" >>"$OUT/report.txt"
result=$?
set -e
[ "$result" -le 1 ] || { cat "$OUT/report.txt"; die "crictl-diff.py failed (exit code $result)"; }
cat "$OUT/report.txt"
[ -z "$REPORT" ] || { mkdir -p "$(dirname "$REPORT")"; cp "$OUT/report.txt" "$REPORT"; log "report written to $REPORT"; }
exit "$result"
