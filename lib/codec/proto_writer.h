// ProtoWriter: protobuf binary encoding written back to front, the way gogo's
// generated MarshalToSizedBuffer does it, so that nested messages need no size
// pass. Callers write the fields of a message in DESCENDING field-number order;
// the finished bytes are in ascending order, identical to Go's output.
//
//   size_t mark = w.Mark();
//   ... write the nested message's fields (last field first) ...
//   w.EndMessage(field, mark);   // prefixes length and tag
//
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace kubecxx::codec {

class ProtoWriter {
 public:
  ProtoWriter() = default;
  explicit ProtoWriter(size_t capacity) { Grow(capacity); }
  ~ProtoWriter() { delete[] buf_; }
  ProtoWriter(const ProtoWriter&) = delete;
  ProtoWriter& operator=(const ProtoWriter&) = delete;

  // Bytes written so far (from the current front to the end).
  size_t size() const { return static_cast<size_t>(end_ - cur_); }
  std::string_view view() const { return {cur_, size()}; }
  std::string str() const { return std::string(cur_, size()); }

  size_t Mark() const { return size(); }
  // Closes a length-delimited field opened at `mark`.
  void EndMessage(uint32_t field, size_t mark) {
    PutVarint(size() - mark);
    PutTag(field, 2);
  }

  void PutRaw(std::string_view b) {
    Reserve(b.size());
    cur_ -= b.size();
    if (!b.empty()) std::memcpy(cur_, b.data(), b.size());
  }
  void PutByte(uint8_t b) {
    Reserve(1);
    *--cur_ = static_cast<char>(b);
  }
  void PutVarint(uint64_t v) {
    char tmp[10];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    } while (v != 0);
    tmp[n - 1] &= 0x7F;
    Reserve(n);
    cur_ -= n;
    std::memcpy(cur_, tmp, n);
  }
  void PutTag(uint32_t field, uint32_t wire) { PutVarint((uint64_t{field} << 3) | wire); }
  void PutFixed64(uint64_t v) {
    Reserve(8);
    cur_ -= 8;
    for (int i = 0; i < 8; ++i) cur_[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  }

  // Field helpers. Varints of negative int32/int64 are sign-extended to 10
  // bytes, as Go's uint64(v) conversion does.
  void Bytes(uint32_t field, std::string_view b) {
    PutRaw(b);
    PutVarint(b.size());
    PutTag(field, 2);
  }
  void Varint(uint32_t field, uint64_t v) {
    PutVarint(v);
    PutTag(field, 0);
  }
  void Int64(uint32_t field, int64_t v) { Varint(field, static_cast<uint64_t>(v)); }
  void Int32(uint32_t field, int32_t v) {
    Varint(field, static_cast<uint64_t>(static_cast<int64_t>(v)));
  }
  void Bool(uint32_t field, bool v) { Varint(field, v ? 1 : 0); }
  void Double(uint32_t field, double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    PutFixed64(bits);
    PutTag(field, 1);
  }

 private:
  void Reserve(size_t n) {
    if (static_cast<size_t>(cur_ - buf_) < n) Grow(n);
  }
  void Grow(size_t n);

  char* buf_ = nullptr;
  char* cur_ = nullptr;
  char* end_ = nullptr;
};

inline void ProtoWriter::Grow(size_t n) {
  size_t used = size();
  size_t cap = static_cast<size_t>(end_ - buf_);
  size_t want = cap < 256 ? 256 : cap * 2;
  while (want < used + n) want *= 2;
  char* nb = new char[want];
  char* nend = nb + want;
  if (used) std::memcpy(nend - used, cur_, used);
  delete[] buf_;
  buf_ = nb;
  end_ = nend;
  cur_ = nend - used;
}

}  // namespace kubecxx::codec
