#!/usr/bin/env python3
"""Summarises e2e.test JUnit reports as Markdown: passed/failed/skipped per SIG, duration, failures.

usage: report.py --junit-dir DIR --focus RE --skip RE --title T [--config C] [--out summary.md]
       [--json summary.json]

Only test cases whose name matches --focus and not --skip count (ginkgo also lists every spec that
the filter left out as "skipped"; those are not ours to count).
"""
import argparse
import glob
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def parse(junit_dir):
    cases = []
    for path in sorted(glob.glob(f"{junit_dir}/junit*.xml")):
        root = ET.parse(path).getroot()
        for tc in root.iter("testcase"):
            name = tc.get("name", "")
            status = tc.get("status") or ""
            message = ""
            bad = tc.find("failure") if tc.find("failure") is not None else tc.find("error")
            if bad is not None:
                status = "failed"
                message = (bad.get("message") or bad.text or "").strip()
            elif tc.find("skipped") is not None or status in ("skipped", "pending"):
                status = "skipped"
                node = tc.find("skipped")
                message = (node.get("message") or "").strip() if node is not None else ""
            elif status in ("", "passed"):
                status = "passed"
            else:  # panicked, interrupted, aborted, timedout without a failure element
                message = status
                status = "failed"
            cases.append({"name": name, "status": status, "time": float(tc.get("time") or 0),
                          "message": message})
    return cases


def sig_of(name):
    m = re.search(r"\[(sig-[a-z-]+)\]", name)
    return m.group(1) if m else "other"


def summarise(cases, focus, skip):
    focus_re = re.compile(focus) if focus else None
    skip_re = re.compile(skip) if skip else None
    picked = []
    for c in cases:
        if c["name"].startswith("[SynchronizedBeforeSuite]") or c["name"].startswith("[SynchronizedAfterSuite]") \
                or c["name"].startswith("[ReportAfterSuite]") or c["name"].startswith("[BeforeSuite]"):
            if c["status"] == "failed":
                picked.append(c)
            continue
        if focus_re and not focus_re.search(c["name"]):
            continue
        if skip_re and skip_re.search(c["name"]):
            continue
        picked.append(c)
    per_sig = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0, "time": 0.0})
    for c in picked:
        s = per_sig[sig_of(c["name"])]
        s[c["status"]] += 1
        s["time"] += c["time"]
    return picked, dict(sorted(per_sig.items()))


def fmt_secs(s):
    s = int(round(s))
    return f"{s // 3600}h{s // 60 % 60:02d}m{s % 60:02d}s" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def markdown(title, config, wall, picked, per_sig):
    total = {k: sum(v[k] for v in per_sig.values()) for k in ("passed", "failed", "skipped")}
    out = [f"# {title}", ""]
    if config:
        out += [f"Configuration: {config}", ""]
    out += [f"Result: **{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped** "
            f"of {len(picked)} tests; wall time {fmt_secs(wall)}.", "",
            "| SIG | passed | failed | skipped | test time |", "|---|---:|---:|---:|---:|"]
    for sig, v in per_sig.items():
        out.append(f"| {sig} | {v['passed']} | {v['failed']} | {v['skipped']} | {fmt_secs(v['time'])} |")
    failed = [c for c in picked if c["status"] == "failed"]
    if failed:
        out += ["", "## Failed", ""]
        for c in sorted(failed, key=lambda c: c["name"]):
            first = c["message"].splitlines()[0][:300] if c["message"] else ""
            out.append(f"- {c['name']} ({c['time']:.0f}s)" + (f"\n  `{first}`" if first else ""))
    skipped = [c for c in picked if c["status"] == "skipped"]
    if skipped:
        out += ["", "## Skipped at run time", ""]
        for c in sorted(skipped, key=lambda c: c["name"]):
            first = c["message"].splitlines()[0][:200] if c["message"] else ""
            out.append(f"- {c['name']}" + (f": {first}" if first else ""))
    slow = sorted((c for c in picked if c["status"] != "skipped"), key=lambda c: -c["time"])[:15]
    if slow:
        out += ["", "## Slowest", "", "| time | test |", "|---:|---|"]
        out += [f"| {c['time']:.0f}s | {c['name']} |" for c in slow]
    return "\n".join(out) + "\n", total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--junit-dir", required=True)
    ap.add_argument("--focus", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--title", default="Conformance run")
    ap.add_argument("--config", default="")
    ap.add_argument("--wall", type=float, default=0)
    ap.add_argument("--out")
    ap.add_argument("--json")
    a = ap.parse_args()
    cases = parse(a.junit_dir)
    if not cases:
        print(f"report.py: no JUnit test cases in {a.junit_dir}", file=sys.stderr)
        return 1
    picked, per_sig = summarise(cases, a.focus, a.skip)
    text, total = markdown(a.title, a.config, a.wall, picked, per_sig)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"config": a.config, "wall": a.wall, "total": total, "per_sig": per_sig,
                       "tests": picked}, f, indent=1)
    print(f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
