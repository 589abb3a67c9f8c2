#!/usr/bin/env python3
"""Compares what crictl printed for hako and for containerd, step by step (bench/critest/crictl-compare.sh
runs the commands; this reads their outputs and prints the report).

usage: crictl-diff.py STEPS_DIR CONTEXT_JSON

STEPS_DIR holds manifest.tsv (index, name, kind, command as shown) and, per step and runtime,
NN.TOOL.out, NN.TOOL.err and NN.TOOL.rc (TOOL: hako, ctrd). CONTEXT_JSON names what must differ
between the runtimes: the work directory, each runtime's pod and container IDs, pod subnet
prefixes, bridge names, containerd's sandbox image, and notes (daemons that died).

Kinds: text (compared line by line), kv ("Key: value" lines; the keys are the shape), table
(crictl's tables: the header's columns are the shape), json (key paths are the shape; values are
compared in full), inspect (JSON with "status", a CRI message, and runtime-defined "info": the
status is compared in full, the info by its key paths down to three levels), info (crictl info:
"status" in full, the other top-level entries by their key paths down to two levels).

Before comparing, both outputs are normalised: IDs of pods and containers, timestamps and ages,
the work directory, pod addresses, bridge and veth names, MAC addresses, pty numbers, pids, the
runtime's name and version, sizes and resource usage numbers (their raw values are listed when
they differ), containerd's sandbox image (hako has none). Differences in shape that are deliberate
(KNOWN_DIFFERENCES below, each with its reason) are listed but not counted. Exits 1 when a step's
shape differs otherwise, its exit codes differ, or a daemon died; 0 otherwise.
"""
import difflib
import json
import os
import re
import sys

TOOLS = ("hako", "ctrd")
LABEL = {"hako": "hako", "ctrd": "containerd"}
TIME_KEYS = {"createdAt", "startedAt", "finishedAt", "timestamp", "LastTagTime", "Created", "created"}
PID_KEYS = {"pid"}
NUMBER_KEYS = {"size", "usedBytes", "inodesUsed", "usageCoreNanoSeconds", "usageNanoCores", "workingSetBytes",
               "availableBytes", "usageBytes", "rssBytes", "pageFaults", "majorPageFaults", "value", "Size"}
