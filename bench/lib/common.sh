# Helpers shared by the benchmarks under bench/ (sourced, not run).
# Every benchmark runs its peers side by side in one run and reports ratios; see bench/README.md.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
RESULTS_FILE="$BENCH_DIR/RESULTS.md"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_root() {
    [ "$(id -u)" -eq 0 ] || die "this benchmark runs daemons that mount and chown: run it as root"
}

# ensure_packages CMD:PACKAGE... installs the Debian packages whose command is missing.
ensure_packages() {
    local missing=() item
    for item in "$@"; do
        command -v "${item%%:*}" >/dev/null 2>&1 || missing+=("${item#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_hako_built builds bin/hakod and bin/hako once, when the build folder is missing.
ensure_hako_built() {
    if [ ! -d "$REPO_DIR/build/hakod/lib" ] || [ ! -d "$REPO_DIR/build/hako/lib" ]; then
        log "build/ is missing: running scripts/build.sh"
        "$REPO_DIR/scripts/build.sh"
    fi
}

# free_port prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 30000 ))
        if ! ss -Htln "sport = :$port" | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

# now_ns prints a monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# seconds NS prints NS nanoseconds as seconds with three decimals.
seconds() { awk -v n="$1" 'BEGIN { printf "%.3f", n / 1e9 }'; }

# median VALUE... and min VALUE... (decimal numbers).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { printf '%s\n' "$@" | sort -g | head -1 | awk '{ printf "%.3f", $1 }'; }
maximum() { printf '%s\n' "$@" | sort -g | tail -1 | awk '{ printf "%.3f", $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# vm_kib PID FIELD prints a /proc/PID/status memory field (VmHWM, VmRSS) in KiB.
vm_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

machine_summary() {
    local mem cpu
    mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    printf '%s CPUs (%s), %s memory, kernel %s, %s' "$(nproc)" "$cpu" "$mem" "$(uname -r)" \
        "$(. /etc/os-release && echo "$PRETTY_NAME")"
}

hako_version() {
    local jar
    jar=$(ls "$REPO_DIR"/build/hakod/lib/hakod-*.jar 2>/dev/null | head -1)
    printf '%s, built %s from commit %s%s' "$("$REPO_DIR/bin/hakod" --version 2>/dev/null | awk '{ print $NF }')" \
        "$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo '?')" \
        "$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')" \
        "$(git -C "$REPO_DIR" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' with local changes')"
}

# results_update SECTION_ID FILE replaces the section between the markers
# <!-- BEGIN SECTION_ID --> and <!-- END SECTION_ID --> in bench/RESULTS.md with FILE's text,
# or appends it; other benchmarks' sections are left as they are.
results_update() {
    local id=$1 body=$2 tmp
    tmp=$(mktemp "$RESULTS_FILE.XXXXXX")
    if [ ! -f "$RESULTS_FILE" ]; then
        cat >"$RESULTS_FILE" <<'EOF'
# hako benchmark results

Each section is written by one benchmark script under `bench/` (between its BEGIN/END markers)
and records the last run of that script: the machine, the versions, the numbers and the exact
command. Ratios are peer / hako, so a ratio above 1 means hako is faster.
EOF
    fi
    awk -v id="$id" -v body="$body" '
        BEGIN { begin = "<!-- BEGIN " id " -->"; end = "<!-- END " id " -->" }
        function emit(   line) {
            print begin
            while ((getline line < body) > 0) print line
            print end
            done = 1
        }
        $0 == begin { emit(); skip = 1; next }
        $0 == end { skip = 0; next }
        !skip { print }
        END { if (!done) { print ""; emit() } }
    ' "$RESULTS_FILE" >"$tmp"
    chmod 0644 "$tmp"
    mv "$tmp" "$RESULTS_FILE"
}

# percentile P VALUE... prints the P-th percentile of decimal numbers (nearest rank: the smallest
# value that at least P% of the values do not exceed; p90 of 50 values is the 45th smallest).
percentile() {
    local p=$1
    shift
    printf '%s\n' "$@" | sort -g | awk -v p="$p" '
        { v[NR] = $1 }
        END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; printf "%.3f", v[r] }'
}

# pss_kib PID prints the process's proportional set size in KiB: its private pages plus its share
# of the pages it shares with other processes (so a sum over processes counts shared libraries once).
pss_kib() { awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

# stop_process PID: SIGTERM, up to 30 s to exit, then SIGKILL.
stop_process() {
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop on SIGTERM: killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# unmount_under DIR: unmounts whatever is mounted below DIR, deepest first.
unmount_under() {
    local m
    awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
        log "unmounting $m (left by a daemon)"
        umount "$m" 2>/dev/null || umount -l "$m"
    done
}

# wait_for_log PID FILE TEXT SECONDS: waits until FILE contains TEXT, failing if PID exits first.
# Looks every 50 ms, or every $WAIT_POLL_MS ms (a start-up benchmark wants a finer grain).
wait_for_log() {
    local pid=$1 file=$2 text=$3 limit=$4 nap deadline
    nap=$(awk -v m="${WAIT_POLL_MS:-50}" 'BEGIN { printf "%.3f", m / 1000 }')
    deadline=$(( $(date +%s%N) + limit * 1000000000 ))
    while [ "$(date +%s%N)" -lt "$deadline" ]; do
        grep -qF "$text" "$file" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; die "pid $pid exited before it logged \"$text\""; }
        sleep "$nap"
    done
    cat "$file" >&2
    die "no \"$text\" in $file after ${limit}s"
}

# ---- shared by the container benchmarks (bench/run, bench/pods) ----------------------------------

# runc_remove_all ROOT: deletes (kills) every container under runc's ROOT whose bundle is in $WORK.
runc_remove_all() {
    local root=$1 id
    [ -d "$root" ] || return 0
    for id in $(runc --root "$root" list -f json 2>/dev/null | jq -r --arg w "$WORK/" '.[]? | select(.bundle | startswith($w)) | .id'); do
        log "removing leftover container $id under $root"
        runc --root "$root" delete -f "$id" >/dev/null 2>&1 || true
    done
}

# us_between T0 T1: microseconds between two $EPOCHREALTIME readings.
us_between() { echo $(( ${2/./} - ${1/./} )); }
# cpu_ticks PID: user + system clock ticks the process (all its threads) used so far.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
rss() { vm_kib "$1" VmRSS; }
# sum_rss PID... / sum_pss PID...: VmRSS (or Pss) summed over the processes.
sum_rss() { local s=0 p; for p in "$@"; do s=$((s + $(rss "$p"))); done; echo "$s"; }
sum_pss() { local s=0 p; for p in "$@"; do s=$((s + $(pss_kib "$p"))); done; echo "$s"; }
# preexisting PATH: whether PATH was there before this run (in PREEXISTING): such paths are never removed.
preexisting() { local p; for p in "${PREEXISTING[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

# copy_hako_build DIR: bin/ and build/ copied to DIR (the lead may rebuild build/ meanwhile); sets
# HAKO_VERSION (noting sources changed after the build), HAKO and HAKOD.
copy_hako_build() {
    local dir=$1 stale
    HAKO_VERSION=$(hako_version)
    stale=$(find "$REPO_DIR" \( -path "$REPO_DIR/build" -o -path "$REPO_DIR/bench" -o -name target -o -name .git \) -prune \
        -o \( -name '*.java' -o -name pom.xml -o -name '*.proto' \) -newer "$REPO_DIR/build/hakod/lib" -print 2>/dev/null | head -3 || true)
    if [ -n "$stale" ]; then
        log "note: sources changed after build/ was made (e.g. ${stale%%$'\n'*}); measuring the build as it is"
        HAKO_VERSION="$HAKO_VERSION (sources changed after this build)"
    fi
    mkdir -p "$dir/bin" "$dir/build"
    cp -a "$REPO_DIR/bin/hako" "$REPO_DIR/bin/hakod" "$dir/bin/"
    cp -a "$REPO_DIR/build/hako" "$REPO_DIR/build/hakod" "$dir/build/"
    HAKO=$dir/bin/hako
    HAKOD=$dir/bin/hakod
    "$HAKO" --version >/dev/null || die "the copy of build/ does not run (was it being rebuilt?): run again"
}
