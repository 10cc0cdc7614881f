package main

import (
	"strings"

	"k8s.io/kube-openapi/pkg/spec3"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// An operation's x-kubernetes-group-version-kind is a Go struct in stock (fields in this
// order), while a JSON round trip of the snapshot makes it a map (keys sorted). Stock's v3
// documents keep the struct order everywhere; its v2 document has it only for the paths of
// kube-aggregator's own spec (apiregistration.k8s.io), its other delegates' specs being
// merged as decoded JSON. Definitions' lists of group-version-kinds are maps in stock too.
type groupVersionKind struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

const gvkExtension = "x-kubernetes-group-version-kind"

func orderGVK(ext spec.Extensions) {
	m, ok := ext[gvkExtension].(map[string]interface{})
	if !ok {
		return
	}
	g, _ := m["group"].(string)
	v, _ := m["version"].(string)
	k, _ := m["kind"].(string)
	ext[gvkExtension] = groupVersionKind{g, v, k}
}

func orderGVKsV3(doc *spec3.OpenAPI) {
	if doc.Paths == nil {
		return
	}
	for _, p := range doc.Paths.Paths {
		if p == nil {
			continue
		}
		for _, op := range []*spec3.Operation{p.Get, p.Put, p.Post, p.Delete, p.Options, p.Head,
			p.Patch, p.Trace} {
			if op != nil {
				orderGVK(op.Extensions)
			}
		}
	}
}

func orderGVKsV2(sw *spec.Swagger) {
	if sw.Paths == nil {
		return
	}
	for path, item := range sw.Paths.Paths {
		if !strings.HasPrefix(path, "/apis/apiregistration.k8s.io/") {
			continue
		}
		for _, op := range []*spec.Operation{item.Get, item.Put, item.Post, item.Delete,
			item.Options, item.Head, item.Patch} {
			if op != nil {
				orderGVK(op.Extensions)
			}
		}
	}
}
