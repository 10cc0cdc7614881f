// libFuzzer entry point for one decoder; KUBECXX_FUZZ_FORMAT names the wire
// format (kJson, kYaml, kProtobuf). A broken round-trip property traps, so
// libFuzzer saves the input as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz/round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string broken = kubecxx::fuzz::CheckRoundTrip(in, kubecxx::codec::WireFormat::KUBECXX_FUZZ_FORMAT);
  if (!broken.empty()) {
    std::fprintf(stderr, "round-trip property broken: %s\n", broken.c_str());
    __builtin_trap();
  }
  return 0;
}