MAP_KEYS = {"labels", "annotations", "Interfaces", "unified", "runtimeOptions"}
NUMBER_COLUMNS = {"SIZE", "CPU %", "MEM", "DISK", "INODES"}
# Deliberate differences in shape: (steps, runtime whose output has the key, key path, why). A path
# ending in "*" also covers everything under it. They are listed in the report and do not count as
# a differing shape; anything else still does.
NO_COUNTERPART = "a containerd setting hako has no counterpart for"
KNOWN_DIFFERENCES = [
    # crictl info
    (("info",), "ctrd", "golang", "containerd's Go version; hako names its JVM's under \"java\" instead"),
    (("info",), "hako", "java", "the JVM hakod runs on, in golang's place (hako is not written in Go)"),
    (("info",), "ctrd", "config.containerd",
     "containerd's own section (default runtime, runtimes, snapshotter): hako's are under config.runtime"),
    (("info",), "hako", "config.runtime",
     "hako's runtime handlers, default handler, snapshotter, conmon and cgroup parent: containerd's config.containerd"),
    (("info",), "ctrd", "config.containerdEndpoint",
     "containerd's socket, which its CRI plugin talks to; hakod is one daemon (its paths: rootDir, stateDir)"),
    (("info",), "ctrd", "config.containerdRootDir", "containerd's root beside its CRI plugin's; hako has one (rootDir)"),
    (("info",), "ctrd", "config.sandboxImage", "no pause image: hako pins a pod's namespaces on files"),
    (("info",), "ctrd", "config.disableTCPService", "containerd's TCP gRPC service; hakod serves its unix socket only"),
    (("info",), "ctrd", "config.x509KeyPairStreaming", "no TLS for the streaming server (enableTLSStreaming is false)"),
    (("info",), "ctrd", "config.selinuxCategoryRange", "no SELinux labelling (enableSelinux is false)"),
    (("info",), "ctrd", "config.imageDecryption", "no encrypted images"),
    (("info",), "ctrd", "config.statsCollectPeriod", "hako measures usage on each stats call instead of periodically"),
    (("info",), "ctrd", "config.maxContainerLogSize", "no line size setting: conmon splits long lines itself"),
    (("info",), "ctrd", "config.disableHugetlbController", "hako sets no hugetlb limits"),
    (("info",), "ctrd", "config.tolerateMissingHugetlbController", "hako sets no hugetlb limits"),
    (("info",), "ctrd", "config.disableProcMount", NO_COUNTERPART),
    (("info",), "ctrd", "config.device_ownership_from_security_context", NO_COUNTERPART),
    (("info",), "ctrd", "config.ignoreImageDefinedVolumes", NO_COUNTERPART),
    # crictl imagefsinfo
    (("imagefsinfo",), "hako", "status.containerFilesystems[]*",
     "CRI 1.29's container filesystem (split image filesystem), which containerd 1.6 predates: hako names the one "
     "filesystem both live on, as CRI-O does; without it the kubelet takes the image filesystem, the same answer"),
    # crictl inspectp
    (("inspectp",), "ctrd", "info.image", "containerd's pause container's image: hako has no pause container"),
    (("inspectp",), "ctrd", "info.snapshotKey", "the pause container's root filesystem: hako has no pause container"),
    (("inspectp",), "ctrd", "info.snapshotter", "the pause container's root filesystem: hako has no pause container"),
    (("inspectp",), "ctrd", "info.runtimeSpec*", "the pause container's OCI spec: hako has no pause container"),
    (("inspectp",), "hako", "info.netNamespacePath", "where hako pins the pod's namespaces (containerd's are in runtimeSpec)"),
    (("inspectp",), "hako", "info.ipcNamespacePath", "where hako pins the pod's namespaces (containerd's are in runtimeSpec)"),
    (("inspectp",), "hako", "info.utsNamespacePath", "where hako pins the pod's namespaces (containerd's are in runtimeSpec)"),
    (("inspectp",), "hako", "info.pidNamespacePath", "where hako pins the pod's namespaces (containerd's are in runtimeSpec)"),
]


def known_difference(step, tool, path):
    """The entry of KNOWN_DIFFERENCES (pattern, why) that makes the key path only `tool`'s output of `step` has
    deliberate; None if none does."""
    for steps, side, pattern, why in KNOWN_DIFFERENCES:
        if step not in steps or side != tool:
            continue
        base = pattern[:-1] if pattern.endswith("*") else pattern
        if path == base or (pattern.endswith("*") and path.startswith((base + ".", base + "[", base + "{"))):
            return pattern, why
    return None


AGE = re.compile(r"\b(Less than a second|About a minute|About an hour|\d+ (seconds|minutes|hours|days)|"
                 r"(a|an|\d+) (second|minute|hour|day)s?) ago\b")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
LOGRUS_TIME = re.compile(r'time="[^"]*"')
MAC = re.compile(r"\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b")
VETH = re.compile(r"\bveth[0-9a-f]{8}\b")


