#!/usr/bin/env python3
"""Aggregates a JFR recording's CPU samples and allocation samples: hottest frames (self), hottest of our code
(inclusive), and what allocates most. Usage: jfr-top.py recording.jfr [N]"""
import json, subprocess, sys, collections

def events(path, name, depth=128):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", name, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]

def frame(f):
    m = f["method"]
    return m["type"]["name"] + "." + m["name"]

def top(counter, total, n, title):
    print(f"\n== {title} (of {total:.0f})")
    for key, value in counter.most_common(n):
        print(f"{100.0 * value / total:6.1f}%  {key}")

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
samples = events(path, "jdk.ExecutionSample")
self_frames, ours_incl, packages = collections.Counter(), collections.Counter(), collections.Counter()
for e in samples:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    if not frames:
        continue
    self_frames[frame(frames[0])] += 1
    seen = set()
    for f in frames:
        name = frame(f)
        if name.startswith("fr.idnum") and name not in seen:
            seen.add(name)
            ours_incl[name] += 1
    # the first frame that is not JDK, as a package: where the time is spent, by library
    for f in frames:
        t = f["method"]["type"]["name"]
        if not t.startswith(("java.", "jdk.", "sun.", "com.sun.")):
            packages[".".join(t.split(".")[:3])] += 1
            break
total = len(samples)
ours_any = sum(1 for e in samples if e["values"].get("stackTrace") and any(
    frame(f).startswith("fr.idnum") for f in e["values"]["stackTrace"]["frames"]))
print(f"{total} execution samples; {100.0 * ours_any / max(1, total):.1f}% with our code (fr.idnum) on the stack")
top(self_frames, total, n, "top frames, self")
top(packages, total, n, "first non-JDK package on the stack")
top(ours_incl, total, n, "our code, inclusive (fr.idnum on the stack)")

alloc = events(path, "jdk.ObjectAllocationSample", 16)
by_class, by_site, ours_alloc = collections.Counter(), collections.Counter(), collections.Counter()
weight = 0
for e in alloc:
    w = e["values"]["weight"]
    weight += w
    by_class[e["values"]["objectClass"]["name"]] += w
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    for f in frames:
        t = f["method"]["type"]["name"]
        if not t.startswith(("java.", "jdk.", "sun.", "com.sun.")):
            by_site[frame(f)] += w
            break
    seen = set()
    for f in frames:
        name = frame(f)
        if name.startswith("fr.idnum") and name not in seen:
            seen.add(name)
            ours_alloc[name] += w
print(f"\n{len(alloc)} allocation samples, {weight / 2**20:.0f} MiB weighted")
top(by_class, weight, n, "allocated bytes by class")
top(by_site, weight, n, "allocated bytes by first non-JDK frame")
top(ours_alloc, weight, n, "allocated bytes, our code inclusive")
