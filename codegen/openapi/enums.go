package main

// Reads the enum facts of the generated OpenAPI definitions (zz_generated.openapi.go in the
// pinned Kubernetes module) with go/parser: for every schema inside a definition that has an
// Enum list, the list and the full description. The published api/openapi-spec snapshots are
// made with the OpenAPIEnums gate off (enum lists and the "Possible enum values" part of the
// descriptions removed); stock v1.37.2 serves them with the gate on, so they are put back.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// enumFact is one schema with an Enum: the definition (OpenAPI model name), the path to the
// schema inside it ("properties", "<name>", "items", "additionalProperties", "allOf", "<i>"),
// and what the gate adds.
type enumFact struct {
	def         string
	path        []string
	description string
	values      []interface{}
}

// readEnumFacts parses one generated file. Definition names come from the map literal that
// GetOpenAPIDefinitions returns: either string keys or `alias.Type{}.OpenAPIModelName()`,
// resolved from the import path (the model-name rule: reversed domain, then the path).
func readEnumFacts(file string) ([]enumFact, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	imports := map[string]string{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = p
	}
	funcs := map[string]*ast.FuncDecl{}
	names := map[string]string{} // schema function -> model name
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		funcs[fd.Name.Name] = fd
		if fd.Name.Name != "GetOpenAPIDefinitions" {
			continue
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if !ok {
				return true
			}
			call, ok := kv.Value.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			if name, err := modelName(kv.Key, imports); err == nil {
				names[fn.Name] = name
			}
			return false
		})
	}
	var facts []enumFact
	for fn, def := range names {
		fd := funcs[fn]
		if fd == nil {
			continue
		}
		// The function returns common.OpenAPIDefinition{Schema: spec.Schema{...}}.
		ast.Inspect(fd, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if !ok || keyName(kv.Key) != "Schema" {
				return true
			}
			if lit, ok := kv.Value.(*ast.CompositeLit); ok {
				walkSchema(lit, def, nil, &facts)
			}
			return false
		})
	}
	return facts, nil
}

func modelName(key ast.Expr, imports map[string]string) (string, error) {
	if lit, ok := key.(*ast.BasicLit); ok {
		return strconv.Unquote(lit.Value)
	}
	// alias.Type{}.OpenAPIModelName()
	call, ok := key.(*ast.CallExpr)
	if !ok {
		return "", fmt.Errorf("key %T", key)
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "OpenAPIModelName" {
		return "", fmt.Errorf("key call")
	}
	lit, ok := sel.X.(*ast.CompositeLit)
	if !ok {
		return "", fmt.Errorf("key receiver")
	}
	typ, ok := lit.Type.(*ast.SelectorExpr)
	if !ok {
		return "", fmt.Errorf("key type")
	}
	pkg, ok := typ.X.(*ast.Ident)
	if !ok || imports[pkg.Name] == "" {
		return "", fmt.Errorf("key package")
	}
	return friendlyName(imports[pkg.Name]) + "." + typ.Sel.Name, nil
}

// friendlyName: "k8s.io/api/core/v1" -> "io.k8s.api.core.v1".
func friendlyName(importPath string) string {
	parts := strings.Split(importPath, "/")
	domain := strings.Split(parts[0], ".")
	for i, j := 0, len(domain)-1; i < j; i, j = i+1, j-1 {
		domain[i], domain[j] = domain[j], domain[i]
	}
	return strings.Join(append([]string{strings.Join(domain, ".")}, parts[1:]...), ".")
}

func keyName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func unwrap(e ast.Expr) *ast.CompositeLit {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

func field(lit *ast.CompositeLit, name string) ast.Expr {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok && keyName(kv.Key) == name {
			return kv.Value
		}
	}
	return nil
}

// walkSchema visits a spec.Schema literal (`spec.Schema{SchemaProps: spec.SchemaProps{...}}`
// or an elided `{SchemaProps: ...}` as a map value).
func walkSchema(lit *ast.CompositeLit, def string, path []string, facts *[]enumFact) {
	props := unwrap(field(lit, "SchemaProps"))
	if props == nil {
		return
	}
	if enum := unwrap(field(props, "Enum")); enum != nil {
		fact := enumFact{def: def, path: append([]string(nil), path...)}
		if d, ok := field(props, "Description").(*ast.BasicLit); ok {
			fact.description, _ = strconv.Unquote(d.Value)
		}
		for _, v := range enum.Elts {
			if s, ok := v.(*ast.BasicLit); ok && s.Kind == token.STRING {
				u, _ := strconv.Unquote(s.Value)
				fact.values = append(fact.values, u)
			}
		}
		*facts = append(*facts, fact)
	}
	if m := unwrap(field(props, "Properties")); m != nil {
		for _, el := range m.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k, ok := kv.Key.(*ast.BasicLit)
			if !ok {
				continue
			}
			name, _ := strconv.Unquote(k.Value)
			if v := unwrap(kv.Value); v != nil {
				walkSchema(v, def, append(path, "properties", name), facts)
			}
		}
	}
	if items := unwrap(field(props, "Items")); items != nil {
		if s := unwrap(field(items, "Schema")); s != nil {
			walkSchema(s, def, append(path, "items"), facts)
		}
	}
	if ap := unwrap(field(props, "AdditionalProperties")); ap != nil {
		if s := unwrap(field(ap, "Schema")); s != nil {
			walkSchema(s, def, append(path, "additionalProperties"), facts)
		}
	}
	for _, list := range []string{"AllOf", "OneOf", "AnyOf"} {
		if l := unwrap(field(props, list)); l != nil {
			for i, el := range l.Elts {
				if v := unwrap(el); v != nil {
					walkSchema(v, def, append(path, strings.ToLower(list[:1])+list[1:], strconv.Itoa(i)), facts)
				}
			}
		}
	}
}
