#!/usr/bin/env python3
"""Prints kubecxx's codec_bench results beside the stock Go codecs' (bench/run).

Usage: compare.py KUBECXX_JSON GO_JSONL   (Google Benchmark JSON; one JSON object per line)
"""
import json
import sys


def main(cxx_path, go_path):
    with open(cxx_path) as f:
        cxx = {b["name"]: b for b in json.load(f)["benchmarks"] if "error_message" not in b}
    go = {}
    with open(go_path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                go[r["name"]] = r
    rows = [("case", "kubecxx ns/op", "Go ns/op", "speedup", "kubecxx B/op", "Go B/op",
             "kubecxx allocs/op", "Go allocs/op")]
    for name, b in cxx.items():
        ns = b["real_time"] * {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
        g = go.get(name)
        rows.append((
            name,
            f"{ns:,.0f}",
            f"{g['ns_per_op']:,.0f}" if g else "-",
            f"{g['ns_per_op'] / ns:.1f}x" if g else "-",
            f"{b['bytes/op']:,.0f}",
            f"{g['bytes_per_op']:,}" if g else "-",
            f"{b['allocs/op']:,.0f}",
            f"{g['allocs_per_op']:,}" if g else "-",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    print("speedup = Go time / kubecxx time (higher is better for kubecxx)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
