#include "lib/client/watch_decoder.h"

#include <gtest/gtest.h>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_writer.h"

namespace kubecxx::client {
namespace {

using api::core::v1::Pod;

codec::Object MakePod(const std::string& name) {
  codec::Object obj(codec::FindKind("", "v1", "Pod"));
  Pod* pod = obj.As<Pod>();
  pod->type_meta.api_version = "v1";
  pod->type_meta.kind = "Pod";
  pod->object_meta.name = name;
  pod->object_meta.annotations["tricky"] = "a \"quoted\" {brace} [x] \\ end";
  pod->spec.node_name = "node-1";
  return obj;
}

// A JSON stream as the apiserver writes it: one event per line.
std::string JsonEvent(const std::string& type, const codec::Object& obj) {
  return "{\"type\":\"" + type + "\",\"object\":" + codec::EncodeJson(obj) + "}\n";
}

// A protobuf stream frame: 4-byte big-endian length + raw metav1.WatchEvent.
std::string ProtoFrame(const std::string& type, const codec::Object& obj) {
  api::meta::v1::WatchEvent we;
  we.type = type;
  we.object.raw = codec::EncodeProtobuf(obj);
  codec::ProtoWriter w;
  WriteProto(w, we);
  std::string body = w.str();
  uint32_t n = body.size();
  std::string frame = {char(n >> 24), char(n >> 16), char(n >> 8), char(n)};
  return frame + body;
}

// Feeds `stream` split at `cut` and returns the decoded events.
std::vector<WatchEvent> FeedSplit(codec::WireFormat f, const std::string& stream, size_t cut) {
  WatchDecoder d(f);
  std::vector<WatchEvent> events;
  EXPECT_TRUE(d.Feed(std::string_view(stream).substr(0, cut), &events).ok());
  EXPECT_TRUE(d.Feed(std::string_view(stream).substr(cut), &events).ok());
  EXPECT_EQ(d.pending(), 0u);
  return events;
}

void ExpectTwoPods(const std::vector<WatchEvent>& events) {
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "ADDED");
  EXPECT_EQ(events[1].type, "DELETED");
  auto a = events[0].DecodeObject();
  auto b = events[1].DecodeObject();
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(*a == MakePod("a"));
  EXPECT_TRUE(*b == MakePod("b"));
}

TEST(WatchDecoder, JsonStreamSplitAtEveryByte) {
  std::string stream = JsonEvent("ADDED", MakePod("a")) + JsonEvent("DELETED", MakePod("b"));
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    SCOPED_TRACE(cut);
    ExpectTwoPods(FeedSplit(codec::WireFormat::kJson, stream, cut));
  }
}

TEST(WatchDecoder, ProtobufStreamSplitAtEveryByte) {
  std::string stream = ProtoFrame("ADDED", MakePod("a")) + ProtoFrame("DELETED", MakePod("b"));
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    SCOPED_TRACE(cut);
    auto events = FeedSplit(codec::WireFormat::kProtobuf, stream, cut);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].object_format, codec::WireFormat::kProtobuf);
    ExpectTwoPods(events);
  }
}

TEST(WatchDecoder, ManyEventsOneByteAtATime) {
  std::string stream;
  for (int i = 0; i < 200; ++i) stream += JsonEvent("MODIFIED", MakePod("p" + std::to_string(i)));
  WatchDecoder d(codec::WireFormat::kJson);
  std::vector<WatchEvent> events;
  for (char c : stream) ASSERT_TRUE(d.Feed(std::string_view(&c, 1), &events).ok());
  ASSERT_EQ(events.size(), 200u);
  EXPECT_TRUE(*events[199].DecodeObject() == MakePod("p199"));
}

TEST(WatchDecoder, GarbageIsAnError) {
  WatchDecoder d(codec::WireFormat::kJson);
  std::vector<WatchEvent> events;
  Status s = d.Feed("<html>", &events);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("expected '{'"), std::string::npos) << s.message();
}

TEST(WatchDecoder, OversizedFrameIsAnError) {
  WatchDecoder d(codec::WireFormat::kProtobuf);
  std::vector<WatchEvent> events;
  Status s = d.Feed(std::string("\xff\xff\xff\xff", 4), &events);
  EXPECT_FALSE(s.ok());
}

TEST(WatchDecoder, CorruptProtobufFrameIsAnError) {
  WatchDecoder d(codec::WireFormat::kProtobuf);
  std::vector<WatchEvent> events;
  Status s = d.Feed(std::string("\0\0\0\x02\x0a\x05", 6), &events);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace kubecxx::client
