#include "lib/net/http_types.h"

#include <gtest/gtest.h>

#include "lib/net/http_transport.h"

namespace kubecxx::net {
namespace {

TEST(UrlTest, ParsesHostsPortsAndTargets) {
  StatusOr<Url> url = ParseUrl("https://10.0.0.1:6443/api/v1/pods?watch=1#frag");
  ASSERT_TRUE(url.ok());
  EXPECT_TRUE(url->tls());
  EXPECT_EQ(url->host, "10.0.0.1");
  EXPECT_EQ(url->port, 6443);
  EXPECT_EQ(url->host_header, "10.0.0.1:6443");
  EXPECT_EQ(url->target, "/api/v1/pods?watch=1");
  EXPECT_EQ(url->Origin(), "https://10.0.0.1:6443");

  url = ParseUrl("HTTP://[::1]");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->target, "/");

  url = ParseUrl("https://kubernetes.default.svc?x=1");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/?x=1");

  EXPECT_FALSE(ParseUrl("localhost:8080").ok());
  EXPECT_FALSE(ParseUrl("ftp://x/").ok());
  EXPECT_FALSE(ParseUrl("https://h:99999/").ok());
  EXPECT_FALSE(ParseUrl("https://:1/").ok());
  EXPECT_FALSE(ParseUrl("https://user@h/").ok());
}

TEST(HttpHeadersTest, CaseInsensitiveMultimap) {
  HttpHeaders h;
  h.Add("Warning", "a");
  h.Add("warning", "b");
  h.Add("Content-Type", "application/json");
  EXPECT_EQ(h.Get("WARNING"), "a");
  EXPECT_EQ(h.GetAll("Warning").size(), 2u);
  h.Set("content-type", "text/plain");
  EXPECT_EQ(h.Get("Content-Type"), "text/plain");
  h.Remove("WARNING");
  EXPECT_FALSE(h.Has("Warning"));
  EXPECT_EQ(h.Get("Missing"), "");
}

TEST(TransportErrorsTest, ClassifiesLikeUpstream) {
  auto s = [](const char* m) { return Status(StatusCode::kUnavailable, m); };
  EXPECT_TRUE(IsProbableEof(s("Get \"https://h/api\": EOF")));
  EXPECT_TRUE(IsProbableEof(s("Get \"https://h/api\": unexpected EOF")));
  EXPECT_TRUE(IsProbableEof(s("Get \"https://h/api\": connection reset by peer")));
  EXPECT_TRUE(IsConnectionReset(s("Get \"https://h/api\": connection reset by peer")));
  EXPECT_TRUE(IsProbableEof(s("x: use of closed network connection")));
  EXPECT_FALSE(IsProbableEof(s("dial tcp 127.0.0.1:1: connect: connection refused")));
  EXPECT_FALSE(IsProbableEof(s("Get \"https://h/EOF\": i/o timeout")));
  EXPECT_TRUE(IsTimeout(s("Get \"https://h/EOF\": i/o timeout")));
  EXPECT_FALSE(IsProbableEof(Status::Ok()));
}

TEST(MethodTest, Idempotency) {
  EXPECT_TRUE(IsIdempotentMethod("GET"));
  EXPECT_TRUE(IsIdempotentMethod("PUT"));
  EXPECT_TRUE(IsIdempotentMethod("DELETE"));
  EXPECT_FALSE(IsIdempotentMethod("POST"));
  EXPECT_FALSE(IsIdempotentMethod("PATCH"));
}

}  // namespace
}  // namespace kubecxx::net
