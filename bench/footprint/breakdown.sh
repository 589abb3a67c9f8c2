#!/usr/bin/env bash
# Where hakod's memory goes: one private hakod (as bench/soak/run.sh starts it) under Native Memory
# Tracking, measured right after start and again after one `hako run --rm` and one pod lifecycle
# through the CRI (crictl: runp, create, start, exec, stop, rm, stopp, rmp).
#
# For each point it prints hakod's RSS and PSS (smaps_rollup), the JVM's committed memory by NMT
# category (heap, class/metaspace with the number of classes, code cache, threads, GC, symbols,
# other native), the anonymous and file-backed parts of the resident set, the largest mappings
# by resident size, and the 25 classes with the most heap bytes (GC.class_histogram, which runs a
# full GC first). NMT itself costs a few MiB and a little CPU, so these figures sit slightly above
# the untracked hakod's; compare points with each other, not with other runs' RSS.
#
# usage: bench/footprint/breakdown.sh [--out DIR]
#   --out DIR  also keep the raw jcmd outputs and smaps in DIR
# Writes nothing to bench/RESULTS.md: the findings go to bench/footprint/BREAKDOWN.md by hand.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$BENCH_DIR/critest/daemons.sh"

RAW=
while [ $# -gt 0 ]; do
    case "$1" in
        --out) RAW=$(realpath -m "$2"); shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done

BUSYBOX=registry.k8s.io/e2e-test-images/busybox:1.29-2
TAG=footprint
TOOLS=(hako)
KEEP_LOGS=
declare -A BRIDGE=([hako]=hkf-h0 [ctrd]=hkf-c0)
declare -A SUBNET=([hako]=10.211.0.0/24 [ctrd]=10.212.0.0/24)
declare -A PREFIX=([hako]=10.211.0. [ctrd]=10.212.0.)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JCMD=$JAVA_HOME/bin/jcmd

need_root
ensure_packages runc:runc conmon:conmon ip:iproute2 iptables:iptables /usr/lib/cni/bridge:containernetworking-plugins \
    curl:curl setsid:util-linux
[ -x "$JCMD" ] || die "$JCMD is missing (JDK 25)"
[ -x "$CRITEST_KIT/install.sh" ] || die "the critest kit is not at $CRITEST_KIT (set CRITEST_KIT)"
[ -x "$CRICTL" ] && [ ! "$CRITEST_KIT/crictl.xz" -nt "$CRICTL" ] || "$CRITEST_KIT/install.sh" >&2
[ -d "$REPO_DIR/build/hakod/lib" ] || die "build/ is missing: run scripts/build.sh first"

trap daemons_cleanup EXIT
daemons_init
mirror_start
copy_hako_build "$WORK/hako-build"
: >"$WORK/crictl.yaml"
# The java launcher adds JDK_JAVA_OPTIONS to bin/hakod's own flags.
JDK_JAVA_OPTIONS="-XX:NativeMemoryTracking=summary ${HAKOD_EXTRA_JVM_OPTIONS:-}" start_hakod
hako() { HAKO_SOCKET=${SOCK[hako]} "$HAKO" "$@"; }
[ -z "$RAW" ] || mkdir -p "$RAW"

# measure NAME: prints the breakdown of hakod's memory now.
measure() {
    local name=$1 nmt smaps
    nmt=$("$JCMD" "$HAKOD_PID" VM.native_memory summary scale=KB)
    smaps=$(cat "/proc/$HAKOD_PID/smaps")
    if [ -n "$RAW" ]; then
        printf '%s\n' "$nmt" >"$RAW/nmt-$name.txt"
        printf '%s\n' "$smaps" >"$RAW/smaps-$name.txt"
    fi
    printf '\n### %s\n\n' "$name"
    printf 'RSS %s MiB, PSS %s MiB (smaps_rollup); anonymous %s MiB, file-backed %s MiB resident\n\n' \
        "$(mib "$(rss "$HAKOD_PID")")" "$(mib "$(pss_kib "$HAKOD_PID")")" \
        "$(awk '$1 == "Anonymous:" { s += $2 } END { printf "%.0f", s / 1024 }' <<<"$smaps")" \
        "$(awk '/^[0-9a-f]+-[0-9a-f]+ / { file = ($6 ~ /^\//) } $1 == "Rss:" && file { s += $2 } END { printf "%.0f", s / 1024 }' <<<"$smaps")"
    echo '| NMT category | committed MiB | note |'
    echo '|---|---:|---|'
    awk '/^-[ ]+[A-Za-z]/ {
            cat = $0; sub(/^-[ ]+/, "", cat); sub(/ *\(.*/, "", cat)
            if (match($0, /committed=[0-9]+KB/)) { c = substr($0, RSTART + 10, RLENGTH - 12); printf "| %s | %.1f |", cat, c / 1024 }
            note = ""; getline nextline
            if (nextline ~ /classes #/) { n = nextline; sub(/.*classes #/, "", n); sub(/\).*/, "", n); note = n " classes" }
            if (nextline ~ /thread #/) { n = nextline; sub(/.*thread #/, "", n); sub(/\).*/, "", n); note = n " threads" }
            print " " note " |"
         }' <<<"$nmt"
    printf '\nLargest resident mappings (KiB):\n\n```\n'
    awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anon]" : $6) } $1 == "Rss:" { r[name] += $2 }
         END { for (n in r) if (r[n] >= 1024) printf "%8d  %s\n", r[n], n }' <<<"$smaps" | sort -rn | head -12
    printf '```\n\nHeap by class after a full GC (top 25; instances, bytes, class):\n\n```\n'
    "$JCMD" "$HAKOD_PID" GC.class_histogram | awk 'NR > 2 && NR <= 27 { print $2, $3, $4 } /^Total/ { print "total", $2, $3 }'
    printf '```\n'
}

sleep 5
measure "just started"

log "one hako run --rm and one pod lifecycle"
hako pull -q "$BUSYBOX" >/dev/null
hako run --rm "$BUSYBOX" true
cat >"$WORK/pod.json" <<EOF
{ "metadata": { "name": "footprint", "namespace": "footprint", "uid": "footprint-uid", "attempt": 0 }, "linux": {} }
EOF
cat >"$WORK/container.json" <<EOF
{ "metadata": { "name": "sleeper" }, "image": { "image": "$BUSYBOX" }, "command": ["sleep", "3600"], "linux": {} }
EOF
pod=$(crictl_of hako runp "$WORK/pod.json")
ctr=$(crictl_of hako create "$pod" "$WORK/container.json" "$WORK/pod.json")
crictl_of hako start "$ctr" >/dev/null
crictl_of hako exec -s "$ctr" true
crictl_of hako stop -t 0 "$ctr" >/dev/null
crictl_of hako rm "$ctr" >/dev/null
crictl_of hako stopp "$pod" >/dev/null
crictl_of hako rmp "$pod" >/dev/null
sleep 5
measure "after one run --rm and one pod"
