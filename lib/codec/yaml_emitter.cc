// Writing YAML as sigs.k8s.io/yaml.JSONToYAML does: the JSON is read the way go-yaml
// reads it (it parses the JSON *as YAML*), then libyaml's emitter, as go-yaml drives
// it (encode.go, emitterc.go), writes the value. The emitter is ported state for state:
// quoting, folding at column 80 and indentation fall out of libyaml's own decisions.
#include <algorithm>
#include <iterator>
#include <span>
#include <unordered_map>

#include "lib/base/utf8.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/yaml_internal.h"

namespace kubecxx::codec::yaml_internal {
namespace {

// ---------------------------------------------------------------------------
// Unicode classes for go-yaml's key order (sorter.go uses unicode.IsLetter/IsDigit).

struct CodeRange {
  char32_t lo, hi;
};
std::span<const CodeRange> LetterRanges();  // Unicode 15.0 L, above ASCII
std::span<const CodeRange> DigitRanges();   // Unicode 15.0 Nd, above ASCII

bool InRanges(std::span<const CodeRange> ranges, char32_t r) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), r,
                             [](char32_t x, const CodeRange& cr) { return x < cr.lo; });
  return it != ranges.begin() && r <= std::prev(it)->hi;
}

bool IsLetterRune(char32_t r) {
  if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
  return InRanges(LetterRanges(), r);
}

bool IsDigitRune(char32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return InRanges(DigitRanges(), r);
}

// Go's []rune(s): invalid bytes become U+FFFD one at a time.
std::u32string ToRunes(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  while (!s.empty()) {
    auto [r, n] = DecodeRune(s);
    out.push_back(r);
    s.remove_prefix(n);
  }
  return out;
}

