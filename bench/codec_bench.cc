// Decode and encode of upstream's own Pod, Deployment and Node fixtures
// (k8s.io/api testdata/HEAD) in the three wire formats, one object per
// iteration. Besides time, every case reports the heap traffic of one operation
// (allocs/op, bytes/op), counted by the global operator new below; the Go twin
// in bench/go reports the same from Go's allocator (B/op, allocs/op).
//
// JSON input is the fixture compacted (as the apiserver sends it), protobuf the
// .pb file (the "k8s\0" envelope), YAML the .yaml file.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "lib/codec/json_writer.h"
#include "lib/model/wire.h"

// ---- allocation counting: every operator new in this binary goes through here.
namespace {
std::atomic<uint64_t> g_allocs{0};
std::atomic<uint64_t> g_bytes{0};

void* Allocate(std::size_t n, std::size_t align) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(n, std::memory_order_relaxed);
  void* p = align <= alignof(std::max_align_t) ? std::malloc(n == 0 ? 1 : n)
                                               : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return Allocate(n, 0); }
void* operator new[](std::size_t n) { return Allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return Allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return Allocate(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace kubecxx::codec {
namespace {

namespace fs = std::filesystem;

fs::path HeadDir() {
  if (const char* env = std::getenv("KUBECXX_API_TESTDATA")) return fs::path(env) / "HEAD";
  return fs::path(KUBECXX_GOMODCACHE) / ("k8s.io/api@" KUBECXX_API_MODULE_VERSION) / "testdata/HEAD";
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "codec_bench: cannot read %s\n", p.c_str());
    std::exit(1);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The input bytes of one case: what arrives on the wire in that format.
std::string Input(const std::string& fixture, WireFormat format) {
  switch (format) {
    case WireFormat::kJson: return CompactJson(ReadFile(HeadDir() / (fixture + ".json")));
    case WireFormat::kYaml: return ReadFile(HeadDir() / (fixture + ".yaml"));
    case WireFormat::kProtobuf: return ReadFile(HeadDir() / (fixture + ".pb"));
  }
  return {};
}

// Reports heap traffic per iteration between construction and Finish().
class AllocMeter {
 public:
  AllocMeter() : allocs_(g_allocs.load()), bytes_(g_bytes.load()) {}
  void Finish(benchmark::State& state) {
    double n = static_cast<double>(state.iterations());
    state.counters["allocs/op"] = static_cast<double>(g_allocs.load() - allocs_) / n;
    state.counters["bytes/op"] = static_cast<double>(g_bytes.load() - bytes_) / n;
  }

 private:
  uint64_t allocs_, bytes_;
};

void BM_Decode(benchmark::State& state, std::string fixture, WireFormat format) {
  std::string in = Input(fixture, format);
  if (!DecodeObject(in, format).ok()) {
    state.SkipWithError(DecodeObject(in, format).status().message().c_str());
    return;
  }
  AllocMeter meter;
  for (auto _ : state) {
    StatusOr<Object> obj = DecodeObject(in, format);
    benchmark::DoNotOptimize(obj);
  }
  meter.Finish(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}

void BM_Encode(benchmark::State& state, std::string fixture, WireFormat format) {
  StatusOr<Object> obj = DecodeObject(Input(fixture, WireFormat::kProtobuf), WireFormat::kProtobuf);
  if (!obj.ok()) {
    state.SkipWithError(obj.status().message().c_str());
    return;
  }
  size_t out_size = 0;
  AllocMeter meter;
  for (auto _ : state) {
    StatusOr<std::string> out = EncodeObject(*obj, format);
    out_size = out.ok() ? out->size() : 0;
    benchmark::DoNotOptimize(out);
  }
  meter.Finish(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out_size));
}

// Names match bench/go: <op>/<format>/<Kind>.
const bool kRegistered = [] {
  const std::pair<const char*, const char*> fixtures[] = {
      {"Pod", "core.v1.Pod"}, {"Deployment", "apps.v1.Deployment"}, {"Node", "core.v1.Node"}};
  const WireFormat formats[] = {WireFormat::kJson, WireFormat::kProtobuf, WireFormat::kYaml};
  for (WireFormat f : formats) {
    for (const auto& [kind, fixture] : fixtures) {
      std::string suffix = std::string(WireFormatName(f)) + "/" + kind;
      benchmark::RegisterBenchmark(("decode/" + suffix).c_str(), BM_Decode, fixture, f);
      benchmark::RegisterBenchmark(("encode/" + suffix).c_str(), BM_Encode, fixture, f);
    }
  }
  return true;
}();

}  // namespace
}  // namespace kubecxx::codec

BENCHMARK_MAIN();
