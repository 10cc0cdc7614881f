#!/usr/bin/env python3
"""Copies the pinned OpenAPI v3 documents keeping only facts (schemas, types,
formats, GVKs, x-kubernetes-* extensions, paths, parameters): every
"description" (upstream's prose) is dropped. With --full it instead copies the
documents unchanged (used at build time so the apiserver can serve them)."""
import argparse
import hashlib
import json
import os


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--pin")
    ap.add_argument("--sum")
    ap.add_argument("--pinfile")
    ap.add_argument("--full", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.dst, exist_ok=True)
    lines = []
    for fn in sorted(os.listdir(a.src)):
        if not fn.endswith(".json"):
            continue
        raw = open(os.path.join(a.src, fn), "rb").read()
        lines.append("sha256 %s %s" % (hashlib.sha256(raw).hexdigest(), fn))
        doc = json.loads(raw)
        out = json.dumps(doc if a.full else strip(doc), sort_keys=True, separators=(",", ":"))
        with open(os.path.join(a.dst, fn), "w") as fh:
            fh.write(out + "\n")
    if a.pinfile:
        with open(a.pinfile, "w") as fh:
            fh.write("version=%s\nmodule=k8s.io/kubernetes@%s\nmodule_sum=%s\n" % (a.pin, a.pin, a.sum))
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
