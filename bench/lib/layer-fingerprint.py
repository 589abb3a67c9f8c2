#!/usr/bin/env python3
"""Prints one line per layer directory: its entry count, regular-file bytes, whiteout count,
opaque-directory count and a digest of every entry's path, type, mode, owner, size, link
target, device number and overlay opaque flag, sorted. Two runtimes that unpacked the same
image into overlay layers print the same lines (sorted), whatever their directory names.

usage: layer-fingerprint.py DIR...
"""
import hashlib
import os
import stat
import sys


def opaque(path):
    try:
        return os.getxattr(path, "trusted.overlay.opaque", follow_symlinks=False) == b"y"
    except OSError:
        return False


def fingerprint(top):
    h = hashlib.sha256()
    entries = size = whiteouts = opaques = 0
    records = []
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            p = os.path.join(root, name)
            st = os.lstat(p)
            rel = os.path.relpath(p, top)
            mode = st.st_mode
            link = os.readlink(p) if stat.S_ISLNK(mode) else ""
            is_opaque = stat.S_ISDIR(mode) and opaque(p)
            entries += 1
            if stat.S_ISREG(mode):
                size += st.st_size
            if stat.S_ISCHR(mode) and st.st_rdev == 0:
                whiteouts += 1
            opaques += is_opaque
            records.append("%s|%o|%d:%d|%d|%s|%d|%d" % (
                rel, mode, st.st_uid, st.st_gid, st.st_size if stat.S_ISREG(mode) else 0,
                link, st.st_rdev if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) else 0, is_opaque))
    for r in sorted(records):
        h.update(r.encode("utf-8", "surrogateescape") + b"\n")
    return "%d entries %d bytes %d whiteouts %d opaque %s" % (
        entries, size, whiteouts, opaques, h.hexdigest()[:16])


if __name__ == "__main__":
    for d in sys.argv[1:]:
        print(fingerprint(d))