// sorter.go keyList.Less for two string keys: letters after non-letters, runs of
// digits compared by value. Int64 arithmetic wraps as Go's does.
bool KeyLess(const std::u32string& a, const std::u32string& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    bool al = IsLetterRune(a[i]), bl = IsLetterRune(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    uint64_t an = 0, bn = 0;
    if (a[i] == '0' || b[i] == '0') {
      for (size_t j = i; j-- > 0 && IsDigitRune(a[j]);) {
        if (a[j] != '0') {
          an = bn = 1;
          break;
        }
      }
    }
    size_t ai = i, bi = i;
    for (; ai < a.size() && IsDigitRune(a[ai]); ++ai) {
      an = an * 10 + static_cast<uint64_t>(static_cast<int64_t>(a[ai]) - '0');
    }
    for (; bi < b.size() && IsDigitRune(b[bi]); ++bi) {
      bn = bn * 10 + static_cast<uint64_t>(static_cast<int64_t>(b[bi]) - '0');
    }
    if (an != bn) return static_cast<int64_t>(an) < static_cast<int64_t>(bn);
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

// The order go-yaml writes a map's keys in. Merge sort rather than std::sort: the
// comparison is not a strict weak order for every key set, and std::sort may then
// read out of bounds; for key sets where it is one, every sort gives Go's order.
void SortGoYamlKeys(std::vector<size_t>* idx, const std::vector<std::u32string>& runes) {
  std::vector<size_t> tmp(idx->size());
  auto less = [&](size_t x, size_t y) { return KeyLess(runes[x], runes[y]); };
  for (size_t width = 1; width < idx->size(); width *= 2) {
    for (size_t lo = 0; lo < idx->size(); lo += 2 * width) {
      size_t mid = std::min(lo + width, idx->size());
      size_t hi = std::min(lo + 2 * width, idx->size());
      size_t l = lo, r = mid, o = lo;
      while (l < mid && r < hi) tmp[o++] = less((*idx)[r], (*idx)[l]) ? (*idx)[r++] : (*idx)[l++];
      while (l < mid) tmp[o++] = (*idx)[l++];
      while (r < hi) tmp[o++] = (*idx)[r++];
    }
    idx->swap(tmp);
  }
}

// ---------------------------------------------------------------------------
// JSON text -> the generic value go-yaml decodes from it (JSONToYAML's yaml.Unmarshal).

// Width of a raw YAML line break at s[i] that valid JSON may hold inside a string
// (U+0085, U+2028, U+2029), else 0. Raw CR and LF are left for JsonReader to reject.
size_t RawBreakWidth(std::string_view s, size_t i) {
  if (s.substr(i, 2) == "\xC2\x85") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xA8" || s.substr(i, 3) == "\xE2\x80\xA9") return 3;
  return 0;
}

// libyaml's scanning of a double-quoted scalar for the raw text between the quotes
// (escapes are kept for JsonReader): blanks around a line break fold, a lone U+0085
// becoming a space, and "---"/"..." right after a break end the document.
// Appends the JSON string content go-yaml would have read to *out.
Status FoldQuotedBreaks(std::string_view content, size_t offset, std::string* out) {
  bool column0 = false;  // right after a line break
  for (size_t j = 0; j < content.size();) {
    std::string_view rest = content.substr(j);
    if (column0 && (rest.starts_with("---") || rest.starts_with("...")) &&
        (rest.size() > 3 && (rest[3] == ' ' || rest[3] == '\t' || RawBreakWidth(rest, 3) > 0))) {
      return Status::Invalid("yaml: found unexpected document indicator (offset " +
                             std::to_string(offset + j) + ")");
    }
    while (j < content.size() && content[j] != ' ' && content[j] != '\t' &&
           RawBreakWidth(content, j) == 0) {
      size_t w = content[j] == '\\' ? 2 : std::max<size_t>(Utf8SequenceLength(content, j), 1);
      out->append(content.substr(j, w));
      j += w;
      column0 = false;
    }
    std::string whitespaces, leading_break, trailing_breaks;
    bool leading_blanks = false;
    while (j < content.size()) {
      if (content[j] == ' ' || content[j] == '\t') {
        if (!leading_blanks) whitespaces.push_back(content[j]);
        ++j;
        column0 = false;
        continue;
      }
      size_t w = RawBreakWidth(content, j);
      if (w == 0) break;
      // read_line: NEL reads as "\n" (written here as a JSON escape), LS/PS as themselves.
      std::string line = w == 2 ? "\\n" : std::string(content.substr(j, w));
      if (!leading_blanks) {
        whitespaces.clear();
        leading_break = line;
        leading_blanks = true;
      } else {
        trailing_breaks += line;
      }
      j += w;
      column0 = true;
    }
    if (leading_blanks) {
      if (leading_break == "\\n") {
        out->append(trailing_breaks.empty() ? " " : trailing_breaks);
      } else {
        out->append(leading_break).append(trailing_breaks);
      }
    } else {
      out->append(whitespaces);
    }
  }
  return Status::Ok();
}

// JSONToYAML hands the JSON to go-yaml's scanner, which (a) folds raw line breaks
// inside strings (Go's JSON writer leaves U+0085 unescaped, so this happens to Go's
// own output) and (b) only accepts a mapping key that stays on one line and whose ':'
// comes at most 1024 characters after its opening quote. Returns the JSON with (a)
// applied in *rewritten (empty when nothing changed), or the error Go reports for (b).
Status ScanLikeGoYaml(std::string_view json, std::string* rewritten) {
  rewritten->clear();
  size_t copied = 0;  // json[0, copied) is already in *rewritten
  size_t chars = 0;   // characters before i: go-yaml's mark.index
  auto advance = [&](size_t* i) {
    *i += std::max<size_t>(Utf8SequenceLength(json, *i), 1);
    ++chars;
  };
  auto key_error = [&](size_t at) {
    return Status::Invalid(
        "yaml: did not find expected ',' or '}' (a mapping key must end on its line and "
        "within 1024 characters; offset " + std::to_string(at) + ")");
  };
  for (size_t i = 0; i < json.size();) {
    if (json[i] != '"') {
      advance(&i);
      continue;
    }
    size_t quote = i, quote_chars = chars;
    advance(&i);
    bool has_break = false;
    while (i < json.size() && json[i] != '"') {
      if (RawBreakWidth(json, i) > 0) has_break = true;
      if (json[i] == '\\' && i + 1 < json.size()) advance(&i);
      advance(&i);
    }
    if (i >= json.size()) break;  // unterminated: JsonReader reports it
    size_t close = i;
    advance(&i);
    size_t k = i, k_chars = chars;
    bool newline = false;
    while (k < json.size() && (json[k] == ' ' || json[k] == '\t' || json[k] == '\r' ||
                               json[k] == '\n')) {
      newline = newline || json[k] == '\r' || json[k] == '\n';
      ++k;
      ++k_chars;
    }
    if (k < json.size() && json[k] == ':') {
      if (has_break || newline || k_chars - quote_chars > 1024) return key_error(quote);
    } else if (has_break) {
      rewritten->append(json.substr(copied, quote + 1 - copied));
      std::string_view content = json.substr(quote + 1, close - quote - 1);
      KUBECXX_RETURN_IF_ERROR(FoldQuotedBreaks(content, quote + 1, rewritten));
      copied = close;
    }
  }
  if (copied > 0) rewritten->append(json.substr(copied));
  return Status::Ok();
}

bool ReadJsonValue(JsonReader* r, GValue* out) {
  switch (r->Peek()) {
    case JsonType::kNull:
      r->TryNull();
      *out = GValue();
      return true;
    case JsonType::kBool:
      out->kind = GValue::Kind::kBool;
      return r->ReadBool(&out->b);
    case JsonType::kNumber: {
      // go-yaml reads a JSON number as a plain YAML scalar: 1.0 becomes the float 1,
      // 1e400 stays text, integers past int64 become uint64 or float64.
      std::string_view text;
      if (!r->ReadRaw(&text)) return false;
      ResolveText(text, true, out);
      return true;
    }
    case JsonType::kString:
      out->kind = GValue::Kind::kString;
      return r->ReadString(&out->s);
    case JsonType::kArray: {
      out->kind = GValue::Kind::kSeq;
      if (!r->BeginArray()) return false;
      while (r->NextElement()) {
        if (!ReadJsonValue(r, &out->seq.emplace_back())) return false;
      }
      return r->ok();
    }
    case JsonType::kObject: {
      out->kind = GValue::Kind::kMap;
      if (!r->BeginObject()) return false;
      std::string_view key;
      while (r->NextKey(&key)) {
        GEntry& e = out->map.emplace_back();
        e.key = std::string(key);
        if (!ReadJsonValue(r, &e.value)) return false;
      }
      return r->ok();
    }
    case JsonType::kInvalid:
      break;
  }
  if (r->ok()) r->Fail("invalid JSON value");
  return false;
}

// ---------------------------------------------------------------------------
// The emitter: libyaml's emitter (emitterc.go) for the events go-yaml's encoder
// sends for a generic value: block mappings and sequences, `{}`/`[]` for empty ones,
// and untagged scalars in the style encode.go asks for.

enum class ScalarStyle : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral };

// Byte classes of yamlprivateh.go, bounds-checked (Go relies on valid UTF-8 instead).
struct Bytes {
  std::string_view s;
  unsigned char at(size_t i) const { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }
  bool IsSpace(size_t i) const { return at(i) == ' '; }
  bool IsBlank(size_t i) const { return at(i) == ' ' || at(i) == '\t'; }
  bool IsBreak(size_t i) const {
    unsigned char b = at(i);
    return b == '\r' || b == '\n' || (b == 0xC2 && at(i + 1) == 0x85) ||
           (b == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) == 0xA8 || at(i + 2) == 0xA9));
  }
  bool IsBlankz(size_t i) const { return IsBlank(i) || IsBreak(i) || at(i) == 0; }
  bool IsPrintable(size_t i) const {
    unsigned char b = at(i);
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && at(i + 1) >= 0xA0) ||
           (b > 0xC2 && b < 0xED) || (b == 0xED && at(i + 1) < 0xA0) || b == 0xEE ||
           (b == 0xEF && !(at(i + 1) == 0xBB && at(i + 2) == 0xBF) &&
            !(at(i + 1) == 0xBF && (at(i + 2) == 0xBE || at(i + 2) == 0xBF)));
  }
  // Sic: libyaml's is_bom looks at the start of the value whatever i is, so a value
  // that starts with U+FEFF has every character escaped.
  bool StartsWithBom() const { return at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF; }
  static size_t Width(unsigned char b) {
    if ((b & 0x80) == 0x00) return 1;
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) return 3;
    if ((b & 0xF8) == 0xF0) return 4;
    return 1;  // Go returns 0 (and would loop); valid UTF-8 never gets here
  }
};

// yaml_emitter_analyze_scalar's verdict.
struct ScalarAnalysis {
  bool multiline = false;
  bool flow_plain_allowed = false;
  bool block_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = false;
};

