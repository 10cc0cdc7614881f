#include "lib/apiserver/warnings.h"

#include "lib/base/utf8.h"

namespace kubecxx::apiserver {
namespace {

constexpr size_t kTruncateAtTotalRunes = 4 * 1024;
constexpr size_t kTruncateItemRunes = 256;

// Runes of valid UTF-8 text without control characters (Go's unicode.IsControl: C0, DEL,
// C1); SIZE_MAX when the text may not be sent.
size_t SendableRunes(const std::string& text) {
  size_t runes = 0;
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return SIZE_MAX;
    char32_t r = DecodeRune(std::string_view(text).substr(i)).first;
    if (r < 0x20 || (r >= 0x7f && r <= 0x9f)) return SIZE_MAX;
    i += n;
    ++runes;
  }
  return runes;
}

// The first `runes` runes of valid UTF-8 text.
std::string CutRunes(const std::string& text, size_t runes) {
  size_t i = 0;
  for (size_t k = 0; k < runes && i < text.size(); ++k) i += Utf8SequenceLength(text, i);
  return text.substr(0, i);
}

class WarningWriter : public server::ResponseWriter {
 public:
  WarningWriter(std::shared_ptr<server::ResponseWriter> inner,
                std::shared_ptr<WarningRecorder> warnings)
      : inner_(std::move(inner)), warnings_(std::move(warnings)) {}

  void Reply(server::Response response) override {
    for (const std::string& h : warnings_->headers()) response.headers.emplace_back("Warning", h);
    inner_->Reply(std::move(response));
  }
  void StartChunked(int status, server::HeaderList headers) override {
    for (const std::string& h : warnings_->headers()) headers.emplace_back("Warning", h);
    inner_->StartChunked(status, std::move(headers));
  }
  bool WriteChunk(std::string data) override { return inner_->WriteChunk(std::move(data)); }
  bool WriteSharedChunk(std::shared_ptr<const std::string> data) override {
    return inner_->WriteSharedChunk(std::move(data));
  }
  void Finish() override { inner_->Finish(); }
  size_t PendingBytes() const override { return inner_->PendingBytes(); }
  bool Closed() const override { return inner_->Closed(); }
  void OnClose(std::function<void()> callback) override { inner_->OnClose(std::move(callback)); }

 private:
  std::shared_ptr<server::ResponseWriter> inner_;
  std::shared_ptr<WarningRecorder> warnings_;
};

}  // namespace

std::string WarningHeader(const std::string& text) {
  if (SendableRunes(text) == SIZE_MAX) return "";
  std::string h = "299 - \"";
  for (char c : text) {
    if (c == '"' || c == '\\') h += '\\';
    h += c;
  }
  h += '"';
  return h;
}

void WarningRecorder::Write(const std::string& text) {
  size_t runes = SendableRunes(text);
  if (runes == SIZE_MAX) return;
  std::string t = text;
  if (truncating_ && runes > kTruncateItemRunes) {
    t = CutRunes(text, kTruncateItemRunes);
    runes = kTruncateItemRunes;
  }
  written_ += runes;
  headers_.push_back(WarningHeader(t));
}

void WarningRecorder::Add(const std::string& text) {
  if (text.empty()) return;
  if (written_ >= kTruncateAtTotalRunes && truncating_) return;
  if (!recorded_.insert(text).second) return;
  ordered_.push_back(text);
  size_t runes = SendableRunes(text);
  if (runes == SIZE_MAX) return;
  if (truncating_ && runes > kTruncateItemRunes) runes = kTruncateItemRunes;
  if (written_ + runes <= kTruncateAtTotalRunes || truncating_) {
    Write(text);
    return;
  }
  // Over the limit: start truncating and write every recorded text again, cut.
  truncating_ = true;
  written_ = 0;
  headers_.clear();
  for (const std::string& t : ordered_) Write(t);
}

std::shared_ptr<server::ResponseWriter> WithWarnings(std::shared_ptr<server::ResponseWriter> w,
                                                     std::shared_ptr<WarningRecorder> warnings) {
  return std::make_shared<WarningWriter>(std::move(w), std::move(warnings));
}

}  // namespace kubecxx::apiserver
