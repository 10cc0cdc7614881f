package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"k8s.io/kube-openapi/pkg/validation/spec"
)

// cborMediaTypes are listed only with the CBORServingAndStorage gate on (off by default).
var cborMediaTypes = map[string]bool{
	"application/cbor": true, "application/cbor-seq": true, "application/apply-patch+cbor": true,
}

// dropCbor removes the CBOR media types: v3 "content" keys, v2 "consumes"/"produces" items.
func dropCbor(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc interface{}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var walk func(interface{})
	walk = func(n interface{}) {
		switch v := n.(type) {
		case map[string]interface{}:
			if content, ok := v["content"].(map[string]interface{}); ok {
				for mt := range content {
					if cborMediaTypes[mt] {
						delete(content, mt)
					}
				}
			}
			for _, key := range []string{"consumes", "produces"} {
				if list, ok := v[key].([]interface{}); ok {
					kept := []interface{}{}
					for _, mt := range list {
						if s, ok := mt.(string); !ok || !cborMediaTypes[s] {
							kept = append(kept, mt)
						}
					}
					v[key] = kept
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []interface{}:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	return json.Marshal(doc)
}

// cutSwagger keeps the v2 paths of served group versions and only the definitions and shared
// parameters those paths reach (stock builds its document from its routes, so a definition
// no served route references is not in it).
func cutSwagger(raw []byte, served, groups map[string]bool) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]interface{}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	paths, _ := doc["paths"].(map[string]interface{})
	defs, _ := doc["definitions"].(map[string]interface{})
	params, _ := doc["parameters"].(map[string]interface{})
	for p := range paths {
		if !servedV2Path(p, served, groups) {
			delete(paths, p)
		}
	}
	keepDefs, keepParams := map[string]bool{}, map[string]bool{}
	var queue []interface{}
	queue = append(queue, paths)
	for len(queue) > 0 {
		node := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		switch v := node.(type) {
		case map[string]interface{}:
			if ref, ok := v["$ref"].(string); ok {
				if name, ok := strings.CutPrefix(ref, "#/definitions/"); ok && !keepDefs[name] {
					keepDefs[name] = true
					if d, ok := defs[name]; ok {
						queue = append(queue, d)
					}
				}
				if name, ok := strings.CutPrefix(ref, "#/parameters/"); ok && !keepParams[name] {
					keepParams[name] = true
					if d, ok := params[name]; ok {
						queue = append(queue, d)
					}
				}
			}
			for _, c := range v {
				queue = append(queue, c)
			}
		case []interface{}:
			queue = append(queue, v...)
		}
	}
	for name := range defs {
		if !keepDefs[name] {
			delete(defs, name)
		}
	}
	for name := range params {
		if !keepParams[name] {
			delete(params, name)
		}
	}
	return json.Marshal(doc)
}

// applyEnums puts a definition's enum facts back: at each fact's path, the enum list and the
// description that carries the "Possible enum values" section.
func applyEnums(s *spec.Schema, facts []enumFact, applied map[string]bool) {
	for _, f := range facts {
		f := f
		if modify(s, f.path, func(t *spec.Schema) {
			t.Enum = f.values
			if f.description != "" {
				t.Description = f.description
			}
		}) {
			applied[f.def+"/"+strings.Join(f.path, "/")] = true
		}
	}
}

// modify runs fn on the schema at path inside s; false when there is none.
func modify(s *spec.Schema, path []string, fn func(*spec.Schema)) bool {
	if len(path) == 0 {
		fn(s)
		return true
	}
	switch path[0] {
	case "properties":
		if len(path) < 2 {
			return false
		}
		p, ok := s.Properties[path[1]]
		if !ok || !modify(&p, path[2:], fn) {
			return false
		}
		s.Properties[path[1]] = p // Properties holds values
		return true
	case "items":
		return s.Items != nil && s.Items.Schema != nil && modify(s.Items.Schema, path[1:], fn)
	case "additionalProperties":
		return s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil &&
			modify(s.AdditionalProperties.Schema, path[1:], fn)
	case "allOf", "oneOf", "anyOf":
		if len(path) < 2 {
			return false
		}
		i, err := strconv.Atoi(path[1])
		list := map[string][]spec.Schema{"allOf": s.AllOf, "oneOf": s.OneOf, "anyOf": s.AnyOf}[path[0]]
		return err == nil && i < len(list) && modify(&list[i], path[2:], fn)
	}
	return false
}