ScalarAnalysis AnalyzeScalar(std::string_view value) {
  ScalarAnalysis a;
  if (value.empty()) return a;
  Bytes v{value};
  bool block_indicators = false, flow_indicators = false, line_breaks = false,
       special_characters = false, leading_space = false, leading_break = false,
       trailing_space = false, trailing_break = false, break_space = false,
       space_break = false, previous_space = false, previous_break = false;
  if (value.starts_with("---") || value.starts_with("...")) {
    block_indicators = flow_indicators = true;
  }
  bool preceded_by_whitespace = true;
  for (size_t i = 0, w = 0; i < value.size(); i += w) {
    w = Bytes::Width(v.at(i));
    bool followed_by_whitespace = i + w >= value.size() || v.IsBlank(i + w);
    char c = value[i];
    if (i == 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
        case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
          flow_indicators = block_indicators = true;
          break;
        case '?': case ':':
          flow_indicators = true;
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '-':
          if (followed_by_whitespace) flow_indicators = block_indicators = true;
          break;
        default:
          break;
      }
    } else {
      switch (c) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flow_indicators = true;
          break;
        case ':':
          flow_indicators = true;
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '#':
          if (preceded_by_whitespace) flow_indicators = block_indicators = true;
          break;
        default:
          break;
      }
    }
    if (!v.IsPrintable(i)) special_characters = true;
    if (v.IsSpace(i)) {
      if (i == 0) leading_space = true;
      if (i + w == value.size()) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (v.IsBreak(i)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == value.size()) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = previous_break = false;
    }
    preceded_by_whitespace = v.IsBlankz(i);
  }
  a.multiline = line_breaks;
  a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = a.block_allowed = true;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    a.flow_plain_allowed = a.block_plain_allowed = false;
  }
  if (trailing_space) a.block_allowed = false;
  if (break_space) a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = false;
  if (space_break || special_characters) {
    a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = a.block_allowed =
        false;
  }
  if (line_breaks) a.flow_plain_allowed = a.block_plain_allowed = false;
  if (flow_indicators) a.flow_plain_allowed = false;
  if (block_indicators) a.block_plain_allowed = false;
  return a;
}

class Emitter {
 public:
  explicit Emitter(std::string* out) : out_(out) {}

  // One implicit document (no "---"), as go-yaml's Marshal writes it.
  void EmitDocument(const GValue& root) {
    EmitNode(root, /*mapping=*/false);
    WriteIndent();  // DOCUMENT-END: finish the last line
  }

 private:
  static constexpr int kBestIndent = 2;
  static constexpr int kBestWidth = 80;
  static constexpr size_t kMaxSimpleKeyLength = 128;

  // `mapping`: the node is a mapping value (libyaml's mapping_context).
  void EmitNode(const GValue& v, bool mapping) {
    SetContext(mapping, /*simple_key=*/false);
    switch (v.kind) {
      case GValue::Kind::kNull:
        return EmitScalar("null", ScalarStyle::kPlain);
      case GValue::Kind::kBool:
        return EmitScalar(v.b ? "true" : "false", ScalarStyle::kPlain);
      case GValue::Kind::kInt:
        return EmitScalar(std::to_string(v.i), ScalarStyle::kPlain);
      case GValue::Kind::kUint:
        return EmitScalar(std::to_string(v.u), ScalarStyle::kPlain);
      case GValue::Kind::kFloat:
        return EmitScalar(YamlFloatText(v.f, /*as_float32=*/false), ScalarStyle::kPlain);
      case GValue::Kind::kString:
        return EmitScalar(v.s, StringStyle(v.s));
      case GValue::Kind::kSeq:
        if (v.seq.empty() || flow_level_ > 0) return EmitEmptyFlow("[", "]");
        return EmitBlockSequence(v);
      case GValue::Kind::kMap: {
        std::vector<size_t> keys = LiveEntries(v.map);
        if (keys.empty() || flow_level_ > 0) return EmitEmptyFlow("{", "}");
        return EmitBlockMapping(v, std::move(keys));
      }
    }
  }

  // encode.go's stringv (strings are valid UTF-8 here: JsonReader guarantees it).
  static ScalarStyle StringStyle(std::string_view s) {
    if (s.find('\n') != std::string_view::npos) return ScalarStyle::kLiteral;
    return CanBePlain(s) ? ScalarStyle::kPlain : ScalarStyle::kDoubleQuoted;
  }

  void EmitEmptyFlow(std::string_view open, std::string_view close) {
    WriteIndicator(open, true, true, false);
    WriteIndicator(close, false, false, false);
  }

  void IncreaseIndent(bool flow, bool indentless) {
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }

  void EmitBlockSequence(const GValue& v) {
    int saved = indent_;
    // Under a mapping key the "- " sits at the key's column (indentless sequence).
    IncreaseIndent(false, mapping_context_ && !indention_);
    for (const GValue& item : v.seq) {
      WriteIndent();
      WriteIndicator("-", true, false, true);
      EmitNode(item, /*mapping=*/false);
    }
    indent_ = saved;
  }

  void EmitBlockMapping(const GValue& v, std::vector<size_t> keys) {
    std::vector<std::u32string> runes(v.map.size());
    for (size_t i : keys) runes[i] = ToRunes(v.map[i].key);
    SortGoYamlKeys(&keys, runes);
    int saved = indent_;
    IncreaseIndent(false, false);
    for (size_t i : keys) {
      const std::string& key = v.map[i].key;
      WriteIndent();
      ScalarAnalysis ka = AnalyzeScalar(key);
      if (!ka.multiline && key.size() <= kMaxSimpleKeyLength) {
        SetContext(/*mapping=*/true, /*simple_key=*/true);
        EmitScalar(key, StringStyle(key), ka);
        WriteIndicator(":", false, false, false);
      } else {
        WriteIndicator("?", true, false, true);
        SetContext(/*mapping=*/true, /*simple_key=*/false);
        EmitScalar(key, StringStyle(key), ka);
        WriteIndent();
        WriteIndicator(":", true, false, true);
      }
      EmitNode(v.map[i].value, /*mapping=*/true);
    }
    indent_ = saved;
  }

  void SetContext(bool mapping, bool simple_key) {
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
  }

  void EmitScalar(std::string_view value, ScalarStyle requested) {
    EmitScalar(value, requested, AnalyzeScalar(value));
  }

