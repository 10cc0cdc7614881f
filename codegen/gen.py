#!/usr/bin/env python3
"""Generates the C++ Kubernetes API model from the committed wire facts.

Input: api/model/types-<pin>.json (Go declarations: field order, JSON names,
omitempty, protobuf numbers; written by codegen/extract) and the pinned OpenAPI
documents in api/openapi/ (the list of schemas and their group-version-kinds).
Output, into the build tree only:
  kubecxx/api/<group>/<version>/types.h      structs and codec declarations
  kubecxx/api/<group>/<version>/codec_N.cc   JSON and protobuf codecs, split in chunks
  kubecxx/api/registry.cc, registry_<i>.cc   the table of top-level kinds (in chunks)
Files are rewritten only when their content changes, so rebuilds stay small.
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resources  # noqa: E402

CHUNK_TYPES = 28  # structs per codec translation unit (2 cores build them in parallel)

META = "k8s.io/apimachinery/pkg/apis/meta/v1"
RUNTIME = "k8s.io/apimachinery/pkg/runtime"
INTSTR = "k8s.io/apimachinery/pkg/util/intstr"

# Go types whose C++ form and codecs are written by hand (lib/api, lib/codec/special.h).
EXTERNAL = {
    META + ".Time": "::kubecxx::api::Time",
    META + ".MicroTime": "::kubecxx::api::MicroTime",
    "k8s.io/apimachinery/pkg/api/resource.Quantity": "::kubecxx::api::Quantity",
}
BASIC = {
    "string": "std::string",
    "bool": "bool",
    "int32": "int32_t",
    "int64": "int64_t",
    "int": "int64_t",
    "float64": "double",
    "time.Duration": "int64_t",
    "interface{}": "::kubecxx::RawJson",
}
CPP_KEYWORDS = {
    "namespace", "default", "operator", "template", "private", "protected", "public",
    "class", "delete", "new", "union", "and", "or", "not", "register", "export", "int",
    "bool", "char", "continue", "break", "switch", "case", "return", "this", "auto",
    "const", "static", "struct", "signed", "unsigned", "volatile", "virtual", "friend",
    "typename", "using", "throw", "try", "catch", "inline", "explicit", "enum", "extern",
    "goto", "if", "else", "for", "while", "do", "float", "double", "long", "short",
    "void", "sizeof", "typedef", "mutable", "asm", "concept", "requires", "module",
    "import", "xor", "bitand", "bitor", "compl", "not_eq", "or_eq", "and_eq", "xor_eq",
}


def short_path(pkg):
    """Go package path -> folder under kubecxx/api and C++ namespace parts."""
    for prefix, repl in (
        ("k8s.io/api/", ""),
        ("k8s.io/apimachinery/pkg/apis/", ""),
        ("k8s.io/apiextensions-apiserver/pkg/apis/", ""),
        ("k8s.io/kube-aggregator/pkg/apis/", ""),
        ("k8s.io/apimachinery/pkg/util/", ""),
        ("k8s.io/apimachinery/pkg/runtime/schema", "schema"),
        ("k8s.io/apimachinery/pkg/runtime", "runtime"),
        ("k8s.io/apimachinery/pkg/version", "version"),
        ("k8s.io/apimachinery/pkg/types", "types"),
    ):
        if pkg.startswith(prefix):
            return repl + pkg[len(prefix):]
    raise SystemExit("codegen: no short name for package " + pkg)


def namespace(pkg):
    return "kubecxx::api::" + "::".join(short_path(pkg).split("/"))


_WORD = re.compile(r"[A-Z]+s(?=[A-Z]|$)|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def snake(name):
    s = "_".join(w.lower() for w in _WORD.findall(name))
    return s + "_" if s in CPP_KEYWORDS else s


def split_type(expr):
    """Splits a type expression into (kind, parts)."""
    if expr.startswith("*"):
        return "ptr", expr[1:]
    if expr.startswith("[]"):
        return "slice", expr[2:]
    if expr.startswith("map["):
        depth = 0
        for i, c in enumerate(expr):
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return "map", (expr[4:i], expr[i + 1:])
    return "name", expr


class Model:
    def __init__(self, facts):
        self.facts = facts
        self.types = {}  # "pkg.Name" -> decl
        for pkg, pd in facts.items():
            for name, td in pd["types"].items():
                self.types[pkg + "." + name] = dict(td, pkg=pkg, name=name)

    def decl(self, qname):
        return self.types.get(qname)

    def is_struct(self, qname):
        if qname in EXTERNAL:
            return True
        d = self.decl(qname)
        return d is not None and d["kind"] == "struct"

    def resolve_alias(self, expr):
        """Follows named non-struct types to their underlying expression, except
        named slices that are protobuf messages (kept as distinct types)."""
        kind, rest = split_type(expr)
        if kind != "name" or expr in BASIC or expr in EXTERNAL or "." not in expr:
            return expr
        d = self.decl(expr)
        if d is None:
            raise SystemExit("codegen: unknown type " + expr)
        if d["kind"] == "struct" or self.is_wrapped_list(expr):
            return expr
        return self.resolve_alias(d["kind"])

    def is_wrapped_list(self, qname):
        d = self.decl(qname)
        return d is not None and d["kind"].startswith("[]") and d.get("protoMessage")

    def closure(self, roots):
        seen = set()
        stack = list(roots)
        while stack:
            q = stack.pop()
            if q in seen or q in EXTERNAL or q in BASIC:
                continue
            d = self.decl(q)
            if d is None:
                raise SystemExit("codegen: unknown type " + q)
            seen.add(q)
            exprs = [f["type"] for f in d.get("fields", [])] if d["kind"] == "struct" else [d["kind"]]
            for e in exprs:
                for n in self.names_in(e):
                    stack.append(n)
        return seen

    def names_in(self, expr):
        kind, rest = split_type(expr)
        if kind in ("ptr", "slice"):
            return self.names_in(rest)
        if kind == "map":
            return self.names_in(rest[0]) + self.names_in(rest[1])
        if expr in BASIC or "." not in expr or expr in EXTERNAL:
            return []
        if expr.startswith("[") :
            raise SystemExit("codegen: arrays are not supported: " + expr)
        return [expr]


class Gen:
    def __init__(self, model, selected):
        self.m = model
        self.selected = selected
        self.kind_traits = {}  # Go package -> [(type name, (group, version, kind))]
        self.by_pkg = {}
        for q in sorted(selected):
            d = model.decl(q)
            self.by_pkg.setdefault(d["pkg"], []).append(d)

    # ---- type mapping ----
    def cpp(self, expr, pkg):
        expr_r = self.m.resolve_alias(expr)
        kind, rest = split_type(expr_r)
        if kind == "ptr":
            inner = self.m.resolve_alias(rest)
            if self.m.is_struct(inner) or self.m.is_wrapped_list(inner):
                return "::kubecxx::Box<%s>" % self.cpp(inner, pkg)
            return "std::optional<%s>" % self.cpp(inner, pkg)
        if kind == "slice":
            if self.m.resolve_alias(rest) in ("byte", "uint8"):
                return "::kubecxx::Bytes"
            return "std::vector<%s>" % self.cpp(rest, pkg)
        if kind == "map":
            if self.m.resolve_alias(rest[0]) != "string":
                raise SystemExit("codegen: non-string map key in " + expr)
            return "std::map<std::string, %s>" % self.cpp(rest[1], pkg)
        if expr_r in BASIC:
            return BASIC[expr_r]
        if expr_r in EXTERNAL:
            return EXTERNAL[expr_r]
        d = self.m.decl(expr_r)
        if d["pkg"] == pkg:
            return d["name"]
        return "::" + namespace(d["pkg"]) + "::" + d["name"]

    def field_class(self, expr):
        """What omitempty tests and how protobuf presence works for a field."""
        e = self.m.resolve_alias(expr)
        kind, rest = split_type(e)
        if kind == "ptr":
            return "ptr"
        if kind == "slice":
            return "bytes" if self.m.resolve_alias(rest) in ("byte", "uint8") else "slice"
        if kind == "map":
            return "map"
        if e in ("string",):
            return "string"
        if e in ("bool",):
            return "bool"
        if e in ("int32", "int64", "int", "float64", "time.Duration"):
            return "number"
        if e == "interface{}":
            return "raw"
        if self.m.is_wrapped_list(e):
            return "wrapped"
        return "struct"

    # ---- headers ----
    def deps(self, pkg):
        out = set()
        for d in self.by_pkg[pkg]:
            exprs = [f["type"] for f in d.get("fields", [])] if d["kind"] == "struct" else [d["kind"]]
            for e in exprs:
                for n in self.m.names_in(e):
                    dd = self.m.decl(n)
                    if dd and dd["pkg"] != pkg and n in self.selected:
                        out.add(dd["pkg"])
        return sorted(out)

    def order_structs(self, pkg):
        """Orders structs so that by-value members are defined before use."""
        structs = {d["name"]: d for d in self.by_pkg[pkg] if d["kind"] == "struct" or self.m.is_wrapped_list(d["pkg"] + "." + d["name"])}
        done, out, visiting = set(), [], set()

        def value_deps(d):
            res = []
            for f in d.get("fields", []):
                e = self.m.resolve_alias(f["type"])
                kind, rest = split_type(e)
                while kind == "slice":
                    e = self.m.resolve_alias(rest)
                    kind, rest = split_type(e)
                if kind == "name" and e.startswith(pkg + ".") and e[len(pkg) + 1:] in structs:
                    res.append(e[len(pkg) + 1:])
                if kind == "map":
                    v = self.m.resolve_alias(rest[1])
                    if v.startswith(pkg + ".") and v[len(pkg) + 1:] in structs:
                        res.append(v[len(pkg) + 1:])
            return res

        def visit(n):
            if n in done or n in visiting:
                return
            visiting.add(n)
            for dep in value_deps(structs[n]):
                visit(dep)
            visiting.discard(n)
            done.add(n)
            out.append(structs[n])

        for n in sorted(structs):
            visit(n)
        return out

    def member_name(self, f):
        if f.get("inline"):
            return snake(f["type"].split(".")[-1])
        return snake(f["go"])

    def gen_header(self, pkg):
        ns = namespace(pkg)
        sp = short_path(pkg)
        L = ["// Generated by kubecxx codegen from the pinned Kubernetes API. DO NOT EDIT.",
             "// Go package: " + pkg, "#pragma once", "",
             "#include <cstdint>", "#include <map>", "#include <optional>", "#include <string>",
             "#include <string_view>", "#include <vector>", "",
             '#include "lib/codec/kind_traits.h"', '#include "lib/codec/model_codec.h"',
             '#include "lib/codec/special.h"']
        for dep in self.deps(pkg):
            L.append('#include "kubecxx/api/%s/types.h"' % short_path(dep))
        L += ["", "namespace %s {" % ns, ""]
        ordered = self.order_structs(pkg)
        for d in ordered:
            L.append("struct %s;" % d["name"])
        L.append("")
        # aliases for named scalar/map/slice types (after the declarations they may name)
        for d in self.by_pkg[pkg]:
            q = d["pkg"] + "." + d["name"]
            if d["kind"] != "struct" and not self.m.is_wrapped_list(q):
                L.append("using %s = %s;" % (d["name"], self.cpp(d["kind"], pkg)))
        L.append("")
        for d in ordered:
            q = d["pkg"] + "." + d["name"]
            if self.m.is_wrapped_list(q):
                elem = self.cpp(d["kind"], pkg)
                L += ["// A list that protobuf wraps in a message of its own (field 1).",
                      "struct %s : %s {" % (d["name"], elem),
                      "  using %s::vector;" % elem, "};", ""]
                continue
            L.append("struct %s {" % d["name"])
            names = set()
            for f in d.get("fields", []):
                mn = self.member_name(f)
                if mn in names:
                    raise SystemExit("codegen: member name clash %s.%s" % (q, mn))
                names.add(mn)
                init = ""
                fc = self.field_class(f["type"])
                if fc in ("number", "bool"):
                    init = "{}"
                L.append("  %s %s%s;" % (self.cpp(f["type"], pkg), mn, init))
            L.append("")
            L.append("  bool operator==(const %s&) const = default;" % d["name"])
            L.append("};")
            L.append("")
        for d in ordered:
            n = d["name"]
            L += [
                "void WriteJson(::kubecxx::codec::JsonWriter& w, const %s& v);" % n,
                "bool ReadJson(::kubecxx::codec::JsonReader& r, %s& v);" % n,
                "void WriteProto(::kubecxx::codec::ProtoWriter& w, const %s& v);" % n,
                "bool ReadProto(::kubecxx::codec::ProtoReader& r, %s& v);" % n,
            ]
            if d["kind"] == "struct":
                L += [
                    "void WriteJsonFields(::kubecxx::codec::JsonWriter& w, const %s& v);" % n,
                    "bool ReadJsonField(::kubecxx::codec::JsonReader& r, std::string_view key, %s& v);" % n,
                ]
        L += ["", "}  // namespace " + ns, ""]
        traits = self.kind_traits.get(pkg, [])
        if traits:
            L += ["namespace kubecxx::codec {", ""]
            for name, (g, v, k) in traits:
                t = "::%s::%s" % (ns, name)
                L += ["template <>", "struct KindTraits<%s> {" % t,
                      '  static constexpr std::string_view kGroup = "%s";' % g,
                      '  static constexpr std::string_view kVersion = "%s";' % v,
                      '  static constexpr std::string_view kKind = "%s";' % k]
                if any(n == name + "List" for n, _ in traits):
                    L.append("  using List = ::%s::%sList;" % (ns, name))
                L += ["};", ""]
            L += ["}  // namespace kubecxx::codec", ""]
        return "\n".join(L)

    # ---- codecs ----
    def json_write_fields(self, d, pkg):
        L = []
        for f in d.get("fields", []):
            if f["json"] == "-":
                continue  # protobuf only
            mn = "v." + self.member_name(f)
            if f.get("inline"):
                L.append("  WriteJsonFields(w, %s);" % mn)
                continue
            fc = self.field_class(f["type"])
            key = '  w.Key("%s");' % f["json"]
            if fc == "bytes":
                write = "  w.Base64(%s);" % mn
                if not f.get("omitempty"):
                    L += ["  if (%s.empty()) {" % mn, '    w.Key("%s");' % f["json"], "    w.Null();", "  } else {",
                          "  " + key, "  " + write, "  }"]
                    continue
            elif fc in ("slice", "map", "wrapped") and not f.get("omitempty"):
                # Go writes a nil slice or map as null; list items are never nil.
                if f["json"] == "items" and d["name"].endswith("List"):
                    write = "  ::kubecxx::codec::WriteJson(w, %s);" % mn
                else:
                    write = "  ::kubecxx::codec::WriteJsonOrNull(w, %s);" % mn
            else:
                write = "  WriteJson(w, %s);" % mn
            cond = None
            if f.get("omitzero"):
                # Go 1.24 omitzero: the zero value is left out; only the hand-written
                # time types carry it in the pinned API (metav1.ObjectMeta.creationTimestamp).
                if f["type"] not in (META + ".Time", META + ".MicroTime"):
                    raise SystemExit("codegen: omitzero on %s.%s (%s) is not supported"
                                     % (d["name"], f["go"], f["type"]))
                cond = "!%s.IsZero()"
            elif f.get("omitempty"):
                cond = {
                    "string": "!%s.empty()", "bytes": "!%s.empty()", "slice": "!%s.empty()",
                    "map": "!%s.empty()", "wrapped": "!%s.empty()", "number": "%s != 0",
                    "bool": "%s", "ptr": "%s.has_value()", "raw": "!%s.raw.empty()",
                }.get(fc)
            if cond:
                L += ["  if (%s) {" % (cond % mn), "  " + key, "  " + write, "  }"]
            else:
                L += [key, write]
        return L

    def json_read_switch(self, d, pkg):
        by_len = {}
        inline = []
        for f in d.get("fields", []):
            if f["json"] == "-":
                continue  # protobuf only
            if f.get("inline"):
                inline.append(f)
                continue
            by_len.setdefault(len(f["json"].encode()), []).append(f)
        L = []
        if by_len:
            L.append("  switch (key.size()) {")
            for n in sorted(by_len):
                L.append("    case %d:" % n)
                for f in by_len[n]:
                    L.append('      if (key == "%s") return ::kubecxx::codec::ReadJsonField(r, "%s", v.%s);'
                             % (f["json"], f["json"], self.member_name(f)))
                L.append("      break;")
            L.append("  }")
        for f in inline:
            L.append("  if (ReadJsonField(r, key, v.%s)) return true;" % self.member_name(f))
        L.append("  return false;")
        return L

    def proto_write(self, d, pkg):
        fields = [f for f in d.get("fields", []) if f.get("proto")]
        L = []
        for f in sorted(fields, key=lambda f: -f["proto"]):
            mn = "v." + self.member_name(f)
            fc = self.field_class(f["type"])
            if fc == "wrapped":
                L.append("  if (!%s.empty()) ::kubecxx::codec::WriteProtoField(w, %d, %s);" % (mn, f["proto"], mn))
            elif fc == "raw":
                raise SystemExit("codegen: interface{} with protobuf tag in " + d["name"])
            else:
                L.append("  ::kubecxx::codec::WriteProtoField(w, %d, %s);" % (f["proto"], mn))
        return L

    def proto_read(self, d, pkg):
        fields = [f for f in d.get("fields", []) if f.get("proto")]
        L = ["  uint32_t field, wire;", "  while (r.Next(&field, &wire)) {", "    switch (field) {"]
        for f in sorted(fields, key=lambda f: f["proto"]):
            L += ["      case %d:" % f["proto"],
                  "        if (!::kubecxx::codec::ReadProtoField(r, wire, v.%s)) {" % self.member_name(f),
                  '          r.AddContext("%s", "%s");' % (d["name"], f["go"]),
                  "          return false;", "        }", "        break;"]
        L += ["      default:", "        if (!r.Skip(wire)) return false;", "    }", "  }", "  return r.ok();"]
        return L

    def gen_codec_chunk(self, pkg, structs, custom_json):
        ns = namespace(pkg)
        L = ["// Generated by kubecxx codec generator. DO NOT EDIT.",
             '#include "kubecxx/api/%s/types.h"' % short_path(pkg), "",
             "namespace %s {" % ns, "",
             "using ::kubecxx::codec::ReadJson;", "using ::kubecxx::codec::WriteJson;", ""]
        for d in structs:
            n = d["name"]
            q = d["pkg"] + "." + n
            if self.m.is_wrapped_list(q):
                elem = self.cpp(d["kind"], pkg)
                L += ["void WriteJson(::kubecxx::codec::JsonWriter& w, const %s& v) {" % n,
                      "  ::kubecxx::codec::WriteJson(w, static_cast<const %s&>(v));" % elem, "}",
                      "bool ReadJson(::kubecxx::codec::JsonReader& r, %s& v) {" % n,
                      "  return ::kubecxx::codec::ReadJson(r, static_cast<%s&>(v));" % elem, "}",
                      "void WriteProto(::kubecxx::codec::ProtoWriter& w, const %s& v) {" % n,
                      "  ::kubecxx::codec::WriteProtoField(w, 1, static_cast<const %s&>(v));" % elem, "}",
                      "bool ReadProto(::kubecxx::codec::ProtoReader& r, %s& v) {" % n,
                      "  uint32_t field, wire;",
                      "  while (r.Next(&field, &wire)) {",
                      "    if (field == 1) {",
                      "      if (!::kubecxx::codec::ReadProtoField(r, wire, static_cast<%s&>(v))) return false;" % elem,
                      "    } else if (!r.Skip(wire)) {", "      return false;", "    }", "  }",
                      "  return r.ok();", "}", ""]
                continue
            if q not in custom_json:
                L.append("void WriteJsonFields(::kubecxx::codec::JsonWriter& w, const %s& v) {" % n)
                L += self.json_write_fields(d, pkg)
                L += ["}", ""]
                L += ["void WriteJson(::kubecxx::codec::JsonWriter& w, const %s& v) {" % n,
                      "  w.BeginObject();", "  WriteJsonFields(w, v);", "  w.EndObject();", "}", ""]
                L.append("bool ReadJsonField(::kubecxx::codec::JsonReader& r, std::string_view key, %s& v) {" % n)
                L += self.json_read_switch(d, pkg)
                L += ["}", ""]
                L += ["bool ReadJson(::kubecxx::codec::JsonReader& r, %s& v) {" % n,
                      "  if (r.TryNull()) return true;",
                      "  if (!r.BeginObject()) return false;",
                      "  std::string_view key;",
                      "  while (r.NextKey(&key)) {",
                      "    if (r.strict()) r.NoteKey(key);",
                      "    if (ReadJsonField(r, key, v)) {",
                      "      if (!r.ok()) return false;",
                      "      continue;",
                      "    }",
                      "    if (r.strict()) r.UnknownField(key);",
                      "    if (!r.Skip()) return false;",
                      "  }",
                      "  return r.ok();", "}", ""]
            L.append("void WriteProto(::kubecxx::codec::ProtoWriter& w, const %s& v) {" % n)
            body = self.proto_write(d, pkg)
            L += body if body else ["  (void)w;", "  (void)v;"]
            L += ["}", ""]
            L.append("bool ReadProto(::kubecxx::codec::ProtoReader& r, %s& v) {" % n)
            body = self.proto_read(d, pkg)
            if not [f for f in d.get("fields", []) if f.get("proto")]:
                L.append("  (void)v;")
            L += body
            L += ["}", ""]
        L += ["}  // namespace " + ns, ""]
        return "\n".join(L)


def kinds_for(model, selected, openapi_gvks):
    """Top-level kinds: structs with an inline TypeMeta in a group-version package,
    plus every group-version-kind the OpenAPI documents name."""
    out = {}
    for q in sorted(selected):
        d = model.decl(q)
        pkg = d["pkg"]
        if d["kind"] != "struct":
            continue
        has_tm = any(f.get("inline") and f["type"] == META + ".TypeMeta" for f in d.get("fields", []))
        if not has_tm:
            continue
        group = model.facts[pkg].get("groupName")
        if group is None:
            if pkg.startswith("k8s.io/api/"):
                group = pkg.split("/")[2]
            else:
                continue
        version = pkg.split("/")[-1]
        out[(group, version, d["name"])] = q
    for (g, v, k), q in openapi_gvks.items():
        if q in selected:
            out.setdefault((g, v, k), q)
    # metav1.AddToGroupVersion registers WatchEvent and the options kinds in every
    # group-version of the scheme (core/v1's fixtures include them).
    for g, v in sorted({(g, v) for g, v, _ in out}):
        for k in ("WatchEvent",) + META_OPTIONS_KINDS:
            if META + "." + k in selected:
                out.setdefault((g, v, k), META + "." + k)
    return out


META_OPTIONS_KINDS = ("ListOptions", "GetOptions", "DeleteOptions", "CreateOptions",
                      "UpdateOptions", "PatchOptions")


def read_openapi(openapi_dir):
    """Returns (schema names, {(group, version, kind): qualified Go type})."""
    names, gvks = set(), {}
    if not openapi_dir or not os.path.isdir(openapi_dir):
        return names, gvks
    for fn in sorted(os.listdir(openapi_dir)):
        if not fn.endswith(".json"):
            continue
        with open(os.path.join(openapi_dir, fn)) as fh:
            doc = json.load(fh)
        for sname, schema in doc.get("components", {}).get("schemas", {}).items():
            q = schema_to_go(sname)
            if q is None:
                continue
            names.add(q)
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                gvks[(gvk["group"], gvk["version"], gvk["kind"])] = q
    return names, gvks


def schema_to_go(sname):
    for prefix, gopfx in (
        ("io.k8s.api.", "k8s.io/api/"),
        ("io.k8s.apimachinery.pkg.", "k8s.io/apimachinery/pkg/"),
        ("io.k8s.apiextensions-apiserver.pkg.", "k8s.io/apiextensions-apiserver/pkg/"),
        ("io.k8s.kube-aggregator.pkg.", "k8s.io/kube-aggregator/pkg/"),
    ):
        if sname.startswith(prefix):
            rest = sname[len(prefix):].split(".")
            return gopfx + "/".join(rest[:-1]) + "." + rest[-1]
    return None


def write_if_changed(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path) as fh:
            if fh.read() == content:
                return
    except FileNotFoundError:
        pass
    with open(path + ".tmp", "w") as fh:
        fh.write(content)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--openapi", help="folder of OpenAPI v3 documents")
    ap.add_argument("--out", help="output folder")
    ap.add_argument("--list", action="store_true", help="print the files that would be written")
    args = ap.parse_args()

    with open(args.model) as fh:
        facts = json.load(fh)
    model = Model(facts)

    schema_names, gvks = read_openapi(args.openapi)
    roots = set()
    for q, d in model.types.items():
        pkg = d["pkg"]
        if pkg.startswith("k8s.io/api/") or "apiextensions" in pkg or "kube-aggregator" in pkg:
            if d["kind"] == "struct" or model.is_wrapped_list(q):
                roots.add(q)
        elif pkg == META and (d.get("protoMessage") or q in schema_names):
            roots.add(q)
        elif pkg in (RUNTIME,) and d["name"] in ("RawExtension", "Unknown", "TypeMeta"):
            roots.add(q)
        elif pkg == "k8s.io/apimachinery/pkg/version" and d["name"] == "Info":
            roots.add(q)
    roots |= {q for q in schema_names if q in model.types}
    roots -= set(EXTERNAL)
    selected = model.closure(roots)
    missing = sorted(q for q in schema_names if q not in selected and q not in EXTERNAL)
    if missing:
        print("codegen: OpenAPI schemas without a Go type: %s" % ", ".join(missing), file=sys.stderr)

    custom_json = {q for q in selected if model.decl(q).get("customJSON")}
    gen = Gen(model, selected)
    kinds = kinds_for(model, selected, gvks)
    # Compile-time GVK of each Go type that exactly one kind names in its own package.
    owners = {}
    for gvk, q in kinds.items():
        owners.setdefault(q, []).append(gvk)
    for q, gvk_list in sorted(owners.items()):
        d = model.decl(q)
        if len(gvk_list) == 1 and d["pkg"] != META:
            gen.kind_traits.setdefault(d["pkg"], []).append((d["name"], gvk_list[0]))
    files = {}
    for pkg in sorted(gen.by_pkg):
        sp = short_path(pkg)
        files["kubecxx/api/%s/types.h" % sp] = gen.gen_header(pkg)
        structs = gen.order_structs(pkg)
        for i in range(0, max(len(structs), 1), CHUNK_TYPES):
            chunk = structs[i:i + CHUNK_TYPES]
            files["kubecxx/api/%s/codec_%d.cc" % (sp, i // CHUNK_TYPES)] = gen.gen_codec_chunk(pkg, chunk, custom_json)
    files.update(gen_registry(model, gen, kinds))
    if args.openapi:
        files["kubecxx/api/resources.cc"] = resources.gen_resources_cc(resources.read_resources(args.openapi))

    if args.list:
        for f in sorted(files):
            print(f)
        return
    for f, content in files.items():
        write_if_changed(os.path.join(args.out, f), content)
    print("codegen: %d packages, %d types, %d files" % (len(gen.by_pkg), len(selected), len(files)))


# Registry translation units: MakeKind<T> instantiates construction, destruction and operator==
# of every kind, which made one registry.cc the longest compile of the build (94 s of CPU, the
# build's serial tail); 4 chunks compile in parallel and registry.cc only joins them. More chunks
# cost more CPU in total (each re-parses the big types.h headers): 13 chunks took 145 s.
REGISTRY_CHUNKS = 4


def gen_registry(model, gen, kinds):
    """Returns {file name: content}: registry_<i>.cc chunks and registry.cc joining them."""
    rows = []
    for (g, v, k), q in sorted(kinds.items()):
        d = model.decl(q)
        rows.append((d["pkg"], "::" + namespace(d["pkg"]) + "::" + d["name"], g, v, k))
    size = -(-len(rows) // REGISTRY_CHUNKS)
    chunks = [rows[i:i + size] for i in range(0, len(rows), size)]
    files = {}
    for i, chunk in enumerate(chunks):
        L = ["// Generated by kubecxx codegen. DO NOT EDIT.", '#include "lib/codec/registry.h"', ""]
        for p in sorted({r[0] for r in chunk}):
            L.append('#include "kubecxx/api/%s/types.h"' % short_path(p))
        L += ["", "namespace kubecxx::codec {", "namespace {", "", "const KindInfo kKinds[] = {"]
        for _, t, g, v, k in chunk:
            L.append('    MakeKind<%s>("%s", "%s", "%s"),' % (t, g, v, k))
        L += ["};", "", "}  // namespace", "",
              "std::span<const KindInfo> RegistryChunk%d() { return kKinds; }" % i, "",
              "}  // namespace kubecxx::codec", ""]
        files["kubecxx/api/registry_%d.cc" % i] = "\n".join(L)
    L = ["// Generated by kubecxx codegen. DO NOT EDIT.", '#include <vector>', "",
         '#include "lib/codec/registry.h"', "", "namespace kubecxx::codec {", ""]
    for i in range(len(chunks)):
        L.append("std::span<const KindInfo> RegistryChunk%d();" % i)
    L += ["", "std::span<const KindInfo> AllKinds() {",
          "  // Built once, on first use (thread-safe static initialisation), in sorted order.",
          "  static const std::vector<KindInfo> kinds = [] {",
          "    std::vector<KindInfo> all;",
          "    all.reserve(%d);" % len(rows)]
    for i in range(len(chunks)):
        L.append("    for (const KindInfo& k : RegistryChunk%d()) all.push_back(k);" % i)
    L += ["    return all;", "  }();", "  return kinds;", "}", "",
          "}  // namespace kubecxx::codec", ""]
    files["kubecxx/api/registry.cc"] = "\n".join(L)
    return files


if __name__ == "__main__":
    main()
