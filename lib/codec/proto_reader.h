// ProtoReader: forward reader of protobuf binary data for the generated
// decoders. Unknown fields are skipped, as gogo's generated Unmarshal does.
// Messages nest at most kMaxDepth deep: gogo has no limit (Go stacks grow to
// 1 GB), but the generated decoders recurse on the thread's stack, so deeper
// input fails with protobuf-go's "exceeded maximum recursion depth". The limit
// equals JsonReader's, so whatever the JSON decoder accepts also decodes here.
// Errors are sticky; status() names the message and field path where decoding
// failed. The input must outlive the reader and any view it returned.
// Thread-safety: one reader per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::codec {

class ProtoReader {
 public:
  static constexpr int kMaxDepth = 1000;

  explicit ProtoReader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()), base_(in.data()) {}
  // A reader for the bytes of a message nested in parent's, one level deeper;
  // fails at once past kMaxDepth. Hand its error back with parent.Adopt(child).
  ProtoReader(std::string_view in, const ProtoReader& parent) : ProtoReader(in) {
    depth_ = parent.depth_ + 1;
    if (depth_ > kMaxDepth) Fail("exceeded maximum recursion depth");
  }

  bool ok() const { return error_.empty(); }
  bool AtEnd() const { return p_ >= end_; }
  // Reads the next tag; false at the end of this reader's input or on error.
  bool Next(uint32_t* field, uint32_t* wire) {
    if (p_ >= end_ || !ok()) return false;
    uint64_t tag;
    if (!ReadVarint(&tag)) return false;
    *field = static_cast<uint32_t>(tag >> 3);
    *wire = static_cast<uint32_t>(tag & 7);
    if (*field == 0) return Fail("illegal tag 0");
    return true;
  }
  bool ReadVarint(uint64_t* v) {
    uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) return Fail("unexpected EOF");
      uint8_t b = static_cast<uint8_t>(*p_++);
      r |= uint64_t{b & 0x7Fu} << shift;
      if (b < 0x80) {
        *v = r;
        return true;
      }
    }
    return Fail("integer overflow");
  }
  bool ReadBytes(std::string_view* out) {
    uint64_t n;
    if (!ReadVarint(&n)) return false;
    if (n > static_cast<uint64_t>(end_ - p_)) return Fail("unexpected EOF");
    *out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  bool ReadFixed64(uint64_t* v) {
    if (end_ - p_ < 8) return Fail("unexpected EOF");
    uint64_t r = 0;
    for (int i = 0; i < 8; ++i) r |= uint64_t{static_cast<uint8_t>(p_[i])} << (8 * i);
    p_ += 8;
    *v = r;
    return true;
  }
  bool Skip(uint32_t wire) {
    uint64_t v;
    std::string_view s;
    switch (wire) {
      case 0: return ReadVarint(&v);
      case 1: return ReadFixed64(&v);
      case 2: return ReadBytes(&s);
      case 5:
        if (end_ - p_ < 4) return Fail("unexpected EOF");
        p_ += 4;
        return true;
      default: return Fail("illegal wireType " + std::to_string(wire));
    }
  }
  // Typed field readers; they check the wire type first.
  bool String(uint32_t wire, std::string* out) {
    std::string_view s;
    if (!WantWire(wire, 2) || !ReadBytes(&s)) return false;
    out->assign(s.data(), s.size());
    return true;
  }
  bool Int64(uint32_t wire, int64_t* out) {
    uint64_t v;
    if (!WantWire(wire, 0) || !ReadVarint(&v)) return false;
    *out = static_cast<int64_t>(v);
    return true;
  }
  bool Int32(uint32_t wire, int32_t* out) {
    uint64_t v;
    if (!WantWire(wire, 0) || !ReadVarint(&v)) return false;
    *out = static_cast<int32_t>(v);
    return true;
  }
  bool Bool(uint32_t wire, bool* out) {
    uint64_t v;
    if (!WantWire(wire, 0) || !ReadVarint(&v)) return false;
    *out = v != 0;
    return true;
  }
  bool Double(uint32_t wire, double* out) {
    uint64_t v;
    if (!WantWire(wire, 1) || !ReadFixed64(&v)) return false;
    std::memcpy(out, &v, 8);
    return true;
  }
  // Reads a length-delimited field as a sub-reader sharing this one's error.
  bool Sub(uint32_t wire, std::string_view* out) { return WantWire(wire, 2) && ReadBytes(out); }

  bool WantWire(uint32_t got, uint32_t want) {
    if (got == want) return true;
    return Fail("wrong wireType = " + std::to_string(got));
  }
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  // Adds a path segment while an error unwinds (innermost first).
  void AddContext(std::string_view message_type, std::string_view field) {
    context_.push_back(std::string(message_type) + "." + std::string(field));
  }
  size_t offset() const { return static_cast<size_t>(p_ - base_); }
  Status status() const {
    if (ok()) return Status::Ok();
    std::string m = "proto: ";
    // A path through deeply nested input keeps its outermost and innermost parts.
    constexpr size_t kShown = 8;
    size_t n = context_.size();
    for (size_t i = 0; i < n; ++i) {
      if (n > 2 * kShown && i == kShown) {
        m += "... (" + std::to_string(n - 2 * kShown) + " more): ";
        i = n - kShown - 1;
        continue;
      }
      m += context_[n - 1 - i];
      m += ": ";
    }
    return Status::Invalid(m + error_);
  }
  // Used by nested decoders to take over a child reader's error (moved out of
  // the child, so unwinding deep input stays linear).
  void Adopt(ProtoReader& child) {
    if (!child.ok() && ok()) {
      error_ = std::move(child.error_);
      context_ = std::move(child.context_);
    }
  }

 private:
  const char* p_;
  const char* end_;
  const char* base_;
  int depth_ = 0;  // messages enclosing this reader's bytes
  std::string error_;
  std::vector<std::string> context_;
};

}  // namespace kubecxx::codec
