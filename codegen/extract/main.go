// Command extract reads the Go declarations of the pinned Kubernetes API packages
// and writes the wire facts codegen needs (field order, JSON names and omitempty,
// protobuf field numbers, pointer-ness) as one compact JSON document.
//
// It runs only when the pin changes (api/refresh); its output is committed so the
// build never needs the network.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

type field struct {
	Name      string `json:"go"`
	JSON      string `json:"json"`
	Inline    bool   `json:"inline,omitempty"`
	OmitEmpty bool   `json:"omitempty,omitempty"`
	OmitZero  bool   `json:"omitzero,omitempty"`
	Type      string `json:"type"`
	Proto     int    `json:"proto,omitempty"`
	Wire      string `json:"wire,omitempty"`
	Packed    bool   `json:"packed,omitempty"`
}

type typeDecl struct {
	Kind         string  `json:"kind"` // struct, or the underlying type expression
	Fields       []field `json:"fields,omitempty"`
	ProtoMessage bool    `json:"protoMessage,omitempty"`
	// Custom is set when the Go type has hand-written JSON marshalling.
	Custom bool `json:"customJSON,omitempty"`
}

type pkgDecl struct {
	GroupName    *string              `json:"groupName,omitempty"`
	ProtoPackage string               `json:"protoPackage,omitempty"`
	Types        map[string]*typeDecl `json:"types"`
}

var groupRe = regexp.MustCompile(`(?m)^// ?\+groupName=([\w.-]*)\s*$`)
var messageRe = regexp.MustCompile(`(?m)^message (\w+) \{`)
var protoPkgRe = regexp.MustCompile(`(?m)^package ([\w.]+);`)

func typeExpr(t types.Type) string {
	switch t := t.(type) {
	case *types.Named:
		if t.Obj().Pkg() == nil {
			return t.Obj().Name()
		}
		return t.Obj().Pkg().Path() + "." + t.Obj().Name()
	case *types.Alias:
		return typeExpr(types.Unalias(t))
	case *types.Basic:
		return t.Name()
	case *types.Pointer:
		return "*" + typeExpr(t.Elem())
	case *types.Slice:
		return "[]" + typeExpr(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), typeExpr(t.Elem()))
	case *types.Map:
		return "map[" + typeExpr(t.Key()) + "]" + typeExpr(t.Elem())
	case *types.Interface:
		return "interface{}"
	case *types.Struct:
		return "struct{}"
	}
	return fmt.Sprintf("?%T", t)
}

func hasMethod(t types.Type, name string) bool {
	ms := types.NewMethodSet(types.NewPointer(t))
	return ms.Lookup(nil, name) != nil
}

func main() {
	out := flag.String("o", "", "output file")
	flag.Parse()
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedFiles}
	pkgs, err := packages.Load(cfg, flag.Args()...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	result := map[string]*pkgDecl{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			fmt.Fprintln(os.Stderr, p.PkgPath, p.Errors)
			os.Exit(1)
		}
		pd := &pkgDecl{Types: map[string]*typeDecl{}}
		messages := map[string]bool{}
		if len(p.GoFiles) > 0 {
			if b, err := os.ReadFile(filepath.Join(filepath.Dir(p.GoFiles[0]), "generated.proto")); err == nil {
				for _, m := range messageRe.FindAllStringSubmatch(string(b), -1) {
					messages[m[1]] = true
				}
				if m := protoPkgRe.FindStringSubmatch(string(b)); m != nil {
					pd.ProtoPackage = m[1]
				}
			}
		}
		for _, f := range p.GoFiles {
			if filepath.Base(f) != "doc.go" && filepath.Base(f) != "register.go" {
				continue
			}
			if b, err := os.ReadFile(f); err == nil {
				if m := groupRe.FindStringSubmatch(string(b)); m != nil {
					g := m[1]
					pd.GroupName = &g
				}
			}
		}
		scope := p.Types.Scope()
		names := scope.Names()
		sort.Strings(names)
		for _, n := range names {
			obj, ok := scope.Lookup(n).(*types.TypeName)
			if !ok || !obj.Exported() || obj.IsAlias() {
				continue
			}
			td := &typeDecl{ProtoMessage: messages[n], Custom: hasMethod(obj.Type(), "UnmarshalJSON")}
			st, isStruct := obj.Type().Underlying().(*types.Struct)
			if !isStruct {
				td.Kind = typeExpr(obj.Type().Underlying())
				pd.Types[n] = td
				continue
			}
			td.Kind = "struct"
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				if !f.Exported() {
					continue
				}
				tag := reflectTag(st.Tag(i))
				jt, hasJSON := tag["json"]
				// json:"-" fields still count when protobuf carries them
				// (runtime.RawExtension.Raw, metav1.FieldsV1.Raw, ...).
				if _, hasProto := tag["protobuf"]; jt == "-" && !hasProto {
					continue
				}
				fd := field{Name: f.Name(), Type: typeExpr(f.Type())}
				parts := strings.Split(jt, ",")
				fd.JSON = parts[0]
				for _, o := range parts[1:] {
					switch o {
					case "inline":
						fd.Inline = true
					case "omitempty":
						fd.OmitEmpty = true
					case "omitzero":
						fd.OmitZero = true
					}
				}
				// encoding/json promotes the fields of an embedded struct whose tag
				// names no key; the ",inline" option itself means nothing to it.
				fd.Inline = f.Embedded() && fd.JSON == ""
				if fd.JSON == "" && !f.Embedded() {
					fd.JSON = f.Name()
				}
				_ = hasJSON
				if pt, ok := tag["protobuf"]; ok && strings.Count(pt, ",") >= 1 {
					pp := strings.Split(pt, ",")
					fd.Wire = pp[0]
					fd.Proto, _ = strconv.Atoi(pp[1])
					for _, o := range pp[2:] {
						if o == "packed" {
							fd.Packed = true
						}
					}
				}
				td.Fields = append(td.Fields, fd)
			}
			pd.Types[n] = td
		}
		result[p.PkgPath] = pd
	}
	b, err := json.MarshalIndent(result, "", " ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// reflectTag parses a Go struct tag into key -> value.
func reflectTag(tag string) map[string]string {
	m := map[string]string{}
	for tag != "" {
		tag = strings.TrimLeft(tag, " ")
		i := strings.Index(tag, ":")
		if i <= 0 || i+1 >= len(tag) || tag[i+1] != '"' {
			break
		}
		key := tag[:i]
		rest := tag[i+1:]
		val, err := strconv.QuotedPrefix(rest)
		if err != nil {
			break
		}
		tag = rest[len(val):]
		v, _ := strconv.Unquote(val)
		m[key] = v
	}
	return m
}