  void EmitScalar(std::string_view value, ScalarStyle requested, const ScalarAnalysis& a) {
    ScalarStyle style = SelectStyle(value, requested, a);
    int saved = indent_;
    IncreaseIndent(true, false);
    switch (style) {
      case ScalarStyle::kPlain:
        WritePlain(value, !simple_key_context_);
        break;
      case ScalarStyle::kSingleQuoted:
        WriteSingleQuoted(value, !simple_key_context_);
        break;
      case ScalarStyle::kDoubleQuoted:
        WriteDoubleQuoted(value, !simple_key_context_);
        break;
      case ScalarStyle::kLiteral:
        WriteLiteral(value);
        break;
    }
    indent_ = saved;
  }

  // yaml_emitter_select_scalar_style for untagged, implicit scalars.
  ScalarStyle SelectStyle(std::string_view value, ScalarStyle style,
                          const ScalarAnalysis& a) const {
    if (simple_key_context_ && a.multiline) style = ScalarStyle::kDoubleQuoted;
    if (style == ScalarStyle::kPlain) {
      if ((flow_level_ > 0 && !a.flow_plain_allowed) ||
          (flow_level_ == 0 && !a.block_plain_allowed)) {
        style = ScalarStyle::kSingleQuoted;
      }
      if (value.empty() && (flow_level_ > 0 || simple_key_context_)) {
        style = ScalarStyle::kSingleQuoted;
      }
    }
    if (style == ScalarStyle::kSingleQuoted && !a.single_quoted_allowed) {
      style = ScalarStyle::kDoubleQuoted;
    }
    if (style == ScalarStyle::kLiteral &&
        (!a.block_allowed || flow_level_ > 0 || simple_key_context_)) {
      style = ScalarStyle::kDoubleQuoted;
    }
    return style;
  }

  // --- output primitives (column counts characters, as libyaml's does) ---

