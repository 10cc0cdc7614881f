// Command openapi writes, into the build tree, the OpenAPI documents stock kube-apiserver
// serves with its default configuration, from the pinned release's published snapshots
// (k8s.io/kubernetes@<pin>/api/openapi-spec in the Go module cache; nothing of them is
// committed here):
//
//	v3/<n>.json, v3/<n>.pb  one /openapi/v3/<path> document, JSON and gnostic protobuf
//	v2.json, v2.pb           /openapi/v2
//	manifest.txt             "v3 <path> <n>" lines, then "v2"
//
// The snapshots are made with every API group and alpha/beta gate on (so CBOR media types
// are listed), OpenAPIEnums off and the logs handler on; this keeps the group versions stock
// serves by default (api/discovery/<pin>.json), drops what only they reach in v2, the CBOR
// media types and /logs, puts the enums back (enums.go) and sets info.version ("1.37"). The JSON
// is marshalled by kube-openapi's own types and the protobuf by gnostic, as stock does.
// Usage: openapi -spec DIR -enums FILE[,FILE] -discovery FILE -version 1.37 -out DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	openapi_v3 "github.com/google/gnostic-models/openapiv3"
	"google.golang.org/protobuf/proto"
	"k8s.io/kube-openapi/pkg/spec3"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

func main() {
	specDir := flag.String("spec", "", "api/openapi-spec of the pinned k8s.io/kubernetes module")
	enumFiles := flag.String("enums", "", "comma-separated zz_generated.openapi.go files")
	discovery := flag.String("discovery", "", "api/discovery/<pin>.json")
	version := flag.String("version", "", "info.version stock serves (major.minor: 1.37)")
	out := flag.String("out", "", "output folder")
	flag.Parse()
	if *specDir == "" || *discovery == "" || *version == "" || *out == "" {
		log.Fatal("openapi: -spec, -discovery, -version and -out are required")
	}
	served, groups, err := readServed(*discovery)
	check(err)
	var facts []enumFact
	for _, f := range strings.Split(*enumFiles, ",") {
		if f == "" {
			continue
		}
		fs, err := readEnumFacts(f)
		check(err)
		facts = append(facts, fs...)
	}
	byDef := map[string][]enumFact{}
	for _, f := range facts {
		byDef[f.def] = append(byDef[f.def], f)
	}
	check(os.MkdirAll(filepath.Join(*out, "v3"), 0o755))
	var manifest strings.Builder

	// v3: one document per path the stock index lists.
	v3dir := filepath.Join(*specDir, "v3")
	entries, err := os.ReadDir(v3dir)
	check(err)
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "_openapi.json") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	applied, present := map[string]bool{}, map[string]bool{}
	for i, name := range names {
		p := strings.ReplaceAll(strings.TrimSuffix(name, "_openapi.json"), "__", "/")
		if !servedV3Path(p, served, groups) {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(v3dir, name))
		check(err)
		raw, err = dropCbor(raw)
		check(err)
		doc := &spec3.OpenAPI{}
		check(json.Unmarshal(raw, doc))
		if doc.Info != nil {
			doc.Info.Version = *version
		}
		orderGVKsV3(doc)
		if doc.Components != nil {
			for def, s := range doc.Components.Schemas {
				present[def] = true
				applyEnums(s, byDef[def], applied)
			}
		}
		js, err := json.Marshal(doc)
		check(err)
		d3, err := openapi_v3.ParseDocument(js)
		check(err)
		pb, err := proto.Marshal(d3)
		check(err)
		n := fmt.Sprintf("%03d", i)
		check(os.WriteFile(filepath.Join(*out, "v3", n+".json"), js, 0o644))
		check(os.WriteFile(filepath.Join(*out, "v3", n+".pb"), pb, 0o644))
		fmt.Fprintf(&manifest, "v3 %s %s\n", p, n)
	}

	// v2: the aggregated document, cut to the served group versions.
	raw, err := os.ReadFile(filepath.Join(*specDir, "swagger.json"))
	check(err)
	raw, err = dropCbor(raw)
	check(err)
	cut, err := cutSwagger(raw, served, groups)
	check(err)
	sw := &spec.Swagger{}
	check(json.Unmarshal(cut, sw))
	sw.Info.Version = *version
	orderGVKsV2(sw)
	for def, s := range sw.Definitions {
		present[def] = true
		applyEnums(&s, byDef[def], applied)
		sw.Definitions[def] = s
	}
	js, err := sw.MarshalJSON()
	check(err)
	d2, err := openapi_v2.ParseDocument(js)
	check(err)
	pb, err := proto.Marshal(d2)
	check(err)
	check(os.WriteFile(filepath.Join(*out, "v2.json"), js, 0o644))
	check(os.WriteFile(filepath.Join(*out, "v2.pb"), pb, 0o644))
	manifest.WriteString("v2\n")
	check(os.WriteFile(filepath.Join(*out, "manifest.txt"), []byte(manifest.String()), 0o644))
	// A fact of a definition that is served but whose schema path was not found means the
	// walk above and the generated code disagree: fail rather than serve without the enum.
	for _, f := range facts {
		if present[f.def] && !applied[f.def+"/"+strings.Join(f.path, "/")] {
			log.Fatalf("openapi: enum of %s at %v not found in the served document", f.def, f.path)
		}
	}
	log.Printf("openapi: %d enum facts, %d applied", len(facts), len(applied))
}

func check(err error) {
	if err != nil {
		log.Fatal("openapi: ", err)
	}
}

// readServed: the group versions stock serves by default ("" for core) and their groups.
func readServed(file string) (map[string]bool, map[string]bool, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	var facts struct {
		GroupVersions []struct{ Group, Version string } `json:"groupVersions"`
	}
	if err := json.Unmarshal(raw, &facts); err != nil {
		return nil, nil, err
	}
	served, groups := map[string]bool{}, map[string]bool{}
	for _, gv := range facts.GroupVersions {
		served[gv.Group+"/"+gv.Version] = true
		groups[gv.Group] = true
	}
	return served, groups, nil
}

// servedV3Path: "api", "apis", ... root documents, "api/v1", "apis/<g>", "apis/<g>/<v>";
// not "logs" (--enable-logs-handler is off by default).
func servedV3Path(p string, served, groups map[string]bool) bool {
	parts := strings.Split(p, "/")
	switch {
	case parts[0] == "logs":
		return false
	case p == "api/v1":
		return served["/v1"]
	case parts[0] == "apis" && len(parts) == 2:
		return groups[parts[1]]
	case parts[0] == "apis" && len(parts) == 3:
		return served[parts[1]+"/"+parts[2]]
	}
	return true
}

// servedV2Path: the same rule on /openapi/v2 path keys ("/apis/apps/v1/deployments").
func servedV2Path(p string, served, groups map[string]bool) bool {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case parts[0] == "logs":
		return false
	case parts[0] == "api" && len(parts) > 1:
		return served["/"+parts[1]]
	case parts[0] == "apis" && len(parts) == 2:
		return groups[parts[1]]
	case parts[0] == "apis" && len(parts) > 2:
		return served[parts[1]+"/"+parts[2]]
	}
	return true
}
