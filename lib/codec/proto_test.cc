#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"

namespace kubecxx::codec {
namespace {

// Expected bytes below were produced by Go 1.26: encoding/binary.AppendUvarint
// (the protobuf varint) and the gogo-generated Marshal/Unmarshal of
// k8s.io/apimachinery v0.37.2 (metav1.LabelSelector, Status, DeleteOptions).

std::string Octets(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

std::string Varint(uint64_t v) {
  ProtoWriter w;
  w.PutVarint(v);
  return w.str();
}

TEST(ProtoWriterTest, VarintEdges) {
  EXPECT_EQ(Varint(0), Octets({0x00}));
  EXPECT_EQ(Varint(1), Octets({0x01}));
  EXPECT_EQ(Varint(127), Octets({0x7f}));
  EXPECT_EQ(Varint(128), Octets({0x80, 0x01}));
  EXPECT_EQ(Varint(300), Octets({0xac, 0x02}));
  EXPECT_EQ(Varint(16383), Octets({0xff, 0x7f}));
  EXPECT_EQ(Varint(16384), Octets({0x80, 0x80, 0x01}));
  EXPECT_EQ(Varint(2147483647), Octets({0xff, 0xff, 0xff, 0xff, 0x07}));
  EXPECT_EQ(Varint(std::numeric_limits<int64_t>::max()),
            Octets({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}));
  EXPECT_EQ(Varint(std::numeric_limits<uint64_t>::max()),
            Octets({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(ProtoWriterTest, NegativeIntegersSignExtendToTenBytes) {
  ProtoWriter w;
  w.Int32(1, -1);
  EXPECT_EQ(w.str(), Octets({0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
  ProtoWriter min32;
  min32.Int32(1, std::numeric_limits<int32_t>::min());
  EXPECT_EQ(min32.str(),
            Octets({0x08, 0x80, 0x80, 0x80, 0x80, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x01}));
  ProtoWriter min64;
  min64.Int64(1, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(min64.str(),
            Octets({0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}));
  // metav1.Status{Code: -1}.Marshal() ends with field 6 = int32 -1.
  ProtoWriter status;
  status.Int32(6, -1);
  EXPECT_EQ(status.str(),
            Octets({0x30, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
  // metav1.DeleteOptions{GracePeriodSeconds: &-1}.Marshal().
  ProtoWriter grace;
  grace.Int64(1, -1);
  EXPECT_EQ(grace.str(),
            Octets({0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(ProtoWriterTest, TagsAndScalarFields) {
  ProtoWriter w;
  // Written last field first; the bytes come out in ascending order.
  w.Double(17, 1.0);
  w.Bool(16, true);
  w.Bytes(3, "hi");
  w.Bool(2, false);
  w.Varint(1, 150);
  EXPECT_EQ(w.str(), Octets({0x08, 0x96, 0x01,                    // 1: varint 150
                            0x10, 0x00,                          // 2: false
                            0x1a, 0x02, 'h', 'i',                // 3: bytes
                            0x80, 0x01, 0x01,                    // 16: two-byte tag
                            0x89, 0x01,                          // 17: fixed64 tag
                            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f}));  // 1.0 LE
  ProtoWriter empty_bytes;
  empty_bytes.Bytes(1, "");
  EXPECT_EQ(empty_bytes.str(), Octets({0x0a, 0x00}));
  ProtoWriter max_field;
  max_field.Varint((1u << 29) - 1, 0);
  EXPECT_EQ(max_field.str(), Octets({0xf8, 0xff, 0xff, 0xff, 0x0f, 0x00}));
}

TEST(ProtoWriterTest, NestedMessagesMatchGogo) {
  // metav1.LabelSelector{MatchLabels: {b: 2, a: 1}, MatchExpressions: [
  //   {Key: k, Operator: In, Values: [x, y]}, {Key: e, Operator: Exists}]}.Marshal()
  const std::string kGo = Octets({0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x31, 0x0a, 0x06, 0x0a,
                                 0x01, 0x62, 0x12, 0x01, 0x32, 0x12, 0x0d, 0x0a, 0x01, 0x6b, 0x12,
                                 0x02, 0x49, 0x6e, 0x1a, 0x01, 0x78, 0x1a, 0x01, 0x79, 0x12, 0x0b,
                                 0x0a, 0x01, 0x65, 0x12, 0x06, 0x45, 0x78, 0x69, 0x73, 0x74, 0x73});
  ProtoWriter w;
  // Field 2 (repeated, last element first), then field 1 (map, last key first).
  size_t mark = w.Mark();
  w.Bytes(2, "Exists");
  w.Bytes(1, "e");
  w.EndMessage(2, mark);
  mark = w.Mark();
  w.Bytes(3, "y");
  w.Bytes(3, "x");
  w.Bytes(2, "In");
  w.Bytes(1, "k");
  w.EndMessage(2, mark);
  for (auto [k, v] : {std::pair{"b", "2"}, std::pair{"a", "1"}}) {
    mark = w.Mark();
    w.Bytes(2, v);
    w.Bytes(1, k);
    w.EndMessage(1, mark);
  }
  EXPECT_EQ(w.str(), kGo);
  EXPECT_EQ(w.size(), kGo.size());
  EXPECT_EQ(w.view(), kGo);
}

TEST(ProtoWriterTest, EmptyNestedMessageAndLongLengths) {
  ProtoWriter w;
  size_t mark = w.Mark();
  w.EndMessage(5, mark);
  EXPECT_EQ(w.str(), Octets({0x2a, 0x00}));

  // A nested message over 127 bytes needs a two-byte length, and growing the
  // buffer (initially 256 bytes) must keep what was written.
  ProtoWriter big;
  std::string payload(300, 'z');
  mark = big.Mark();
  big.Bytes(1, payload);
  big.EndMessage(1, mark);
  std::string want = Octets({0x0a, 0xaf, 0x02, 0x0a, 0xac, 0x02}) + payload;
  EXPECT_EQ(big.str(), want);

  ProtoWriter many(1);
  for (int i = 0; i < 5000; ++i) many.Varint(1, 5000 - i);
  ProtoReader r(many.view());
  uint32_t field, wire;
  int n = 0;
  int64_t v = 0;
  while (r.Next(&field, &wire)) {
    ASSERT_TRUE(r.Int64(wire, &v));
    ASSERT_EQ(v, ++n);
  }
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(n, 5000);
}

TEST(ProtoReaderTest, ReadsWhatTheWriterWrote) {
  ProtoWriter w;
  w.Double(6, -2.5);
  w.Bool(5, true);
  w.Int64(4, std::numeric_limits<int64_t>::min());
  w.Int32(3, -7);
  w.Bytes(2, std::string("a\0b", 3));
  w.Varint(1, 99);  // an unknown field for this reader
  ProtoReader r(w.view());
  uint32_t field = 0, wire = 0;
  std::string s;
  int32_t i32 = 0;
  int64_t i64 = 0;
  bool b = false;
  double d = 0;
  ASSERT_TRUE(r.Next(&field, &wire));
  EXPECT_EQ(field, 1u);
  EXPECT_EQ(wire, 0u);
  ASSERT_TRUE(r.Skip(wire));
  ASSERT_TRUE(r.Next(&field, &wire));
  ASSERT_TRUE(r.String(wire, &s));
  EXPECT_EQ(s, std::string("a\0b", 3));
  ASSERT_TRUE(r.Next(&field, &wire));
  ASSERT_TRUE(r.Int32(wire, &i32));
  EXPECT_EQ(i32, -7);
  ASSERT_TRUE(r.Next(&field, &wire));
  ASSERT_TRUE(r.Int64(wire, &i64));
  EXPECT_EQ(i64, std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(r.Next(&field, &wire));
  ASSERT_TRUE(r.Bool(wire, &b));
  EXPECT_TRUE(b);
  ASSERT_TRUE(r.Next(&field, &wire));
  EXPECT_EQ(field, 6u);
  EXPECT_EQ(wire, 1u);
  ASSERT_TRUE(r.Double(wire, &d));
  EXPECT_EQ(d, -2.5);
  EXPECT_TRUE(r.AtEnd());
  EXPECT_FALSE(r.Next(&field, &wire));
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(r.offset(), w.size());
}

TEST(ProtoReaderTest, Int32TruncatesLikeGogo) {
  // gogo accumulates an int32 field in an int32: high bits are dropped.
  std::string in = Octets({0x08}) + Varint((uint64_t{1} << 32) + 5);
  ProtoReader r(in);
  uint32_t field, wire;
  int32_t v = 0;
  ASSERT_TRUE(r.Next(&field, &wire));
  ASSERT_TRUE(r.Int32(wire, &v));
  EXPECT_EQ(v, 5);
}

TEST(ProtoReaderTest, SkipsEveryWireType) {
  std::string in = Octets({0x08, 0x96, 0x01,                                // varint
                          0x11, 1, 2, 3, 4, 5, 6, 7, 8,                   // fixed64
                          0x1a, 0x02, 'h', 'i',                           // bytes
                          0x25, 1, 2, 3, 4,                               // fixed32
                          0x1a, 0x00});                                   // empty bytes
  ProtoReader r(in);
  uint32_t field, wire;
  int n = 0;
  while (r.Next(&field, &wire)) {
    ASSERT_TRUE(r.Skip(wire));
    ++n;
  }
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(n, 5);
}

std::string ReadError(const std::string& in) {
  // Reads in as a message of string fields, skipping unknown ones.
  ProtoReader r(in);
  uint32_t field, wire;
  std::string s;
  while (r.Next(&field, &wire)) {
    if (field == 1 ? !r.String(wire, &s) : !r.Skip(wire)) break;
  }
  return r.status().message();
}

TEST(ProtoReaderTest, TruncatedInput) {
  // gogo returns io.ErrUnexpectedEOF ("unexpected EOF") for all of these.
  EXPECT_EQ(ReadError(Octets({0x0a})), "proto: unexpected EOF");              // no length
  EXPECT_EQ(ReadError(Octets({0x0a, 0x05, 0x0a})), "proto: unexpected EOF");  // short bytes
  EXPECT_EQ(ReadError(Octets({0x12, 0x80})), "proto: unexpected EOF");        // length cut
  EXPECT_EQ(ReadError(Octets({0x80})), "proto: unexpected EOF");              // tag cut
  EXPECT_EQ(ReadError(Octets({0x10, 0x80, 0x80})), "proto: unexpected EOF");  // varint cut
  EXPECT_EQ(ReadError(Octets({0x11, 1, 2, 3, 4, 5, 6, 7})), "proto: unexpected EOF");
  EXPECT_EQ(ReadError(Octets({0x15, 1, 2, 3})), "proto: unexpected EOF");
  // A length past the end, even a huge one, is not an overflow.
  EXPECT_EQ(ReadError(Octets({0x0a}) + Varint(std::numeric_limits<uint64_t>::max())),
            "proto: unexpected EOF");
  EXPECT_EQ(ReadError(""), "");  // empty input is an empty message
}

TEST(ProtoReaderTest, IllegalTagsAndWireTypes) {
  // gogo: "proto: LabelSelector: illegal tag 0 (wire type 0)".
  EXPECT_EQ(ReadError(Octets({0x00})), "proto: illegal tag 0");
  EXPECT_EQ(ReadError(Octets({0x02, 0x00})), "proto: illegal tag 0");
  // gogo: "proto: wrong wireType = 0 for field MatchLabels".
  EXPECT_EQ(ReadError(Octets({0x08, 0x01})), "proto: wrong wireType = 0");
  EXPECT_EQ(ReadError(Octets({0x0d, 1, 2, 3, 4})), "proto: wrong wireType = 5");
  // Wire types 6 and 7 do not exist. (gogo also skips groups, 3 and 4, which
  // no Kubernetes message uses; we reject them.)
  EXPECT_EQ(ReadError(Octets({0x16})), "proto: illegal wireType 6");
  EXPECT_EQ(ReadError(Octets({0x17})), "proto: illegal wireType 7");
  EXPECT_EQ(ReadError(Octets({0x13})), "proto: illegal wireType 3");
}

TEST(ProtoReaderTest, VarintLongerThanTenBytesOverflows) {
  std::string eleven = Octets({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
  EXPECT_EQ(ReadError(eleven), "proto: integer overflow");  // as a tag
  EXPECT_EQ(ReadError(Octets({0x10}) + eleven), "proto: integer overflow");  // as a value
  // Ten bytes is the longest valid varint.
  std::string ten = Octets({0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
  EXPECT_EQ(ReadError(ten), "");
}

TEST(ProtoReaderTest, ErrorsAreStickyAndCarryContext) {
  // Outer{2: Inner{1: <wrong wire type>}}: the inner reader fails, the outer
  // adopts its error and both add their field, innermost first.
  std::string in = Octets({0x12, 0x02, 0x08, 0x01, 0x0a, 0x01, 'x'});
  ProtoReader r(in);
  uint32_t field, wire;
  ASSERT_TRUE(r.Next(&field, &wire));
  std::string_view body;
  ASSERT_TRUE(r.Sub(wire, &body));
  ProtoReader sub(body);
  ASSERT_TRUE(sub.Next(&field, &wire));
  std::string s;
  EXPECT_FALSE(sub.String(wire, &s));
  sub.AddContext("LabelSelectorRequirement", "Key");
  r.Adopt(sub);
  EXPECT_FALSE(r.ok());
  r.AddContext("LabelSelector", "MatchExpressions");
  EXPECT_EQ(r.status().message(),
            "proto: LabelSelector.MatchExpressions: LabelSelectorRequirement.Key: "
            "wrong wireType = 0");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // Sticky: nothing more is read, the first error stays.
  EXPECT_FALSE(r.Next(&field, &wire));
  EXPECT_FALSE(r.Fail("later"));
  EXPECT_EQ(r.status().message(),
            "proto: LabelSelector.MatchExpressions: LabelSelectorRequirement.Key: "
            "wrong wireType = 0");
  // Adopting a healthy child changes nothing; adopting into a failed parent
  // keeps the parent's first error.
  ProtoReader healthy("");
  ProtoReader parent("");
  parent.Adopt(healthy);
  EXPECT_TRUE(parent.ok());
  std::string tag0 = Octets({0x00});
  ProtoReader other(tag0);
  EXPECT_FALSE(other.Next(&field, &wire));
  r.Adopt(other);
  EXPECT_EQ(r.status().message().substr(0, 20), "proto: LabelSelector");
}

TEST(ProtoReaderTest, SubRequiresLengthDelimited) {
  std::string in = Octets({0x08, 0x01});
  ProtoReader r(in);
  uint32_t field, wire;
  ASSERT_TRUE(r.Next(&field, &wire));
  std::string_view body;
  EXPECT_FALSE(r.Sub(wire, &body));
  EXPECT_EQ(r.status().message(), "proto: wrong wireType = 0");
}

}  // namespace
}  // namespace kubecxx::codec
