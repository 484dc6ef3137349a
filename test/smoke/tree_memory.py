"""Memory of a window's processes, for the smoke test: the process PID and the WebKit
processes it started (its children named WebKit*Process), one line each,

    comm rss pss alone

in MB, then a line "total rss pss alone". RSS and PSS are the kernel's (smaps_rollup). PSS
divides a shared page among every process on the machine that maps it, so it moves when some
other program (another test's browser, another window) maps the same libraries; "alone"
divides a shared page only among this window's own processes, as PSS would read on a kiosk
PC that runs nothing else: a page of a file (or memfd) that k of these processes map counts
1/k in each, a private page fully. That is the figure the smoke test compares.

Usage: python3 tree_memory.py PID
"""

import os
import re
import sys

MAPPING = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")


def children(pid):
    out = []
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                out += [int(c) for c in f.read().split()]
        except FileNotFoundError:
            pass
    return out


def comm(pid):
    with open("/proc/%d/comm" % pid) as f:
        return f.read().strip()


def rollup(pid):
    got = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Rss", "Pss"):
                got[k] = int(v.split()[0])
    return got["Rss"], got["Pss"]


def mappings(pid):
    """(name, private kB, shared kB) per mapping; anonymous mappings have name None."""
    out, cur = [], None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            if MAPPING.match(line):
                parts = line.split(None, 5)
                name = parts[5].strip() if len(parts) > 5 else ""
                cur = [name if name and not name.startswith("[") else None, 0, 0]
                out.append(cur)
            elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                cur[1] += int(line.split()[1])
            elif line.startswith(("Shared_Clean:", "Shared_Dirty:")):
                cur[2] += int(line.split()[1])
    return out


def main():
    root = int(sys.argv[1])
    pids = [root] + [c for c in children(root) if comm(c).startswith("WebKit")]
    maps = {p: mappings(p) for p in pids}
    # k: how many of these processes map each file.
    k = {}
    for p in pids:
        for name in {m[0] for m in maps[p] if m[0]}:
            k[name] = k.get(name, 0) + 1
    total = [0, 0, 0.0]
    for p in pids:
        rss, pss = rollup(p)
        alone = sum(priv + (shared / k[name] if name else shared) for name, priv, shared in maps[p])
        row = [rss / 1024, pss / 1024, alone / 1024]
        print("%s %.0f %.0f %.0f" % (comm(p), *row))
        total = [a + b for a, b in zip(total, row)]
    print("total %.0f %.0f %.0f" % tuple(total))


main()
