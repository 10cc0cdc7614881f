#!/usr/bin/env python3
"""Copies etcd's v3 API .proto files from the Go module cache into the build tree, without
the options that need protos we do not compile (google.api.http, grpc-gateway openapiv2,
etcd's versionpb annotations). Messages, fields, enums and services are unchanged, so the
generated C++ code speaks exactly etcd's wire protocol.

usage: prepare_protos.py <etcd api module dir> <output dir>
Writes <out>/etcd/api/{mvccpb/kv,authpb/auth,etcdserverpb/rpc}.proto (the import paths
rpc.proto itself uses)."""
import os
import re
import sys

FILES = ["mvccpb/kv.proto", "authpb/auth.proto", "etcdserverpb/rpc.proto"]
DROPPED_IMPORTS = ("google/api/", "protoc-gen-openapiv2/", "etcd/api/versionpb/", "gogoproto/")


def skip_block(text, i):
    """text[i] is '{': returns the index just past the matching '}' (strings honoured)."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise SystemExit("unbalanced braces in option block")


def strip(text):
    out = []
    for line in text.splitlines(keepends=True):
        m = re.match(r'\s*import\s+"([^"]+)"\s*;', line)
        if m and m.group(1).startswith(DROPPED_IMPORTS):
            continue
        out.append(line)
    text = "".join(out)
    # Statement options with a parenthesised (extension) name: `option (x.y) = ...;`
    # where the value is a scalar or an aggregate `{ ... }`.
    result = []
    i = 0
    pat = re.compile(r"option\s*\([^)]*\)\s*=\s*")
    while True:
        m = pat.search(text, i)
        if not m:
            result.append(text[i:])
            break
        result.append(text[i:m.start()])
        j = m.end()
        if text[j] == "{":
            j = skip_block(text, j)
        else:
            while text[j] != ";":
                j += 1
        while j < len(text) and text[j] in " \t":
            j += 1
        if j < len(text) and text[j] == ";":
            j += 1
        i = j
    text = "".join(result)
    # Field and enum value options: `[(versionpb.etcd_version_field)="3.1"]`.
    text = re.sub(r"\s*\[\s*\([^)]*\)\s*=\s*\"[^\"]*\"\s*\]", "", text)
    # Empty `rpc X(Y) returns (Z) {}` bodies are valid proto3; leave them.
    if re.search(r"\(\s*(google\.api|grpc\.gateway|versionpb|gogoproto)", text):
        raise SystemExit("an option survived stripping")
    return text


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    for rel in FILES:
        path = os.path.join(src, rel)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise SystemExit(f"{path}: {e} (run scripts/setup to fetch go.etcd.io/etcd/api/v3)")
        dest = os.path.join(out, "etcd", "api", rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        new = strip(text)
        old = None
        if os.path.exists(dest):
            with open(dest, encoding="utf-8") as f:
                old = f.read()
        if old != new:
            with open(dest, "w", encoding="utf-8") as f:
                f.write(new)


if __name__ == "__main__":
    main()
