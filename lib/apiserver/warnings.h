// Warning headers of one request, as k8s.io/apiserver v0.37.2's warning recorder
// (endpoints/filters/warning.go) writes them: each text once, as
// `299 - "<text with \" and \\ escaped>"`, texts with control characters or invalid UTF-8
// dropped; past 4096 runes in total every text is cut to 256 runes and the headers are
// written again, and texts past that limit are dropped.
// WithWarnings wraps a ResponseWriter so that whatever answer it sends (a Reply or a
// chunked start) carries the headers recorded until then; stock adds them to the response
// as they are recorded, so error answers after a warning carry it too.
// Thread-safety: WarningRecorder is not synchronised (one request's handler thread); the
// wrapped writer forwards to the inner one, which is thread-safe.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lib/server/http.h"

namespace kubecxx::apiserver {

class WarningRecorder {
 public:
  void Add(const std::string& text);
  // The Warning header values, in order.
  const std::vector<std::string>& headers() const { return headers_; }

 private:
  void Write(const std::string& text);

  std::set<std::string> recorded_;
  std::vector<std::string> ordered_;
  std::vector<std::string> headers_;
  size_t written_ = 0;  // runes of text in headers_
  bool truncating_ = false;
};

// `299 - "text"` (apimachinery's net.NewWarningHeader with agent "-"); "" when the text
// may not be sent.
std::string WarningHeader(const std::string& text);

std::shared_ptr<server::ResponseWriter> WithWarnings(std::shared_ptr<server::ResponseWriter> w,
                                                     std::shared_ptr<WarningRecorder> warnings);

}  // namespace kubecxx::apiserver
