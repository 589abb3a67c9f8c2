#!/usr/bin/env bash
# The soak: many lifecycles through one hakod, and whether hakod ends where it began.
#
# One private hakod (started as scripts/hakod-service.sh starts it; bench/critest/daemons.sh's
# start_hakod: its own root, state, socket, CNI bridge and subnet, the critest kit's image mirror)
# goes through, one after another:
#   pods   N pod lifecycles through the CRI with the kit's crictl: runp, create, start, exec (every
#          other one through the streaming server, the rest ExecSync), stop, rm, stopp, rmp
#   runs   N `hako run --rm` of the kit's busybox (`true`), through the CLI
#   pulls  N `hako pull` + `hako rmi` of one of the kit's small images
# Before (after one untimed cycle of each, so that what a first request loads is loaded) and after,
# it takes hakod's figures: RSS, threads, open fds; and the node's: mounts and pinned namespaces
# under the run's directory, network namespaces in /run/netns, cgroups under the run's parent,
# iptables rules (nat and filter), conmon and runc processes, container bundles and pod
# directories, and the database's rows (images, snapshots, containers, pods). Threads and fds are
# read again for up to 2 minutes until they are back (idle threads of a pool and idle registry
# connections end on their own timeouts).
#
# usage: bench/soak/run.sh [--pods N] [--runs N] [--pulls N] [--check] [--keep-logs DIR]
#   --pods N    pod lifecycles (default 2000)
#   --runs N    hako run --rm (default 1000)
#   --pulls N   pull/rmi cycles (default 200)
#   --check     exit 1 when anything but RSS did not end where it began (a leak), or RSS grew by
#               more than 10% (reported, not failed: RSS depends on the heap's pace)
#   --keep-logs DIR  copy hakod's log and this run's outputs to DIR
# Prints the table of figures; writes nothing to bench/RESULTS.md (copy the table there by hand
# with the command line). Everything the run made is removed on every exit path.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$BENCH_DIR/critest/daemons.sh"

PODS=2000
RUNS=1000
PULLS=200
CHECK=0
KEEP_LOGS=
COMMAND_LINE="bench/soak/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        --pods) PODS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --pulls) PULLS=$2; shift 2 ;;
        --check) CHECK=1; shift ;;
        --keep-logs) KEEP_LOGS=$(realpath -m "$2"); shift 2 ;;
        -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
for v in PODS RUNS PULLS; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number"
done

BUSYBOX=registry.k8s.io/e2e-test-images/busybox:1.29-2
PULLED=gcr.io/k8s-staging-cri-tools/test-image-1:latest
TAG=soak
TOOLS=(hako)
declare -A BRIDGE=([hako]=hks-h0 [ctrd]=hks-c0)
declare -A SUBNET=([hako]=10.209.0.0/24 [ctrd]=10.210.0.0/24)
declare -A PREFIX=([hako]=10.209.0. [ctrd]=10.210.0.)

need_root
ensure_packages runc:runc conmon:conmon ip:iproute2 iptables:iptables /usr/lib/cni/bridge:containernetworking-plugins \
    curl:curl setsid:util-linux sqlite3:sqlite3
[ -x "$CRITEST_KIT/install.sh" ] || die "the critest kit is not at $CRITEST_KIT (set CRITEST_KIT)"
[ -x "$CRICTL" ] && [ ! "$CRITEST_KIT/crictl.xz" -nt "$CRICTL" ] || "$CRITEST_KIT/install.sh" >&2
[ -d "$REPO_DIR/build/hakod/lib" ] && [ -d "$REPO_DIR/build/hako/lib" ] || die "build/ is missing: run scripts/build.sh first"

trap daemons_cleanup EXIT
daemons_init
mirror_start
copy_hako_build "$WORK/hako-build"
: >"$WORK/crictl.yaml"
start_hakod
hako() { HAKO_SOCKET=${SOCK[hako]} "$HAKO" "$@"; }

# ---- one cycle of each -------------------------------------------------------------------------
mkdir -p "$WORK/pod-logs"
cat >"$WORK/container.json" <<EOF
{ "metadata": { "name": "sleeper" }, "image": { "image": "$BUSYBOX" },
  "command": ["sleep", "3600"], "log_path": "sleeper.log", "linux": {} }
EOF

# pod_cycle I: one pod lifecycle; fails (and so stops the run) on the first step that fails.
pod_cycle() {
    local pod ctr out
    # A name and UID per cycle, as the kubelet gives each new pod.
    printf '{ "metadata": { "name": "soak-%s", "namespace": "soak", "uid": "soak-uid-%s", "attempt": 0 },
  "log_directory": "%s", "linux": {} }\n' "$1" "$1" "$WORK/pod-logs" >"$WORK/pod.json"
    pod=$(crictl_of hako runp "$WORK/pod.json")
    ctr=$(crictl_of hako create "$pod" "$WORK/container.json" "$WORK/pod.json")
    crictl_of hako start "$ctr" >/dev/null
    if [ $(($1 % 2)) -eq 0 ]; then
        out=$(crictl_of hako exec -s "$ctr" echo soak)
    else
        out=$(crictl_of hako exec "$ctr" echo soak </dev/null)
    fi
    [ "$out" = soak ] || die "pod cycle $1: exec printed '$out'"
    crictl_of hako stop -t 0 "$ctr" >/dev/null
    crictl_of hako rm "$ctr" >/dev/null
    crictl_of hako stopp "$pod" >/dev/null
    crictl_of hako rmp "$pod" >/dev/null
}

run_cycle() {
    hako run --rm "$BUSYBOX" true >>"$OUT/runs.log" 2>&1 || die "run cycle $1 failed: $(tail -3 "$OUT/runs.log")"
}

