// ApiError against apimachinery's errors package and rest.Request's error decoding; the
// expected messages are upstream's (errors.NewGenericServerResponse).
#include "lib/client/api_error.h"

#include <gtest/gtest.h>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/codec/registry.h"
#include "lib/model/wire.h"

namespace kubecxx::client {
namespace {

using api::meta::v1::Status;

codec::Object MakeStatus(int code, const std::string& reason, const std::string& message) {
  codec::Object obj(codec::FindKind("", "v1", "Status"));
  Status* s = obj.As<Status>();
  s->type_meta = {"Status", "v1"};
  s->status = "Failure";
  s->code = code;
  s->reason = reason;
  s->message = message;
  auto& d = s->details.emplace();
  d.name = "web";
  d.kind = "pods";
  return obj;
}

TEST(ApiError, GenericResponsesUseUpstreamWords) {
  ApiError e = NewGenericServerResponse(404, "GET", "", "pods", "web", "", 0, true);
  EXPECT_EQ(e.reason(), "NotFound");
  EXPECT_EQ(e.message(), "the server could not find the requested resource (get pods web)");
  EXPECT_TRUE(IsNotFound(e));
  EXPECT_TRUE(IsUnexpectedServerError(e));

  e = NewGenericServerResponse(409, "POST", "apps", "deployments", "", "", 0, true);
  EXPECT_EQ(e.reason(), "AlreadyExists");
  EXPECT_EQ(e.message(), "the server reported a conflict (post deployments.apps)");
  EXPECT_TRUE(IsAlreadyExists(e));
  EXPECT_FALSE(IsConflict(e));  // the reason is known, so the code does not count

  e = NewGenericServerResponse(409, "PUT", "", "pods", "p", "", 0, true);
  EXPECT_TRUE(IsConflict(e));
  e = NewGenericServerResponse(500, "GET", "", "", "", "boom \"x\"", 0, true);
  EXPECT_EQ(e.reason(), "InternalError");
  EXPECT_EQ(e.message(),
            "an error on the server (\"boom \\\"x\\\"\") has prevented the request from "
            "succeeding");
  e = NewGenericServerResponse(418, "GET", "", "", "", "", 0, true);
  EXPECT_EQ(e.reason(), "Unknown");
  EXPECT_EQ(e.message(),
            "the server responded with the status code 418 but did not return more information");
  e = NewGenericServerResponse(429, "GET", "", "", "", "", 7, true);
  EXPECT_TRUE(IsTooManyRequests(e));
  EXPECT_EQ(SuggestsClientDelay(e), 7);
  e = NewGenericServerResponse(504, "GET", "", "", "", "", 0, true);
  EXPECT_TRUE(IsTimeout(e));
  EXPECT_FALSE(IsServerTimeout(e));
  e = NewGenericServerResponse(406, "GET", "", "", "", "unknown", 0, true);
  EXPECT_EQ(e.message(),
            "the server was unable to respond with a content type that the client supports");
}

TEST(ApiError, PredicatesFallBackToTheCodeOnlyForUnknownReasons) {
  Status s;
  s.code = 404;
  s.reason = "SomethingNew";
  EXPECT_TRUE(IsNotFound(ApiError(s)));
  s.reason = "Conflict";
  EXPECT_FALSE(IsNotFound(ApiError(s)));
  EXPECT_TRUE(IsConflict(ApiError(s)));
  s.code = 410;
  s.reason = "Expired";
  EXPECT_TRUE(IsResourceExpired(ApiError(s)));
  EXPECT_FALSE(IsGone(ApiError(s)));
  s.reason = "";
  EXPECT_TRUE(IsGone(ApiError(s)));
  ApiError transport = ApiError::Transport(kubecxx::Status::Internal("dial tcp: connection refused"));
  EXPECT_EQ(transport.code(), 0);
  EXPECT_EQ(transport.reason(), "");
  EXPECT_EQ(transport.message(), "dial tcp: connection refused");
  EXPECT_EQ(transport.ToStatus().code(), StatusCode::kUnavailable);
}

TEST(ApiError, StatusBodiesInJsonAndProtobuf) {
  codec::Object status = MakeStatus(404, "NotFound", "pods \"web\" not found");
  for (bool protobuf : {false, true}) {
    SCOPED_TRACE(protobuf);
    std::string body = protobuf ? codec::EncodeProtobuf(status) : codec::EncodeJson(status);
    std::string ct = protobuf ? "application/vnd.kubernetes.protobuf" : "application/json";
    ApiError e = ErrorFromResponse(404, ct, ct, body, "GET", "", "pods", "web", std::nullopt);
    EXPECT_EQ(e.code(), 404);
    EXPECT_EQ(e.reason(), "NotFound");
    EXPECT_EQ(e.message(), "pods \"web\" not found");
    EXPECT_TRUE(IsNotFound(e));
    EXPECT_FALSE(IsUnexpectedServerError(e));
    ASSERT_TRUE(e.status().details);
    EXPECT_EQ(e.status().details->name, "web");
    EXPECT_EQ(e.ToStatus().code(), StatusCode::kNotFound);
  }
}

TEST(ApiError, NonStatusBodiesBecomeGenericErrors) {
  // text/plain: the body is the server message.
  ApiError e = ErrorFromResponse(503, "text/plain; charset=utf-8", "application/json",
                                 "  overloaded\n", "GET", "", "pods", "", 3);
  EXPECT_EQ(e.reason(), "ServiceUnavailable");
  EXPECT_EQ(e.message(), "the server is currently unable to handle the request (get pods)");
  ASSERT_TRUE(e.status().details);
  EXPECT_EQ(e.status().details->causes.at(0).type, "UnexpectedServerResponse");
  EXPECT_EQ(e.status().details->causes.at(0).message, "overloaded");
  EXPECT_EQ(e.status().details->retry_after_seconds, 3);
  // JSON that is not a Status: the message is "unknown".
  e = ErrorFromResponse(500, "application/json", "application/json", "{\"kind\":\"Pod\"}", "GET",
                        "", "pods", "x", std::nullopt);
  EXPECT_EQ(e.message(),
            "an error on the server (\"unknown\") has prevented the request from succeeding "
            "(get pods x)");
  // A Status whose status is not Failure is not taken.
  e = ErrorFromResponse(403, "application/json", "application/json",
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\"}",
                        "DELETE", "", "pods", "x", std::nullopt);
  EXPECT_EQ(e.reason(), "Forbidden");
  EXPECT_EQ(e.message(), "unknown (delete pods x)");
  // No Content-Type: text, decoded with the request's type when it is a Status.
  e = ErrorFromResponse(404, "", "application/json", "404 page not found", "GET", "", "", "",
                        std::nullopt);
  EXPECT_EQ(e.message(), "the server could not find the requested resource");
  EXPECT_EQ(e.status().details->causes.at(0).message, "404 page not found");
}

}  // namespace
}  // namespace kubecxx::client
