// Command codecbench measures stock Kubernetes codecs (k8s.io/apimachinery's
// serializers, as the apiserver and client-go use them) on the same fixtures and
// the same bytes as bench/codec_bench.cc, and prints one JSON line per case:
//
//	{"name":"decode/json/Pod","ns_per_op":..., "bytes_per_op":..., "allocs_per_op":...}
//
// Usage: codecbench [-testdata DIR] [-benchtime 1s] [-filter REGEXP]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
)

type result struct {
	Name        string  `json:"name"`
	NsPerOp     float64 `json:"ns_per_op"`
	BytesPerOp  int64   `json:"bytes_per_op"`
	AllocsPerOp int64   `json:"allocs_per_op"`
	Iterations  int     `json:"iterations"`
}

func defaultTestdata() string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return filepath.Join(strings.TrimSpace(string(out)), "k8s.io/api@v0.37.2/testdata")
}

func main() {
	testdata := flag.String("testdata", defaultTestdata(), "k8s.io/api testdata directory")
	filter := flag.String("filter", "", "only cases whose name matches this regexp")
	testing.Init()
	flag.Parse()
	re := regexp.MustCompile(*filter)

	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	if err := appsv1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	serializers := map[string]runtime.Serializer{
		"json": kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme,
			kjson.SerializerOptions{}),
		"yaml": kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme,
			kjson.SerializerOptions{Yaml: true}),
		"protobuf": protobuf.NewSerializer(scheme, scheme),
	}
	fixtures := []struct{ kind, file string }{
		{"Pod", "core.v1.Pod"}, {"Deployment", "apps.v1.Deployment"}, {"Node", "core.v1.Node"},
	}
	ext := map[string]string{"json": "json", "yaml": "yaml", "protobuf": "pb"}

	out := json.NewEncoder(os.Stdout)
	for _, format := range []string{"json", "protobuf", "yaml"} {
		s := serializers[format]
		for _, f := range fixtures {
			in, err := os.ReadFile(filepath.Join(*testdata, "HEAD", f.file+"."+ext[format]))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			if format == "json" { // as sent on the wire, and as codec_bench reads it
				var c bytes.Buffer
				if err := json.Compact(&c, in); err != nil {
					panic(err)
				}
				in = c.Bytes()
			}
			obj, _, err := s.Decode(in, nil, nil)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s %s: %v\n", format, f.file, err)
				os.Exit(1)
			}
			cases := []struct {
				op string
				fn func(b *testing.B)
			}{
				{"decode", func(b *testing.B) {
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						if _, _, err := s.Decode(in, nil, nil); err != nil {
							b.Fatal(err)
						}
					}
				}},
				// runtime.Encode: a fresh buffer per object, as client-go and
				// codec_bench (a fresh std::string) do.
				{"encode", func(b *testing.B) {
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						if _, err := runtime.Encode(s, obj); err != nil {
							b.Fatal(err)
						}
					}
				}},
			}
			for _, c := range cases {
				name := c.op + "/" + format + "/" + f.kind
				if !re.MatchString(name) {
					continue
				}
				r := testing.Benchmark(c.fn)
				_ = out.Encode(result{name, float64(r.T.Nanoseconds()) / float64(r.N),
					r.AllocedBytesPerOp(), r.AllocsPerOp(), r.N})
			}
		}
	}
}
