#!/usr/bin/env python3
"""Where a hako container step spends its time, from the client's clock and hakod's log.

usage: hako-breakdown.py HAKOD_LOG WINDOWS SEQ

WINDOWS holds one line per timed client step, "lc T0 T1" for `hako run --rm busybox true` and
"cr T0 T1" for `hako run -d busybox sleep 3600`, in epoch seconds; only the first
SEQ of each kind (the sequential runs, which never overlap) are used. hakod logs "created",
"started", "exited" and "removed" for each container, with millisecond timestamps (so every
segment below is +-1 ms). Prints a Markdown table of the segments' medians and p90s in ms.
"""
import re
import statistics
import sys
from datetime import datetime

LINE = re.compile(r'^time="([^"]+)" level=\w+ msg="(.*)"$')
EVENTS = [
    ("created", re.compile(r"^created container ([0-9a-f]{64}) ")),
    ("started", re.compile(r"^started container ([0-9a-f]{64}) ")),
    ("exited", re.compile(r"^container ([0-9a-f]{64}) exited ")),
    ("removed", re.compile(r"^removed container ([0-9a-f]{64})$")),
]
SLACK = 0.002  # the log's timestamps are cut to milliseconds


def parse_log(path):
    events = []  # (time, kind, id)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line.strip())
            if not m:
                continue
            t = datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp()
            for kind, pattern in EVENTS:
                e = pattern.match(m.group(2))
                if e:
                    events.append((t, kind, e.group(1)))
    return events


def pct(values, p):
    v = sorted(values)
    rank = max(1, -(-p * len(v) // 100))
    return v[rank - 1]


def main():
    log_path, windows_path, seq = sys.argv[1], sys.argv[2], int(sys.argv[3])
    events = parse_log(log_path)
    windows = {"lc": [], "cr": []}
    with open(windows_path) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] in windows and len(windows[parts[0]]) < seq:
                windows[parts[0]].append([float(x) for x in parts[1:]])

    def find(t0, t1):
        """The first container created in [t0, t1] and its events (removal may end after t1)."""
        created = [e for e in events if t0 - SLACK <= e[0] <= t1 + SLACK and e[1] == "created"]
        if not created:
            return None
        cid = created[0][2]
        return {kind: t for t, kind, i in events if i == cid and t >= t0 - SLACK}

    segments = {}

    def add(name, value):
        segments.setdefault(name, []).append(value * 1000)

    lc_names = [
        ("client start → \"created\" (CLI JVM start, flags, connect; create: snapshot, mount, spec, rows)", "t0", "created"),
        ("\"created\" → \"started\" (start: conmon, runc create, runc start, attach)", "created", "started"),
        ("\"started\" → \"exited\" (`true` runs; conmon's exit file; hakod records it: runc delete, cgroups)", "started", "exited"),
        ("\"exited\" → client exit (the exit status reaches the CLI, which exits)", "exited", "t1"),
        ("\"exited\" → \"removed\" (auto-remove: unmount, snapshot, rows; runs on after the client returned)", "exited", "removed"),
        ("client exit → \"removed\" (how long after the client returned the removal ended)", "t1", "removed"),
    ]
    cr_names = [
        ("client start → \"created\" (CLI JVM start, flags, connect; create)", "t0", "created"),
        ("\"created\" → \"started\" (start: conmon, runc create, runc start)", "created", "started"),
        ("\"started\" → client exit (the id reaches the CLI, which exits)", "started", "t1"),
    ]
    missing = 0
    for kind, names in (("lc", lc_names), ("cr", cr_names)):
        for w in windows[kind]:
            found = find(w[0], w[1])
            needed = {p for _, a, b in names for p in (a, b)} - {"t0", "t1"}
            if not found or not needed <= found.keys():
                missing += 1
                continue
            found.update(t0=w[0], t1=w[1])
            add(f"{kind}:total", w[1] - w[0])
            for name, a, b in names:
                add(f"{kind}:{name}", found[b] - found[a])

    out = ["Where hako's time goes (sequential runs; client clock and hakod's log lines, ms, median | p90):", ""]
    out.append("| step | median ms | p90 ms |")
    out.append("|---|---:|---:|")
    for kind, title, names in (("lc", "`hako run --rm busybox true`", lc_names),
                               ("cr", "create→running (`hako run -d busybox sleep 3600`)", cr_names)):
        if f"{kind}:total" not in segments:
            continue
        total = segments[f"{kind}:total"]
        out.append(f"| **{title}, whole** | **{statistics.median(total):.0f}** | **{pct(total, 90):.0f}** |")
        for name, _, _ in names:
            v = segments[f"{kind}:{name}"]
            out.append(f"| {name} | {statistics.median(v):.0f} | {pct(v, 90):.0f} |")
    if missing:
        out.append("")
        out.append(f"({missing} runs left out: their log lines were not found)")
    print("\n".join(out))


if __name__ == "__main__":
    main()