class Normaliser:
    def __init__(self, ctx, tool):
        self.tool = tool
        self.work = ctx["work"]
        self.ids = []
        for kind, ids in ctx["ids"][tool].items():
            for full in ids:
                self.ids.append((full, f"<{kind.upper()}-ID>"))
                self.ids.append((full[:13], f"<{kind.upper()}-ID>"))
        self.ids.sort(key=lambda p: -len(p[0]))
        self.prefixes = [re.compile(re.escape(p) + r"\d+\b") for p in ctx["prefixes"].values()]
        self.bridges = list(ctx["bridges"].values())
        self.raw = []  # (where, raw value) of what was normalised away

    def text(self, s):
        s = s.replace("\x00", "^@").replace("\r", "").replace("\x1b[2J\x1b[H", "")
        for full, name in self.ids:
            s = s.replace(full, name)
        s = s.replace(f"{self.work}/logs-{self.tool}", "<LOG-DIR>")
        s = s.replace(f"{self.work}/{self.tool}/", "<RUNTIME-DIR>/")
        s = s.replace(self.work, "<WORK>")
        s = LOGRUS_TIME.sub('time="<TIME>"', s)
        s = TIME.sub("<TIME>", s)
        s = AGE.sub("<AGE>", s)
        for p in self.prefixes:
            s = p.sub("<POD-IP>", s)
        for b in self.bridges:
            s = re.sub(r"\b" + re.escape(b) + r"\b", "<BRIDGE>", s)
        s = VETH.sub("<VETH>", s)
        s = MAC.sub("<MAC>", s)
        s = re.sub(r"/dev/pts/\d+", "/dev/pts/<N>", s)
        s = re.sub(r"@if\d+", "@if<N>", s)
        return s

    def kv(self, s):
        out = []
        for line in self.text(s).split("\n"):
            m = re.match(r"^(\w+):\s*(.*)$", line)
            if m and m.group(1) in ("RuntimeName", "RuntimeVersion"):
                self.raw.append((m.group(1), m.group(2)))
                line = f"{m.group(1)}: <RUNTIME>"
            elif m:
                line = f"{m.group(1)}: {m.group(2)}"
            out.append(line)
        return "\n".join(out)

    def table(self, s, drop_image=None):
        lines = [l for l in self.text(s).split("\n") if l.strip()]
        if not lines:
            return [], []
        header = re.split(r"\s{2,}", lines[0].strip())
        rows = []
        for line in lines[1:]:
            cells = re.split(r"\s{2,}", line.strip())
            if drop_image and len(cells) >= 2 and f"{cells[0]}:{cells[1]}" == drop_image:
                continue
            for i, col in enumerate(header):
                if col in NUMBER_COLUMNS and i < len(cells):
                    self.raw.append((col, cells[i]))
                    cells[i] = "<N>"
            rows.append(cells)
        return header, rows

    def json_value(self, v, key=None, path=""):
        if isinstance(v, dict):
            return {k: self.json_value(x, k, f"{path}.{k}" if path else k) for k, x in v.items()}
        if isinstance(v, list):
            return [self.json_value(x, key, f"{path}[]") for x in v]
        if key in TIME_KEYS and v not in (None, "", "0", 0):
            return "<TIME>"
        if key in PID_KEYS and v not in (None, 0):
            return "<PID>"
        if key in NUMBER_KEYS and isinstance(v, (int, float, str)) and str(v).isdigit():
            self.raw.append((path, str(v)))
            return "<N>"
        if isinstance(v, str):
            return self.text(v)
        return v


def key_paths(v, prefix="", depth_limit=None, limited_root=None):
    """Key paths of a JSON value: arrays as [], maps (labels, annotations...) as {}, the children of
    every root key but limited_root (None: all) cut at depth_limit components."""
    paths = set()

    def walk(x, path, depth):
        if isinstance(x, dict):
            for k, y in x.items():
                p = f"{path}.{k}" if path else k
                root = p.split(".")[0]
                limited = depth_limit is not None and (limited_root is None or root != limited_root)
                if limited and depth + 1 > depth_limit:
                    continue
                if k in MAP_KEYS and isinstance(y, dict):
                    paths.add(p + "{}")
                    continue
                paths.add(p)
                walk(y, p, depth + 1)
        elif isinstance(x, list):
            for y in x:
                walk(y, path + "[]", depth)

    walk(v, prefix, 0)
    return paths


def kinds_of(v):
    """Path -> JSON type, for the shape (an object on one side and null, or a string, on the other)."""
    out = {}

    def walk(x, path):
        t = type(x).__name__ if x is not None else "null"
        t = {"dict": "object", "list": "array", "str": "string", "int": "number", "float": "number", "bool": "bool"}.get(t, t)
        if path:
            out[path] = t
        if isinstance(x, dict):
            for k, y in x.items():
                if k in MAP_KEYS:
                    continue
                walk(y, f"{path}.{k}" if path else k)
        elif isinstance(x, list) and x:
            walk(x[0], path + "[]")

    walk(v, "")
    return out