pull_cycle() {
    hako pull -q "$PULLED" >>"$OUT/pulls.log" 2>&1 || die "pull cycle $1 failed: $(tail -3 "$OUT/pulls.log")"
    hako rmi "$PULLED" >>"$OUT/pulls.log" 2>&1 || die "rmi cycle $1 failed: $(tail -3 "$OUT/pulls.log")"
}

# repeat NAME N FUNCTION: N cycles, with a progress line every tenth of the way.
repeat() {
    local name=$1 n=$2 fn=$3 i start
    start=$(now_ns)
    for ((i = 1; i <= n; i++)); do
        "$fn" "$i"
        if [ $((i % ((n + 9) / 10))) -eq 0 ] || [ "$i" -eq "$n" ]; then
            log "$name: $i of $n ($(seconds $(( $(now_ns) - start ))) s; hakod RSS $(mib "$(rss "$HAKOD_PID")") MiB)"
        fi
        daemon_check hako || die "hakod died during $name cycle $i: $DAEMON_EXIT (log: $(tail -3 "$HAKOD_LOG"))"
    done
    ELAPSED[$name]=$(seconds $(( $(now_ns) - start )))
}

# ---- the figures -------------------------------------------------------------------------------
FIGURES=(rss_mib threads fds mounts pinned_ns netns cgroups nat_rules filter_rules monitors bundles pod_dirs
    images snapshots containers pods)
declare -A BEFORE AFTER ELAPSED

count() { grep -c . || true; }
rows() { sqlite3 -readonly "file:$WORK/hako/root/metadata.db?mode=ro" "SELECT count(*) FROM $1" 2>/dev/null || echo "?"; }

# measure ARRAY: every figure into the associative array named ARRAY.
measure() {
    local -n into=$1
    local m
    into[rss_mib]=$(mib "$(rss "$HAKOD_PID")")
    into[threads]=$(vm_kib "$HAKOD_PID" Threads)
    into[fds]=$(ls "/proc/$HAKOD_PID/fd" | count)
    into[mounts]=$(awk -v w="$WORK/" 'index($2, w) == 1' /proc/mounts | count)
    into[pinned_ns]=$(awk -v w="$WORK/" '$3 == "nsfs" && index($2, w) == 1' /proc/mounts | count)
    into[netns]=$(ls /run/netns 2>/dev/null | count)
    into[cgroups]=0
    for m in $CGROUP_MOUNTS; do
        [ -d "$m$CGROUP_PARENT" ] || continue
        into[cgroups]=$(( ${into[cgroups]} + $(find "$m$CGROUP_PARENT" -mindepth 1 -type d | count) ))
    done
    into[nat_rules]=$(iptables -t nat -S | count)
    into[filter_rules]=$(iptables -S | count)
    into[monitors]=$(monitor_procs | count)
    into[bundles]=$(find "$WORK/hako/state/containers" -mindepth 1 -maxdepth 1 -type d ! -name exits 2>/dev/null | count)
    into[pod_dirs]=$(find "$WORK/hako/state/pods" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | count)
    for m in images snapshots containers pods; do into[$m]=$(rows "$m"); done
}

# settle FIGURE...: reads the figures again, up to 2 minutes, until none is above its value before.
settle() {
    local waited=0 f high
    while :; do
        measure AFTER
        high=
        for f in "$@"; do [ "${AFTER[$f]}" -le "${BEFORE[$f]}" ] || high+=" $f"; done
        [ -z "$high" ] || [ $waited -ge 120 ] && break
        sleep 5
        waited=$((waited + 5))
    done
    SETTLED=$waited
}

log "warm-up: one cycle of each (untimed)"
hako pull -q "$BUSYBOX" >"$OUT/warmup.log" 2>&1 || die "cannot pull $BUSYBOX: $(cat "$OUT/warmup.log")"
pod_cycle 0
pod_cycle 1
run_cycle 0
pull_cycle 0
measure BEFORE
repeat pods "$PODS" pod_cycle
repeat runs "$RUNS" run_cycle
repeat pulls "$PULLS" pull_cycle
settle threads fds
daemon_check hako || die "hakod died: $DAEMON_EXIT"

# ---- the report ----------------------------------------------------------------------------------
leaks=()
printf '\n%s: %s pod lifecycles (%s s), %s run --rm (%s s), %s pull/rmi (%s s); threads and fds read again for %s s\n\n' \
    "$COMMAND_LINE" "$PODS" "${ELAPSED[pods]}" "$RUNS" "${ELAPSED[runs]}" "$PULLS" "${ELAPSED[pulls]}" "$SETTLED"
printf '| figure | before | after |\n|---|---:|---:|\n'
for f in "${FIGURES[@]}"; do
    mark=
    if [ "$f" = rss_mib ]; then
        if [ $(( AFTER[$f] * 10 )) -gt $(( BEFORE[$f] * 11 )) ]; then mark=" (grew more than 10%)"; fi
    elif [ "${AFTER[$f]}" != "${BEFORE[$f]}" ] && { [ "${AFTER[$f]}" = "?" ] || [ "${AFTER[$f]}" -gt "${BEFORE[$f]}" ]; }; then
        mark=" (leak)"
        leaks+=("$f ${BEFORE[$f]} -> ${AFTER[$f]}")
    fi
    printf '| %s | %s | %s%s |\n' "$f" "${BEFORE[$f]}" "${AFTER[$f]}" "$mark"
done
echo
if [ ${#leaks[@]} -eq 0 ]; then
    echo "soak: nothing leaked"
else
    echo "soak: leaked: ${leaks[*]}"
    [ "$CHECK" -eq 0 ] || exit 1
fi