  void Put(char c) {
    out_->push_back(c);
    ++column_;
  }
  void PutBreak() {
    out_->push_back('\n');
    column_ = 0;
  }
  // Copies one UTF-8 character.
  void Write(std::string_view s, size_t* i) {
    size_t w = std::min(Bytes::Width(static_cast<unsigned char>(s[*i])), s.size() - *i);
    out_->append(s.substr(*i, w));
    ++column_;
    *i += w;
  }
  void WriteBreak(std::string_view s, size_t* i) {
    if (s[*i] == '\n') {
      PutBreak();
      ++*i;
    } else {
      Write(s, i);
      column_ = 0;
    }
  }
  void WriteIndent() {
    int indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) PutBreak();
    while (column_ < indent) Put(' ');
    whitespace_ = true;
    indention_ = true;
  }
  void WriteIndicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                      bool is_indention) {
    if (need_whitespace && !whitespace_) Put(' ');
    for (size_t i = 0; i < indicator.size();) Write(indicator, &i);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  // --- scalar writers ---

  void WritePlain(std::string_view value, bool allow_breaks) {
    Bytes v{value};
    if (!whitespace_) Put(' ');
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < value.size();) {
      if (v.IsSpace(i)) {
        // Long lines fold at a single space once past column 80.
        if (allow_breaks && !spaces && column_ > kBestWidth && !v.IsSpace(i + 1)) {
          WriteIndent();
          ++i;
        } else {
          Write(value, &i);
        }
        spaces = true;
      } else if (v.IsBreak(i)) {
        if (!breaks && value[i] == '\n') PutBreak();
        WriteBreak(value, &i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(value, &i);
        indention_ = false;
        spaces = breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void WriteSingleQuoted(std::string_view value, bool allow_breaks) {
    Bytes v{value};
    WriteIndicator("'", true, false, false);
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < value.size();) {
      if (v.IsSpace(i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < value.size() - 1 &&
            !v.IsSpace(i + 1)) {
          WriteIndent();
          ++i;
        } else {
          Write(value, &i);
        }
        spaces = true;
      } else if (v.IsBreak(i)) {
        if (!breaks && value[i] == '\n') PutBreak();
        WriteBreak(value, &i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        if (value[i] == '\'') Put('\'');
        Write(value, &i);
        indention_ = false;
        spaces = breaks = false;
      }
    }
    WriteIndicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteDoubleQuoted(std::string_view value, bool allow_breaks) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    Bytes v{value};
    bool spaces = false;
    WriteIndicator("\"", true, false, false);
    for (size_t i = 0; i < value.size();) {
      unsigned char b = v.at(i);
      if (!v.IsPrintable(i) || v.StartsWithBom() || v.IsBreak(i) || b == '"' || b == '\\') {
        size_t w = std::min(Bytes::Width(b), value.size() - i);
        char32_t r = DecodeRune(value.substr(i, w)).first;
        i += w;
        Put('\\');
        switch (r) {
          case 0x00: Put('0'); break;
          case 0x07: Put('a'); break;
          case 0x08: Put('b'); break;
          case 0x09: Put('t'); break;
          case 0x0A: Put('n'); break;
          case 0x0B: Put('v'); break;
          case 0x0C: Put('f'); break;
          case 0x0D: Put('r'); break;
          case 0x1B: Put('e'); break;
          case 0x22: Put('"'); break;
          case 0x5C: Put('\\'); break;
          case 0x85: Put('N'); break;
          case 0xA0: Put('_'); break;
          case 0x2028: Put('L'); break;
          case 0x2029: Put('P'); break;
          default: {
            int digits;
            if (r <= 0xFF) {
              Put('x');
              digits = 2;
            } else if (r <= 0xFFFF) {
              Put('u');
              digits = 4;
            } else {
              Put('U');
              digits = 8;
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) Put(kHex[(r >> k) & 0x0F]);
          }
        }
        spaces = false;
      } else if (v.IsSpace(i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < value.size() - 1) {
          WriteIndent();
          if (v.IsSpace(i + 1)) Put('\\');
          ++i;
        } else {
          Write(value, &i);
        }
        spaces = true;
      } else {
        Write(value, &i);
        spaces = false;
      }
    }
    WriteIndicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteLiteral(std::string_view value) {
    Bytes v{value};
    WriteIndicator("|", true, false, false);
    // Block scalar hints: explicit indentation when the text starts with a space or
    // break; chomping '-' without a final break, '+' with more than one.
    if (v.IsSpace(0) || v.IsBreak(0)) {
      WriteIndicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    }
    char chomp = 0;
    size_t i = value.size() - 1;
    while (i > 0 && (v.at(i) & 0xC0) == 0x80) --i;
    if (!v.IsBreak(i)) {
      chomp = '-';
    } else if (i == 0) {
      chomp = '+';
    } else {
      --i;
      while (i > 0 && (v.at(i) & 0xC0) == 0x80) --i;
      if (v.IsBreak(i)) chomp = '+';
    }
    if (chomp != 0) WriteIndicator(std::string(1, chomp), false, false, false);
    PutBreak();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (size_t j = 0; j < value.size();) {
      if (v.IsBreak(j)) {
        WriteBreak(value, &j);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(value, &j);
        indention_ = false;
        breaks = false;
      }
    }
  }

  std::string* out_;
  int column_ = 0;
  int indent_ = -1;
  int flow_level_ = 0;  // only ever 0: flow collections we write are empty
  bool whitespace_ = true;
  bool indention_ = true;
  bool mapping_context_ = false;
  bool simple_key_context_ = false;
};

// Unicode 15.0.0 (Go 1.21 to 1.26) letters (L) and decimal digits (Nd) above U+007F,
// as Go's unicode.IsLetter/IsDigit see them, as inclusive ranges. Generated by walking
// r from 0x80 to unicode.MaxRune and printing each maximal run where IsLetter(r)
// (IsDigit(r)) holds; regenerate when Go moves to a new Unicode version.
constexpr CodeRange kLetterRanges[] = {
    {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2C1},
    {0x2C6, 0x2D1}, {0x2E0, 0x2E4}, {0x2EC, 0x2EC}, {0x2EE, 0x2EE}, {0x370, 0x374}, {0x376, 0x377},
    {0x37A, 0x37D}, {0x37F, 0x37F}, {0x386, 0x386}, {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1},
    {0x3A3, 0x3F5}, {0x3F7, 0x481}, {0x48A, 0x52F}, {0x531, 0x556}, {0x559, 0x559}, {0x560, 0x588},
    {0x5D0, 0x5EA}, {0x5EF, 0x5F2}, {0x620, 0x64A}, {0x66E, 0x66F}, {0x671, 0x6D3}, {0x6D5, 0x6D5},
    {0x6E5, 0x6E6}, {0x6EE, 0x6EF}, {0x6FA, 0x6FC}, {0x6FF, 0x6FF}, {0x710, 0x710}, {0x712, 0x72F},
    {0x74D, 0x7A5}, {0x7B1, 0x7B1}, {0x7CA, 0x7EA}, {0x7F4, 0x7F5}, {0x7FA, 0x7FA}, {0x800, 0x815},
    {0x81A, 0x81A}, {0x824, 0x824}, {0x828, 0x828}, {0x840, 0x858}, {0x860, 0x86A}, {0x870, 0x887},
    {0x889, 0x88E}, {0x8A0, 0x8C9}, {0x904, 0x939}, {0x93D, 0x93D}, {0x950, 0x950}, {0x958, 0x961},
    {0x971, 0x980}, {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8}, {0x9AA, 0x9B0}, {0x9B2, 0x9B2},
    {0x9B6, 0x9B9}, {0x9BD, 0x9BD}, {0x9CE, 0x9CE}, {0x9DC, 0x9DD}, {0x9DF, 0x9E1}, {0x9F0, 0x9F1},
    {0x9FC, 0x9FC}, {0xA05, 0xA0A}, {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30}, {0xA32, 0xA33},
    {0xA35, 0xA36}, {0xA38, 0xA39}, {0xA59, 0xA5C}, {0xA5E, 0xA5E}, {0xA72, 0xA74}, {0xA85, 0xA8D},
    {0xA8F, 0xA91}, {0xA93, 0xAA8}, {0xAAA, 0xAB0}, {0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xABD, 0xABD},
    {0xAD0, 0xAD0}, {0xAE0, 0xAE1}, {0xAF9, 0xAF9}, {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28},
    {0xB2A, 0xB30}, {0xB32, 0xB33}, {0xB35, 0xB39}, {0xB3D, 0xB3D}, {0xB5C, 0xB5D}, {0xB5F, 0xB61},
    {0xB71, 0xB71}, {0xB83, 0xB83}, {0xB85, 0xB8A}, {0xB8E, 0xB90}, {0xB92, 0xB95}, {0xB99, 0xB9A},
    {0xB9C, 0xB9C}, {0xB9E, 0xB9F}, {0xBA3, 0xBA4}, {0xBA8, 0xBAA}, {0xBAE, 0xBB9}, {0xBD0, 0xBD0},
    {0xC05, 0xC0C}, {0xC0E, 0xC10}, {0xC12, 0xC28}, {0xC2A, 0xC39}, {0xC3D, 0xC3D}, {0xC58, 0xC5A},
    {0xC5D, 0xC5D}, {0xC60, 0xC61}, {0xC80, 0xC80}, {0xC85, 0xC8C}, {0xC8E, 0xC90}, {0xC92, 0xCA8},
    {0xCAA, 0xCB3}, {0xCB5, 0xCB9}, {0xCBD, 0xCBD}, {0xCDD, 0xCDE}, {0xCE0, 0xCE1}, {0xCF1, 0xCF2},
    {0xD04, 0xD0C}, {0xD0E, 0xD10}, {0xD12, 0xD3A}, {0xD3D, 0xD3D}, {0xD4E, 0xD4E}, {0xD54, 0xD56},
    {0xD5F, 0xD61}, {0xD7A, 0xD7F}, {0xD85, 0xD96}, {0xD9A, 0xDB1}, {0xDB3, 0xDBB}, {0xDBD, 0xDBD},
    {0xDC0, 0xDC6}, {0xE01, 0xE30}, {0xE32, 0xE33}, {0xE40, 0xE46}, {0xE81, 0xE82}, {0xE84, 0xE84},
    {0xE86, 0xE8A}, {0xE8C, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEB0}, {0xEB2, 0xEB3}, {0xEBD, 0xEBD},
    {0xEC0, 0xEC4}, {0xEC6, 0xEC6}, {0xEDC, 0xEDF}, {0xF00, 0xF00}, {0xF40, 0xF47}, {0xF49, 0xF6C},
    {0xF88, 0xF8C}, {0x1000, 0x102A}, {0x103F, 0x103F}, {0x1050, 0x1055}, {0x105A, 0x105D},
    {0x1061, 0x1061}, {0x1065, 0x1066}, {0x106E, 0x1070}, {0x1075, 0x1081}, {0x108E, 0x108E},
    {0x10A0, 0x10C5}, {0x10C7, 0x10C7}, {0x10CD, 0x10CD}, {0x10D0, 0x10FA}, {0x10FC, 0x1248},
    {0x124A, 0x124D}, {0x1250, 0x1256}, {0x1258, 0x1258}, {0x125A, 0x125D}, {0x1260, 0x1288},
    {0x128A, 0x128D}, {0x1290, 0x12B0}, {0x12B2, 0x12B5}, {0x12B8, 0x12BE}, {0x12C0, 0x12C0},
    {0x12C2, 0x12C5}, {0x12C8, 0x12D6}, {0x12D8, 0x1310}, {0x1312, 0x1315}, {0x1318, 0x135A},
    {0x1380, 0x138F}, {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1401, 0x166C}, {0x166F, 0x167F},
    {0x1681, 0x169A}, {0x16A0, 0x16EA}, {0x16F1, 0x16F8}, {0x1700, 0x1711}, {0x171F, 0x1731},
    {0x1740, 0x1751}, {0x1760, 0x176C}, {0x176E, 0x1770}, {0x1780, 0x17B3}, {0x17D7, 0x17D7},
    {0x17DC, 0x17DC}, {0x1820, 0x1878}, {0x1880, 0x1884}, {0x1887, 0x18A8}, {0x18AA, 0x18AA},
    {0x18B0, 0x18F5}, {0x1900, 0x191E}, {0x1950, 0x196D}, {0x1970, 0x1974}, {0x1980, 0x19AB},
    {0x19B0, 0x19C9}, {0x1A00, 0x1A16}, {0x1A20, 0x1A54}, {0x1AA7, 0x1AA7}, {0x1B05, 0x1B33},
    {0x1B45, 0x1B4C}, {0x1B83, 0x1BA0}, {0x1BAE, 0x1BAF}, {0x1BBA, 0x1BE5}, {0x1C00, 0x1C23},
    {0x1C4D, 0x1C4F}, {0x1C5A, 0x1C7D}, {0x1C80, 0x1C88}, {0x1C90, 0x1CBA}, {0x1CBD, 0x1CBF},
    {0x1CE9, 0x1CEC}, {0x1CEE, 0x1CF3}, {0x1CF5, 0x1CF6}, {0x1CFA, 0x1CFA}, {0x1D00, 0x1DBF},
    {0x1E00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57},
    {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4},
    {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2071, 0x2071},
    {0x207F, 0x207F}, {0x2090, 0x209C}, {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113},
    {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128},
    {0x212A, 0x212D}, {0x212F, 0x2139}, {0x213C, 0x213F}, {0x2145, 0x2149}, {0x214E, 0x214E},
    {0x2183, 0x2184}, {0x2C00, 0x2CE4}, {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF3}, {0x2D00, 0x2D25},
    {0x2D27, 0x2D27}, {0x2D2D, 0x2D2D}, {0x2D30, 0x2D67}, {0x2D6F, 0x2D6F}, {0x2D80, 0x2D96},
    {0x2DA0, 0x2DA6}, {0x2DA8, 0x2DAE}, {0x2DB0, 0x2DB6}, {0x2DB8, 0x2DBE}, {0x2DC0, 0x2DC6},
    {0x2DC8, 0x2DCE}, {0x2DD0, 0x2DD6}, {0x2DD8, 0x2DDE}, {0x2E2F, 0x2E2F}, {0x3005, 0x3006},
    {0x3031, 0x3035}, {0x303B, 0x303C}, {0x3041, 0x3096}, {0x309D, 0x309F}, {0x30A1, 0x30FA},
    {0x30FC, 0x30FF}, {0x3105, 0x312F}, {0x3131, 0x318E}, {0x31A0, 0x31BF}, {0x31F0, 0x31FF},
    {0x3400, 0x4DBF}, {0x4E00, 0xA48C}, {0xA4D0, 0xA4FD}, {0xA500, 0xA60C}, {0xA610, 0xA61F},
    {0xA62A, 0xA62B}, {0xA640, 0xA66E}, {0xA67F, 0xA69D}, {0xA6A0, 0xA6E5}, {0xA717, 0xA71F},
    {0xA722, 0xA788}, {0xA78B, 0xA7CA}, {0xA7D0, 0xA7D1}, {0xA7D3, 0xA7D3}, {0xA7D5, 0xA7D9},
    {0xA7F2, 0xA801}, {0xA803, 0xA805}, {0xA807, 0xA80A}, {0xA80C, 0xA822}, {0xA840, 0xA873},
    {0xA882, 0xA8B3}, {0xA8F2, 0xA8F7}, {0xA8FB, 0xA8FB}, {0xA8FD, 0xA8FE}, {0xA90A, 0xA925},
    {0xA930, 0xA946}, {0xA960, 0xA97C}, {0xA984, 0xA9B2}, {0xA9CF, 0xA9CF}, {0xA9E0, 0xA9E4},
    {0xA9E6, 0xA9EF}, {0xA9FA, 0xA9FE}, {0xAA00, 0xAA28}, {0xAA40, 0xAA42}, {0xAA44, 0xAA4B},
    {0xAA60, 0xAA76}, {0xAA7A, 0xAA7A}, {0xAA7E, 0xAAAF}, {0xAAB1, 0xAAB1}, {0xAAB5, 0xAAB6},
    {0xAAB9, 0xAABD}, {0xAAC0, 0xAAC0}, {0xAAC2, 0xAAC2}, {0xAADB, 0xAADD}, {0xAAE0, 0xAAEA},
    {0xAAF2, 0xAAF4}, {0xAB01, 0xAB06}, {0xAB09, 0xAB0E}, {0xAB11, 0xAB16}, {0xAB20, 0xAB26},
    {0xAB28, 0xAB2E}, {0xAB30, 0xAB5A}, {0xAB5C, 0xAB69}, {0xAB70, 0xABE2}, {0xAC00, 0xD7A3},
    {0xD7B0, 0xD7C6}, {0xD7CB, 0xD7FB}, {0xF900, 0xFA6D}, {0xFA70, 0xFAD9}, {0xFB00, 0xFB06},
    {0xFB13, 0xFB17}, {0xFB1D, 0xFB1D}, {0xFB1F, 0xFB28}, {0xFB2A, 0xFB36}, {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E}, {0xFB40, 0xFB41}, {0xFB43, 0xFB44}, {0xFB46, 0xFBB1}, {0xFBD3, 0xFD3D},
    {0xFD50, 0xFD8F}, {0xFD92, 0xFDC7}, {0xFDF0, 0xFDFB}, {0xFE70, 0xFE74}, {0xFE76, 0xFEFC},
    {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFBE}, {0xFFC2, 0xFFC7}, {0xFFCA, 0xFFCF},
    {0xFFD2, 0xFFD7}, {0xFFDA, 0xFFDC}, {0x10000, 0x1000B}, {0x1000D, 0x10026}, {0x10028, 0x1003A},
    {0x1003C, 0x1003D}, {0x1003F, 0x1004D}, {0x10050, 0x1005D}, {0x10080, 0x100FA},
    {0x10280, 0x1029C}, {0x102A0, 0x102D0}, {0x10300, 0x1031F}, {0x1032D, 0x10340},
    {0x10342, 0x10349}, {0x10350, 0x10375}, {0x10380, 0x1039D}, {0x103A0, 0x103C3},
    {0x103C8, 0x103CF}, {0x10400, 0x1049D}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10500, 0x10527}, {0x10530, 0x10563}, {0x10570, 0x1057A}, {0x1057C, 0x1058A},
    {0x1058C, 0x10592}, {0x10594, 0x10595}, {0x10597, 0x105A1}, {0x105A3, 0x105B1},
    {0x105B3, 0x105B9}, {0x105BB, 0x105BC}, {0x10600, 0x10736}, {0x10740, 0x10755},
    {0x10760, 0x10767}, {0x10780, 0x10785}, {0x10787, 0x107B0}, {0x107B2, 0x107BA},
    {0x10800, 0x10805}, {0x10808, 0x10808}, {0x1080A, 0x10835}, {0x10837, 0x10838},
    {0x1083C, 0x1083C}, {0x1083F, 0x10855}, {0x10860, 0x10876}, {0x10880, 0x1089E},
    {0x108E0, 0x108F2}, {0x108F4, 0x108F5}, {0x10900, 0x10915}, {0x10920, 0x10939},
    {0x10980, 0x109B7}, {0x109BE, 0x109BF}, {0x10A00, 0x10A00}, {0x10A10, 0x10A13},
    {0x10A15, 0x10A17}, {0x10A19, 0x10A35}, {0x10A60, 0x10A7C}, {0x10A80, 0x10A9C},
    {0x10AC0, 0x10AC7}, {0x10AC9, 0x10AE4}, {0x10B00, 0x10B35}, {0x10B40, 0x10B55},
    {0x10B60, 0x10B72}, {0x10B80, 0x10B91}, {0x10C00, 0x10C48}, {0x10C80, 0x10CB2},
    {0x10CC0, 0x10CF2}, {0x10D00, 0x10D23}, {0x10E80, 0x10EA9}, {0x10EB0, 0x10EB1},
    {0x10F00, 0x10F1C}, {0x10F27, 0x10F27}, {0x10F30, 0x10F45}, {0x10F70, 0x10F81},
    {0x10FB0, 0x10FC4}, {0x10FE0, 0x10FF6}, {0x11003, 0x11037}, {0x11071, 0x11072},
    {0x11075, 0x11075}, {0x11083, 0x110AF}, {0x110D0, 0x110E8}, {0x11103, 0x11126},
    {0x11144, 0x11144}, {0x11147, 0x11147}, {0x11150, 0x11172}, {0x11176, 0x11176},
    {0x11183, 0x111B2}, {0x111C1, 0x111C4}, {0x111DA, 0x111DA}, {0x111DC, 0x111DC},
    {0x11200, 0x11211}, {0x11213, 0x1122B}, {0x1123F, 0x11240}, {0x11280, 0x11286},
    {0x11288, 0x11288}, {0x1128A, 0x1128D}, {0x1128F, 0x1129D}, {0x1129F, 0x112A8},
    {0x112B0, 0x112DE}, {0x11305, 0x1130C}, {0x1130F, 0x11310}, {0x11313, 0x11328},
    {0x1132A, 0x11330}, {0x11332, 0x11333}, {0x11335, 0x11339}, {0x1133D, 0x1133D},
    {0x11350, 0x11350}, {0x1135D, 0x11361}, {0x11400, 0x11434}, {0x11447, 0x1144A},
    {0x1145F, 0x11461}, {0x11480, 0x114AF}, {0x114C4, 0x114C5}, {0x114C7, 0x114C7},
    {0x11580, 0x115AE}, {0x115D8, 0x115DB}, {0x11600, 0x1162F}, {0x11644, 0x11644},
    {0x11680, 0x116AA}, {0x116B8, 0x116B8}, {0x11700, 0x1171A}, {0x11740, 0x11746},
    {0x11800, 0x1182B}, {0x118A0, 0x118DF}, {0x118FF, 0x11906}, {0x11909, 0x11909},
    {0x1190C, 0x11913}, {0x11915, 0x11916}, {0x11918, 0x1192F}, {0x1193F, 0x1193F},
    {0x11941, 0x11941}, {0x119A0, 0x119A7}, {0x119AA, 0x119D0}, {0x119E1, 0x119E1},
    {0x119E3, 0x119E3}, {0x11A00, 0x11A00}, {0x11A0B, 0x11A32}, {0x11A3A, 0x11A3A},
    {0x11A50, 0x11A50}, {0x11A5C, 0x11A89}, {0x11A9D, 0x11A9D}, {0x11AB0, 0x11AF8},
    {0x11C00, 0x11C08}, {0x11C0A, 0x11C2E}, {0x11C40, 0x11C40}, {0x11C72, 0x11C8F},
    {0x11D00, 0x11D06}, {0x11D08, 0x11D09}, {0x11D0B, 0x11D30}, {0x11D46, 0x11D46},
    {0x11D60, 0x11D65}, {0x11D67, 0x11D68}, {0x11D6A, 0x11D89}, {0x11D98, 0x11D98},
    {0x11EE0, 0x11EF2}, {0x11F02, 0x11F02}, {0x11F04, 0x11F10}, {0x11F12, 0x11F33},
    {0x11FB0, 0x11FB0}, {0x12000, 0x12399}, {0x12480, 0x12543}, {0x12F90, 0x12FF0},
    {0x13000, 0x1342F}, {0x13441, 0x13446}, {0x14400, 0x14646}, {0x16800, 0x16A38},
    {0x16A40, 0x16A5E}, {0x16A70, 0x16ABE}, {0x16AD0, 0x16AED}, {0x16B00, 0x16B2F},
    {0x16B40, 0x16B43}, {0x16B63, 0x16B77}, {0x16B7D, 0x16B8F}, {0x16E40, 0x16E7F},
    {0x16F00, 0x16F4A}, {0x16F50, 0x16F50}, {0x16F93, 0x16F9F}, {0x16FE0, 0x16FE1},
    {0x16FE3, 0x16FE3}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
    {0x1B132, 0x1B132}, {0x1B150, 0x1B152}, {0x1B155, 0x1B155}, {0x1B164, 0x1B167},
    {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A}, {0x1BC70, 0x1BC7C}, {0x1BC80, 0x1BC88},
    {0x1BC90, 0x1BC99}, {0x1D400, 0x1D454}, {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F},
    {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6}, {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9},
    {0x1D4BB, 0x1D4BB}, {0x1D4BD, 0x1D4C3}, {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A},
    {0x1D50D, 0x1D514}, {0x1D516, 0x1D51C}, {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E},
    {0x1D540, 0x1D544}, {0x1D546, 0x1D546}, {0x1D54A, 0x1D550}, {0x1D552, 0x1D6A5},
    {0x1D6A8, 0x1D6C0}, {0x1D6C2, 0x1D6DA}, {0x1D6DC, 0x1D6FA}, {0x1D6FC, 0x1D714},
    {0x1D716, 0x1D734}, {0x1D736, 0x1D74E}, {0x1D750, 0x1D76E}, {0x1D770, 0x1D788},
    {0x1D78A, 0x1D7A8}, {0x1D7AA, 0x1D7C2}, {0x1D7C4, 0x1D7CB}, {0x1DF00, 0x1DF1E},
    {0x1DF25, 0x1DF2A}, {0x1E030, 0x1E06D}, {0x1E100, 0x1E12C}, {0x1E137, 0x1E13D},
    {0x1E14E, 0x1E14E}, {0x1E290, 0x1E2AD}, {0x1E2C0, 0x1E2EB}, {0x1E4D0, 0x1E4EB},
    {0x1E7E0, 0x1E7E6}, {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE}, {0x1E7F0, 0x1E7FE},
    {0x1E800, 0x1E8C4}, {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B}, {0x1EE00, 0x1EE03},
    {0x1EE05, 0x1EE1F}, {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24}, {0x1EE27, 0x1EE27},
    {0x1EE29, 0x1EE32}, {0x1EE34, 0x1EE37}, {0x1EE39, 0x1EE39}, {0x1EE3B, 0x1EE3B},
    {0x1EE42, 0x1EE42}, {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49}, {0x1EE4B, 0x1EE4B},
    {0x1EE4D, 0x1EE4F}, {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54}, {0x1EE57, 0x1EE57},
    {0x1EE59, 0x1EE59}, {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D}, {0x1EE5F, 0x1EE5F},
    {0x1EE61, 0x1EE62}, {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A}, {0x1EE6C, 0x1EE72},
    {0x1EE74, 0x1EE77}, {0x1EE79, 0x1EE7C}, {0x1EE7E, 0x1EE7E}, {0x1EE80, 0x1EE89},
    {0x1EE8B, 0x1EE9B}, {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9}, {0x1EEAB, 0x1EEBB},
    {0x20000, 0x2A6DF}, {0x2A700, 0x2B739}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1},
    {0x2CEB0, 0x2EBE0}, {0x2F800, 0x2FA1D}, {0x30000, 0x3134A}, {0x31350, 0x323AF},
};
constexpr CodeRange kDigitRanges[] = {
    {0x660, 0x669}, {0x6F0, 0x6F9}, {0x7C0, 0x7C9}, {0x966, 0x96F}, {0x9E6, 0x9EF}, {0xA66, 0xA6F},
    {0xAE6, 0xAEF}, {0xB66, 0xB6F}, {0xBE6, 0xBEF}, {0xC66, 0xC6F}, {0xCE6, 0xCEF}, {0xD66, 0xD6F},
    {0xDE6, 0xDEF}, {0xE50, 0xE59}, {0xED0, 0xED9}, {0xF20, 0xF29}, {0x1040, 0x1049},
    {0x1090, 0x1099}, {0x17E0, 0x17E9}, {0x1810, 0x1819}, {0x1946, 0x194F}, {0x19D0, 0x19D9},
    {0x1A80, 0x1A89}, {0x1A90, 0x1A99}, {0x1B50, 0x1B59}, {0x1BB0, 0x1BB9}, {0x1C40, 0x1C49},
    {0x1C50, 0x1C59}, {0xA620, 0xA629}, {0xA8D0, 0xA8D9}, {0xA900, 0xA909}, {0xA9D0, 0xA9D9},
    {0xA9F0, 0xA9F9}, {0xAA50, 0xAA59}, {0xABF0, 0xABF9}, {0xFF10, 0xFF19}, {0x104A0, 0x104A9},
    {0x10D30, 0x10D39}, {0x11066, 0x1106F}, {0x110F0, 0x110F9}, {0x11136, 0x1113F},
    {0x111D0, 0x111D9}, {0x112F0, 0x112F9}, {0x11450, 0x11459}, {0x114D0, 0x114D9},
    {0x11650, 0x11659}, {0x116C0, 0x116C9}, {0x11730, 0x11739}, {0x118E0, 0x118E9},
    {0x11950, 0x11959}, {0x11C50, 0x11C59}, {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9},
    {0x11F50, 0x11F59}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9}, {0x16B50, 0x16B59},
    {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9}, {0x1E4F0, 0x1E4F9},
    {0x1E950, 0x1E959}, {0x1FBF0, 0x1FBF9},
};

std::span<const CodeRange> LetterRanges() { return kLetterRanges; }
std::span<const CodeRange> DigitRanges() { return kDigitRanges; }

}  // namespace

Status ReadJsonLikeGoYaml(std::string_view json, GValue* out) {
  std::string rewritten;
  KUBECXX_RETURN_IF_ERROR(ScanLikeGoYaml(json, &rewritten));
  if (!rewritten.empty()) json = rewritten;
  JsonReader reader(json);
  if (!ReadJsonValue(&reader, out) || !reader.ExpectEnd()) return reader.status();
  return Status::Ok();
}

std::string EmitYaml(const GValue& value) {
  std::string out;
  Emitter(&out).EmitDocument(value);
  return out;
}

}  // namespace kubecxx::codec::yaml_internal