def unified(a, b, n=1):
    return [l.rstrip("\n") for l in difflib.unified_diff(a, b, "hako", "containerd", n=n, lineterm="")]


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def main():
    steps_dir, ctx_file = sys.argv[1], sys.argv[2]
    with open(ctx_file) as f:
        ctx = json.load(f)
    sandbox_image = ctx.get("sandbox_image")
    steps = []
    with open(os.path.join(steps_dir, "manifest.tsv")) as f:
        for line in f:
            idx, name, kind, shown = line.rstrip("\n").split("\t")
            steps.append((idx, name, kind, shown))

    report, shape_failures, value_diffs, deliberate_steps = [], [], [], []
    for idx, name, kind, shown in steps:
        norm = {t: Normaliser(ctx, t) for t in TOOLS}
        out = {t: read(os.path.join(steps_dir, f"{idx}.{t}.out")) for t in TOOLS}
        err = {t: read(os.path.join(steps_dir, f"{idx}.{t}.err")) for t in TOOLS}
        rc = {t: read(os.path.join(steps_dir, f"{idx}.{t}.rc")).strip() or "?" for t in TOOLS}
        shape, lines = [], []
        if rc["hako"] != rc["ctrd"]:
            shape.append(f"exit code: hako {rc['hako']}, containerd {rc['ctrd']}")
        doc = {}
        deliberate = []
        parsed_ok = True
        if kind in ("json", "inspect", "info"):
            data = {}
            for t in TOOLS:
                try:
                    data[t] = json.loads(out[t]) if out[t].strip() else None
                except json.JSONDecodeError as e:
                    data[t] = None
                    shape.append(f"{LABEL[t]} printed no JSON ({e.msg})")
                    parsed_ok = False
            if sandbox_image and name.startswith("images") and isinstance(data.get("ctrd"), dict):
                data["ctrd"]["images"] = [i for i in data["ctrd"].get("images", [])
                                          if sandbox_image not in (i.get("repoTags") or [])]
            if parsed_ok and all(data[t] is not None for t in TOOLS):
                if kind == "inspect":
                    kp = {t: key_paths(data[t], depth_limit=3, limited_root="status") for t in TOOLS}
                elif kind == "info":
                    kp = {t: key_paths(data[t], depth_limit=2, limited_root="status") for t in TOOLS}
                else:
                    kp = {t: key_paths(data[t]) for t in TOOLS}
                only_h, only_c = sorted(kp["hako"] - kp["ctrd"]), sorted(kp["ctrd"] - kp["hako"])
                for label, tool, keys in (("hako", "hako", only_h), ("containerd", "ctrd", only_c)):
                    covered = {}  # pattern -> (keys it covers, why), one report line each
                    for k in keys:
                        known = known_difference(name, tool, k)
                        if known is not None:
                            covered.setdefault(known[0], ([], known[1]))[0].append(k)
                    for pattern, (ks, why) in covered.items():
                        shown_keys = f"{pattern} ({len(ks)} key paths)" if pattern.endswith("*") else ks[0]
                        deliberate.append(f"    only in {label}: {shown_keys}: {why}")
                only_h = [k for k in only_h if known_difference(name, "hako", k) is None]
                only_c = [k for k in only_c if known_difference(name, "ctrd", k) is None]
                ty = {t: kinds_of(data[t]) for t in TOOLS}
                type_diffs = sorted(p for p in set(ty["hako"]) & set(ty["ctrd"]) & kp["hako"]
                                    if ty["hako"][p] != ty["ctrd"][p])
                if only_h or only_c or type_diffs:
                    shape.append("JSON keys differ")
                    for label, keys in (("only in hako", only_h), ("only in containerd", only_c)):
                        if keys:
                            lines.append(f"  keys {label} ({len(keys)}):")
                            lines += [f"    {k}" for k in keys[:60]]
                            if len(keys) > 60:
                                lines.append(f"    ... and {len(keys) - 60} more")
                    if type_diffs:
                        lines.append("  same key, other JSON type:")
                        lines += [f"    {p}: hako {ty['hako'][p]}, containerd {ty['ctrd'][p]}" for p in type_diffs]
                # Values: the CRI message in full (inspect, info: "status"; other JSON: all of it).
                for t in TOOLS:
                    v = data[t]
                    if kind in ("inspect", "info"):
                        v = {"status": v.get("status")} if isinstance(v, dict) else v
                    doc[t] = json.dumps(norm[t].json_value(v), indent=2, sort_keys=True).split("\n")
            else:
                for t in TOOLS:
                    doc[t] = norm[t].text(out[t]).split("\n")
        elif kind == "table":
            tab = {t: norm[t].table(out[t], sandbox_image if t == "ctrd" and name.startswith("images") else None)
                   for t in TOOLS}
            if tab["hako"][0] != tab["ctrd"][0]:
                shape.append("table columns differ")
                lines.append(f"  hako columns:       {' | '.join(tab['hako'][0])}")
                lines.append(f"  containerd columns: {' | '.join(tab['ctrd'][0])}")
            for t in TOOLS:
                header, rows = tab[t]
                doc[t] = [" | ".join(header)] + [" | ".join(r) for r in rows]
        elif kind == "kv":
            for t in TOOLS:
                doc[t] = norm[t].kv(out[t]).split("\n")
            keys = {t: [l.split(":")[0] for l in doc[t] if ":" in l] for t in TOOLS}
            if keys["hako"] != keys["ctrd"]:
                shape.append("keys differ")
                lines.append(f"  hako keys:       {', '.join(keys['hako'])}")
                lines.append(f"  containerd keys: {', '.join(keys['ctrd'])}")
        else:
            for t in TOOLS:
                doc[t] = norm[t].text(out[t]).rstrip("\n").split("\n")
        for t in TOOLS:
            e = norm[t].text(err[t]).rstrip("\n")
            if e:
                doc[t] += ["--- stderr ---"] + e.split("\n")
            doc[t] += [f"--- exit code {rc[t]} ---"]
        diff = unified(doc["hako"], doc["ctrd"])
        raw = {}
        for t in TOOLS:
            for where, value in norm[t].raw:
                raw.setdefault(where, {"hako": [], "ctrd": []})[t].append(value)
        raw_note = [(w, ", ".join(v["hako"]) or "-", ", ".join(v["ctrd"]) or "-")
                    for w, v in raw.items() if v["hako"] != v["ctrd"]]
        if shape:
            verdict = "SHAPE DIFFERS: " + "; ".join(shape)
            shape_failures.append(f"{idx} {name}")
        elif diff:
            verdict = "values differ (same shape)"
            value_diffs.append(f"{idx} {name}")
        else:
            verdict = "same"
        if deliberate:
            verdict += f"; {len(deliberate)} deliberate difference{'s' if len(deliberate) > 1 else ''} in shape (known)"
            deliberate_steps.append(f"{idx} {name}")
        report.append(f"[{idx}] crictl {shown}\n  -> {verdict}")
        report += lines
        if deliberate:
            report.append("  deliberate differences (KNOWN_DIFFERENCES in crictl-diff.py; not counted):")
            report += deliberate
        if diff:
            report.append("  diff (normalised; - hako, + containerd):")
            report += ["    " + l for l in diff[2:]][:80]
            if len(diff) > 82:
                report.append(f"    ... ({len(diff) - 82} more diff lines)")
        if raw_note:
            report.append("  normalised values that differ (hako | containerd):")
            report += [f"    {w}: {a} | {b}" for w, a, b in raw_note[:12]]
        report.append("")

    notes = ctx.get("notes", [])
    print("\n".join(report))
    print("daemons: " + ("; ".join(notes) if notes else "both ran throughout"))
    same = len(steps) - len(value_diffs) - len(shape_failures)
    print(f"summary: {len(steps)} commands: {same} the same after normalising, {len(value_diffs)} with other "
          f"values, {len(shape_failures)} with another shape or exit code")
    if value_diffs:
        print("  other values: " + ", ".join(value_diffs))
    if shape_failures:
        print("  other shape or exit code: " + ", ".join(shape_failures))
    if deliberate_steps:
        print("  with deliberate differences in shape only (known, listed above): " + ", ".join(deliberate_steps))
    return 1 if shape_failures or notes else 0

if __name__ == "__main__":
    sys.exit(main())
