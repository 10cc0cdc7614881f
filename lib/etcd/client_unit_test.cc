// lib/etcd without an etcd: option checking, endpoint parsing, range ends, error mapping,
// and the failure path when no endpoint listens.
#include <gtest/gtest.h>

#include "lib/etcd/client.h"
#include "lib/etcd/internal.h"

namespace kubecxx::etcd {
namespace {

TEST(PrefixRangeEnd, IncrementsLastByte) {
  EXPECT_EQ(PrefixRangeEnd("/registry/pods/"), "/registry/pods0");
  EXPECT_EQ(PrefixRangeEnd("a"), "b");
  EXPECT_EQ(PrefixRangeEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixRangeEnd(std::string("\xff\xff", 2)), std::string(1, '\0'));
  EXPECT_EQ(PrefixRangeEnd(""), std::string(1, '\0'));
}

TEST(ParseEndpoints, SplitsAndTrims) {
  auto eps = ParseEndpoints(" http://a:1 ,https://b:2,, c:3 ");
  ASSERT_TRUE(eps.ok());
  EXPECT_EQ(*eps, (std::vector<std::string>{"http://a:1", "https://b:2", "c:3"}));
  EXPECT_FALSE(ParseEndpoints(" , ").ok());
}

TEST(Create, RejectsBadOptions) {
  ClientOptions o;
  EXPECT_EQ(Client::Create(o).status().code(), StatusCode::kInvalidArgument);
  o.endpoints = {"unix://x"};
  EXPECT_EQ(Client::Create(o).status().code(), StatusCode::kInvalidArgument);
  o.endpoints = {"http://127.0.0.1:1/path"};
  EXPECT_EQ(Client::Create(o).status().code(), StatusCode::kInvalidArgument);
  o.endpoints = {"http://127.0.0.1:1"};
  o.cert_file = "/nonexistent.crt";
  EXPECT_EQ(Client::Create(o).status().code(), StatusCode::kInvalidArgument);  // no key
  o.key_file = "/nonexistent.key";
  auto c = Client::Create(o);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/nonexistent.crt"), std::string::npos);
}

TEST(Errors, GrpcMapping) {
  Status compacted = FromGrpc(grpc::Status(grpc::StatusCode::OUT_OF_RANGE, std::string(kErrCompacted)));
  EXPECT_TRUE(IsCompacted(compacted));
  EXPECT_FALSE(IsFutureRevision(compacted));
  EXPECT_TRUE(IsFutureRevision(
      FromGrpc(grpc::Status(grpc::StatusCode::OUT_OF_RANGE, std::string(kErrFutureRevision)))));
  EXPECT_EQ(FromGrpc(grpc::Status(grpc::StatusCode::UNAVAILABLE, "x")).code(), StatusCode::kUnavailable);
  EXPECT_EQ(FromGrpc(grpc::Status(grpc::StatusCode::NOT_FOUND, "x")).code(), StatusCode::kNotFound);
  EXPECT_EQ(FromGrpc(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "x")).code(), StatusCode::kInternal);
  EXPECT_TRUE(FromGrpc(grpc::Status::OK).ok());
}

TEST(NoServer, CallsFailUnavailableAndWatchEnds) {
  ClientOptions o;
  o.endpoints = {"http://127.0.0.1:1", "127.0.0.1:2"};
  o.request_timeout = std::chrono::milliseconds(2000);
  auto c = Client::Create(o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  auto r = (*c)->Range("k");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().message();
  EXPECT_FALSE((*c)->WaitUntilReady(std::chrono::milliseconds(300)).ok());

  WatchOptions w;
  w.key = "k";
  auto stream = (*c)->Watch(w);
  ASSERT_TRUE(stream.ok());
  auto next = (*stream)->Next(std::chrono::seconds(20));
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kUnavailable);
}

TEST(NoServer, ClientOutlivedByWatchHandle) {
  std::unique_ptr<WatchStream> stream;
  {
    ClientOptions o;
    o.endpoints = {"http://127.0.0.1:1"};
    auto c = Client::Create(o);
    ASSERT_TRUE(c.ok());
    WatchOptions w;
    w.key = "k";
    auto s = (*c)->Watch(w);
    ASSERT_TRUE(s.ok());
    stream = std::move(*s);
  }
  auto next = stream->Next(std::chrono::seconds(5));
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace kubecxx::etcd
