// Reading YAML as sigs.k8s.io/yaml.YAMLToJSON does, and the two public entry points.
//
// yaml-cpp turns the text into events; we rebuild go-yaml's node tree from them and
// run a port of go-yaml's decoder into interface{} (decode.go), then write JSON the
// way encoding/json marshals that generic value. Where yaml-cpp (YAML 1.2) and libyaml
// (YAML 1.1, which go-yaml is a port of) read the same text differently, the tree
// builder below corrects for it from the source text. Writing lives in yaml_emitter.cc.
#include "lib/codec/yaml.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "lib/api/go_strconv.h"
#include "lib/base/base64.h"
#include "lib/base/utf8.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/yaml_internal.h"

namespace kubecxx::codec {
namespace {

using yaml_internal::CheckYamlReadable;
using yaml_internal::EmitYaml;
using yaml_internal::GoFormatFloatG;
using yaml_internal::GValue;
using yaml_internal::IsDigit;
using yaml_internal::kBinaryTag;
using yaml_internal::kMergeTag;
using yaml_internal::kTimestampTag;
using yaml_internal::LiveEntries;
using yaml_internal::Lower;
using yaml_internal::ReadJsonLikeGoYaml;
using yaml_internal::Resolve;
using yaml_internal::YamlFloatText;

// ---------------------------------------------------------------------------
// YAML text -> go-yaml's node tree, from yaml-cpp's event stream.

struct YNode {
  enum class Kind : uint8_t { kScalar, kMapping, kSequence, kAlias };
  Kind kind = Kind::kScalar;
  int line = 0, column = 0;  // 0-based, as yaml-cpp reports them
  int pos = 0;               // byte offset of the node's first token
  bool flow = false;         // collection written in flow style ([...] or {...})
  std::string tag;           // long form; empty when the node has no explicit tag
  std::string value;         // scalar text; for an alias, the anchor name
  bool implicit = false;     // untagged plain scalar (libyaml's plain_implicit)
  std::vector<YNode*> children;
  const YNode* alias = nullptr;
};

// yaml-cpp 0.7 decodes the escapes \N and \_ to the single bytes 0x85 and 0xA0
// instead of UTF-8. The input was checked to be UTF-8, so a stray byte can only
// come from them; give it its UTF-8 form (U+0085, U+00A0) as go-yaml does.
std::string FixLatin1Escapes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n > 0) {
      out.append(s, i, n);
      i += n;
    } else {
      AppendUtf8(&out, static_cast<unsigned char>(s[i]));
      ++i;
    }
  }
  return out;
}

// yaml-cpp accepts a few malformed documents that libyaml rejects; the checks that
// matter for hand-written manifests are made here, from events and the source text,
// and reported the way yaml-cpp reports its own errors.
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(std::string_view text) : text_(text) {}

  const YNode* root() const { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_ = name; }
  // yaml-cpp reports untagged plain "", "~", "null", "Null", "NULL" as null; go-yaml
  // resolves every one of them to null too.
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // In a block mapping yaml-cpp reads a key without ':' ("a: 1\nb\n") as a key with a
    // null value, marked where the key is; libyaml requires the ':'.
    const YNode* parent = stack_.empty() ? nullptr : stack_.back();
    if (parent != nullptr && parent->kind == YNode::Kind::kMapping && !parent->flow &&
        parent->children.size() % 2 == 1 && parent->children.back()->pos == mark.pos) {
      throw YAML::ParserException(mark, "could not find expected ':'");
    }
    YNode* n = Add(YNode::Kind::kScalar, mark, anchor);
    n->implicit = true;
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YNode* n = Add(YNode::Kind::kScalar, mark, anchor);
    size_t pos = static_cast<size_t>(std::max(mark.pos, 0));
    if (tag == "!" && pos < text_.size() && (text_[pos] == '"' || text_[pos] == '\'')) {
      n->value = ScanQuoted(mark, pos);
    } else {
      n->value = FixLatin1Escapes(value);
    }
    // yaml-cpp: "?" = untagged plain, "!" = untagged quoted/block (or the "!" tag,
    // which go-yaml also decodes as a string).
    if (tag == "?") {
      n->implicit = true;
    } else if (tag != "!") {
      n->tag = tag;
    }
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    YNode* n = Add(YNode::Kind::kSequence, mark, anchor);
    if (tag != "?" && tag != "!") n->tag = tag;
    n->flow = style == YAML::EmitterStyle::Flow;
    stack_.push_back(n);
  }
  void OnSequenceEnd() override { stack_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    YNode* n = Add(YNode::Kind::kMapping, mark, anchor);
    if (tag != "?" && tag != "!") n->tag = tag;
    n->flow = style == YAML::EmitterStyle::Flow;
    stack_.push_back(n);
  }
  void OnMapEnd() override { stack_.pop_back(); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YNode* n = Add(YNode::Kind::kAlias, mark, YAML::NullAnchor);
    auto it = anchors_.find(anchor);
    if (it != anchors_.end()) {
      n->alias = it->second.first;
      n->value = it->second.second;
    }
  }

 private:
  // libyaml's yaml_parser_scan_flow_scalar, re-run on the source of a quoted scalar:
  // yaml-cpp differs on unterminated scalars (it stops at the end of input), on the
  // escapes it knows (it has "\/"; it writes \N and \_ as Latin-1) and on U+2028/U+2029,
  // which YAML 1.1 folds as line breaks and yaml-cpp keeps as text.
  // REQUIRES: text_[pos] is the opening quote.
  std::string ScanQuoted(const YAML::Mark& mark, size_t pos) const {
    std::string_view t = text_;
    const bool single = t[pos] == '\'';
    auto fail = [&](const char* problem) { throw YAML::ParserException(mark, problem); };
    auto at = [&](size_t i) { return i < t.size() ? t[i] : '\0'; };
    // Width of the line break at i (CR LF counts as one), or 0.
    auto break_width = [&](size_t i) -> size_t {
      if (at(i) == '\r') return at(i + 1) == '\n' ? 2 : 1;
      if (at(i) == '\n') return 1;
      if (t.substr(std::min(i, t.size())).starts_with("\xE2\x80\xA8") ||
          t.substr(std::min(i, t.size())).starts_with("\xE2\x80\xA9")) {
        return 3;
      }
      return 0;
    };
    // read_line: CR, LF and CR LF read as "\n"; LS and PS as themselves.
    auto read_line = [&](size_t* i, std::string* out) {
      size_t w = break_width(*i);
      out->append(w == 3 ? std::string(t.substr(*i, 3)) : std::string("\n"));
      *i += w;
    };
    auto is_blank = [&](size_t i) { return at(i) == ' ' || at(i) == '\t'; };
    std::string s, leading_break, trailing_breaks, whitespaces;
    size_t i = pos + 1;
    size_t line_start = std::string_view::npos;  // start of the current line, once one began
    while (true) {
      if (i == line_start && (t.substr(i).starts_with("---") || t.substr(i).starts_with("...")) &&
          (i + 3 >= t.size() || is_blank(i + 3) || break_width(i + 3) > 0)) {
        fail("found unexpected document indicator while scanning a quoted scalar");
      }
      if (i >= t.size()) fail("found unexpected end of stream while scanning a quoted scalar");
      bool leading_blanks = false;
      while (i < t.size() && !is_blank(i) && break_width(i) == 0) {
        char c = t[i];
        if (single && c == '\'' && at(i + 1) == '\'') {
          s.push_back('\'');
          i += 2;
        } else if (c == (single ? '\'' : '"')) {
          break;
        } else if (!single && c == '\\' && break_width(i + 1) > 0) {
          ++i;  // escaped line break: the lines join without a space
          i += break_width(i);
          line_start = i;
          leading_blanks = true;
          break;
        } else if (!single && c == '\\') {
          int code_length = 0;
          char e = at(i + 1);
          switch (e) {
            case '0': s.push_back('\0'); break;
            case 'a': s.push_back('\x07'); break;
            case 'b': s.push_back('\x08'); break;
            case 't': case '\t': s.push_back('\x09'); break;
            case 'n': s.push_back('\x0A'); break;
            case 'v': s.push_back('\x0B'); break;
            case 'f': s.push_back('\x0C'); break;
            case 'r': s.push_back('\x0D'); break;
            case 'e': s.push_back('\x1B'); break;
            case ' ': s.push_back(' '); break;
            case '"': s.push_back('"'); break;
            case '\'': s.push_back('\''); break;
            case '\\': s.push_back('\\'); break;
            case 'N': s.append("\xC2\x85"); break;
            case '_': s.append("\xC2\xA0"); break;
            case 'L': s.append("\xE2\x80\xA8"); break;
            case 'P': s.append("\xE2\x80\xA9"); break;
            case 'x': code_length = 2; break;
            case 'u': code_length = 4; break;
            case 'U': code_length = 8; break;
            default: fail("found unknown escape character while parsing a quoted scalar");
          }
          i += 2;
          if (code_length > 0) {
            uint32_t value = 0;
            for (int k = 0; k < code_length; ++k, ++i) {
              char h = at(i);
              int d = IsDigit(h)                              ? h - '0'
                      : (Lower(h) >= 'a' && Lower(h) <= 'f') ? Lower(h) - 'a' + 10
                                                               : -1;
              if (d < 0) fail("did not find expected hexdecimal number in a quoted scalar");
              value = (value << 4) | static_cast<uint32_t>(d);
            }
            if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
              fail("found invalid Unicode character escape code while parsing a quoted scalar");
            }
            AppendUtf8(&s, value);
          }
        } else {
          size_t w = std::max<size_t>(Utf8SequenceLength(t, i), 1);
          s.append(t.substr(i, w));
          i += w;
        }
      }
      if (i < t.size() && t[i] == (single ? '\'' : '"')) break;
      while (is_blank(i) || break_width(i) > 0) {
        if (is_blank(i)) {
          if (!leading_blanks) whitespaces.push_back(t[i]);
          ++i;
        } else {
          if (!leading_blanks) {
            whitespaces.clear();
            read_line(&i, &leading_break);
            leading_blanks = true;
          } else {
            read_line(&i, &trailing_breaks);
          }
          line_start = i;
        }
      }
      if (leading_blanks) {
        if (!leading_break.empty() && leading_break[0] == '\n') {
          s.append(trailing_breaks.empty() ? std::string(" ") : trailing_breaks);
        } else {
          s.append(leading_break).append(trailing_breaks);
        }
        leading_break.clear();
        trailing_breaks.clear();
      } else {
        s.append(whitespaces);
        whitespaces.clear();
      }
    }
    return s;
  }

  YNode* Add(YNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    YNode* n = &nodes_.emplace_back();
    n->kind = kind;
    n->line = mark.line;
    n->column = mark.column;
    n->pos = mark.pos;
    // Registered before any child is seen, as libyaml does, so `&a [*a]` refers to
    // itself and the decoder reports it instead of recursing forever.
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor] = {n, pending_anchor_};
    }
    if (stack_.empty()) {
      if (root_ == nullptr) root_ = n;
    } else {
      stack_.back()->children.push_back(n);
    }
    return n;
  }

  std::string_view text_;
  std::deque<YNode> nodes_;  // stable addresses
  const YNode* root_ = nullptr;
  std::vector<YNode*> stack_;
  std::unordered_map<YAML::anchor_t, std::pair<const YNode*, std::string>> anchors_;
  std::string pending_anchor_;
};

// Stops yaml-cpp at the start of the next document.
class DocumentStartProbe : public YAML::EventHandler {
 public:
  struct Found {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// go-yaml reads past the first document only far enough to see it end. yaml-cpp
// instead ends a document wherever its content stops fitting ("- a\nb: 1" is two
// documents to it, an error to libyaml). When the first document is a block
// collection (whose end libyaml only finds by reading on), what follows it at its
// indentation or deeper must start with "---" or a directive, or follow a "..." line.
Status CheckFirstDocumentEnds(YAML::Parser* parser, std::string_view text, int root_column) {
  try {
    DocumentStartProbe probe;
    parser->HandleNextDocument(probe);
    return Status::Ok();  // no further document
  } catch (const DocumentStartProbe::Found& found) {
    size_t pos = std::min<size_t>(std::max(found.mark.pos, 0), text.size());
    std::string_view next = text.substr(pos);
    if (next.starts_with("---") || next.starts_with("%")) return Status::Ok();
    // Less indented than the first document: that closed it, and libyaml stops there.
    if (found.mark.column < root_column) return Status::Ok();
    // The last line before it that is not blank or a comment.
    std::string_view before = text.substr(0, pos);
    while (!before.empty()) {
      size_t nl = before.find_last_of('\n', before.size() - 1);
      std::string_view line =
          nl == std::string_view::npos ? before : before.substr(nl + 1);
      before = nl == std::string_view::npos ? std::string_view() : before.substr(0, nl);
      size_t first = line.find_first_not_of(" \t\r");
      if (first == std::string_view::npos || line[first] == '#') continue;
      if (line.starts_with("...")) return Status::Ok();
      break;
    }
    return Status::Invalid("yaml: line " + std::to_string(found.mark.line + 1) + ", column " +
                           std::to_string(found.mark.column + 1) +
                           ": did not find expected <document start> (content does not "
                           "fit the structure above it)");
  } catch (const std::exception&) {
    // Errors inside later documents are not go-yaml's concern: it never reads them.
    return Status::Ok();
  }
}

// ---------------------------------------------------------------------------
// go-yaml's decoder (decode.go) for an interface{} target, followed by
// sigs.k8s.io/yaml's convertToJSONableObject key conversion.

// yaml-cpp's own nesting limit is 2000; aliases can nest deeper than the text does.
constexpr int kMaxDecodeDepth = 2000;

class Decoder {
 public:
  // Strict mode's duplicate keys (go-yaml's "line N: key "k" already set in map", the
  // line of the repeated key's value), collected while decoding; the last value still wins.
  explicit Decoder(std::vector<std::string>* duplicates = nullptr) : duplicates_(duplicates) {}

  Status Decode(const YNode* n, GValue* out) {
    ++decode_count_;
    if (alias_depth_ > 0) ++alias_count_;
    // decode.go's defence against alias bombs ("billion laughs").
    if (alias_count_ > 100 && decode_count_ > 1000 &&
        static_cast<double>(alias_count_) / decode_count_ > AllowedAliasRatio()) {
      return Fail(n, "document contains excessive aliasing");
    }
    if (++depth_ > kMaxDecodeDepth) return Fail(n, "exceeded max depth of 2000");
    Status s = DecodeNode(n, out);
    --depth_;
    return s;
  }

 private:
  double AllowedAliasRatio() const {
    constexpr double kLow = 400000, kHigh = 4000000;
    if (decode_count_ <= kLow) return 0.99;
    if (decode_count_ >= kHigh) return 0.10;
    return 0.99 - 0.89 * ((decode_count_ - kLow) / (kHigh - kLow));
  }

  static Status Fail(const YNode* n, std::string_view message) {
    return Status::Invalid("yaml: line " + std::to_string(n->line + 1) + ", column " +
                           std::to_string(n->column + 1) + ": " + std::string(message));
  }

  Status DecodeNode(const YNode* n, GValue* out) {
    switch (n->kind) {
      case YNode::Kind::kAlias: {
        if (n->alias == nullptr) return Fail(n, "unknown anchor '" + n->value + "' referenced");
        if (std::find(active_aliases_.begin(), active_aliases_.end(), n) !=
            active_aliases_.end()) {
          return Fail(n, "anchor '" + n->value + "' value contains itself");
        }
        active_aliases_.push_back(n);
        ++alias_depth_;
        Status s = Decode(n->alias, out);
        --alias_depth_;
        active_aliases_.pop_back();
        return s;
      }
      case YNode::Kind::kScalar:
        return Scalar(n, out);
      case YNode::Kind::kSequence: {
        *out = GValue();
        out->kind = GValue::Kind::kSeq;
        out->seq.resize(n->children.size());
        for (size_t i = 0; i < n->children.size(); ++i) {
          KUBECXX_RETURN_IF_ERROR(Decode(n->children[i], &out->seq[i]));
        }
        return Status::Ok();
      }
      case YNode::Kind::kMapping:
        return Mapping(n, out);
    }
    return Status::Internal("unknown YAML node kind");
  }

  Status Scalar(const YNode* n, GValue* out) {
    if (n->tag.empty() && !n->implicit) {
      *out = GValue::String(n->value);
      return Status::Ok();
    }
    if (n->tag == kBinaryTag) {
      StatusOr<std::string> data = Base64Decode(n->value);
      if (!data.ok()) return Fail(n, "!!binary value contains invalid base64 data");
      *out = GValue::String(*data);
      return Status::Ok();
    }
    std::string error;
    std::string_view tag = Resolve(n->tag, n->value, out, &error);
    if (tag.empty()) return Fail(n, error);
    // A timestamp decoded into interface{} stays the text it was written as.
    if (tag == kTimestampTag) *out = GValue::String(n->value);
    return Status::Ok();
  }

  static bool IsMerge(const YNode* key) {
    return key->kind == YNode::Kind::kScalar && key->value == "<<" &&
           (key->implicit || key->tag == kMergeTag);
  }

  // decode.go's merge(): the value of `<<` is a map, an alias of one, or a sequence of
  // those, earlier ones taking precedence; keys land in the map being decoded.
  Status Merge(const YNode* n, GValue* out) {
    auto want_map = [&] {
      return Fail(n, "map merge requires map or sequence of maps as the value");
    };
    switch (n->kind) {
      case YNode::Kind::kMapping:
        return Decode(n, out);
      case YNode::Kind::kAlias:
        if (n->alias != nullptr && n->alias->kind != YNode::Kind::kMapping) return want_map();
        return Decode(n, out);
      case YNode::Kind::kSequence:
        for (size_t i = n->children.size(); i-- > 0;) {
          const YNode* c = n->children[i];
          if (c->kind == YNode::Kind::kAlias) {
            if (c->alias != nullptr && c->alias->kind != YNode::Kind::kMapping) return want_map();
          } else if (c->kind != YNode::Kind::kMapping) {
            return want_map();
          }
          KUBECXX_RETURN_IF_ERROR(Decode(c, out));
        }
        return Status::Ok();
      default:
        return want_map();
    }
  }

  // Decodes into *out, which is either a fresh value or (for a merge) the map being
  // filled, whose existing keys later assignments override as in Go.
  Status Mapping(const YNode* n, GValue* out) {
    if (out->kind != GValue::Kind::kMap) {
      *out = GValue();
      out->kind = GValue::Kind::kMap;
    }
    std::set<std::pair<int, std::string>> seen;  // this mapping's keys (NoteKey)
    for (size_t i = 0; i + 1 < n->children.size(); i += 2) {
      const YNode* key_node = n->children[i];
      if (IsMerge(key_node)) {
        KUBECXX_RETURN_IF_ERROR(Merge(n->children[i + 1], out));
        continue;
      }
      GValue key;
      KUBECXX_RETURN_IF_ERROR(Decode(key_node, &key));
      std::string key_text;
      KUBECXX_RETURN_IF_ERROR(KeyString(key_node, key, &key_text));
      GValue value;
      KUBECXX_RETURN_IF_ERROR(Decode(n->children[i + 1], &value));
      if (duplicates_ != nullptr) NoteKey(&seen, key, key_text, n->children[i + 1]);
      out->map.push_back({std::move(key_text), std::move(value)});
    }
    return Status::Ok();
  }

  // Keys are compared as go-yaml's typed values (the string "1" and the integer 1 differ),
  // among the keys written in one mapping.
  void NoteKey(std::set<std::pair<int, std::string>>* seen, const GValue& key,
               const std::string& text, const YNode* value) {
    if (seen->insert({static_cast<int>(key.kind), text}).second) return;
    std::string shown = key.kind == GValue::Kind::kString ? api::GoQuote(text) : text;
    if (key.kind == GValue::Kind::kNull) shown = "<nil>";
    duplicates_->push_back("line " + std::to_string(value->line + 1) + ": key " + shown +
                           " already set in map");
  }

  // sigs.k8s.io/yaml turns YAML's non-string keys into JSON strings.
  static Status KeyString(const YNode* n, const GValue& key, std::string* out) {
    switch (key.kind) {
      case GValue::Kind::kString:
        *out = key.s;
        return Status::Ok();
      case GValue::Kind::kInt:
        *out = std::to_string(key.i);
        return Status::Ok();
      case GValue::Kind::kFloat:
        // float64 keys are printed with float32 precision (yaml.go, "stolen from go-yaml").
        *out = YamlFloatText(key.f, /*as_float32=*/true);
        return Status::Ok();
      case GValue::Kind::kBool:
        *out = key.b ? "true" : "false";
        return Status::Ok();
      case GValue::Kind::kSeq:
      case GValue::Kind::kMap:
        return Fail(n, "invalid map key: a key must be a scalar");
      case GValue::Kind::kUint:
        return Fail(n, "unsupported map key of type: uint64, key: " + std::to_string(key.u));
      case GValue::Kind::kNull:
        return Fail(n, "unsupported map key of type: <nil>");
    }
    return Status::Internal("unknown key kind");
  }

  int decode_count_ = 0;
  int alias_count_ = 0;
  int alias_depth_ = 0;
  int depth_ = 0;
  std::vector<std::string>* duplicates_;
  std::vector<const YNode*> active_aliases_;
};

// encoding/json's Marshal of the generic value: map keys in byte order.
Status WriteJson(const GValue& v, JsonWriter* w) {
  switch (v.kind) {
    case GValue::Kind::kNull:
      w->Null();
      break;
    case GValue::Kind::kBool:
      w->Bool(v.b);
      break;
    case GValue::Kind::kInt:
      w->Int(v.i);
      break;
    case GValue::Kind::kUint:
      w->Uint(v.u);
      break;
    case GValue::Kind::kFloat:
      if (!std::isfinite(v.f)) {
        return Status::Invalid("json: unsupported value: " + GoFormatFloatG(v.f, false));
      }
      w->Double(v.f);
      break;
    case GValue::Kind::kString:
      w->String(v.s);
      break;
    case GValue::Kind::kSeq:
      w->BeginArray();
      for (const GValue& e : v.seq) KUBECXX_RETURN_IF_ERROR(WriteJson(e, w));
      w->EndArray();
      break;
    case GValue::Kind::kMap: {
      std::vector<size_t> live = LiveEntries(v.map);
      std::sort(live.begin(), live.end(),
                [&](size_t a, size_t b) { return v.map[a].key < v.map[b].key; });
      w->BeginObject();
      for (size_t i : live) {
        w->EscapedKey(v.map[i].key);
        KUBECXX_RETURN_IF_ERROR(WriteJson(v.map[i].value, w));
      }
      w->EndObject();
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> YamlToJson(std::string_view yaml, std::vector<std::string>* duplicates) {
  // go-yaml's reader refuses invalid UTF-8 and control characters; yaml-cpp does not.
  KUBECXX_RETURN_IF_ERROR(CheckYamlReadable(yaml));
  // YAML 1.1 (libyaml) treats U+0085 as a line break read as "\n"; yaml-cpp (1.2) as
  // content. Replacing it is exact: libyaml normalises it to "\n" wherever it stands.
  std::string text(yaml);
  // go-yaml's reader drops a leading byte order mark; yaml-cpp would too, but then its
  // marks no longer index `text`.
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  for (size_t i = text.find("\xC2\x85"); i != std::string::npos; i = text.find("\xC2\x85", i)) {
    text.replace(i, 2, "\n");
  }
  TreeBuilder builder(text);
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    // Like go-yaml's Unmarshal, only the first document is read.
    if (parser.HandleNextDocument(builder) && builder.root() != nullptr &&
        builder.root()->kind != YNode::Kind::kScalar && !builder.root()->flow) {
      KUBECXX_RETURN_IF_ERROR(CheckFirstDocumentEnds(&parser, text, builder.root()->column));
    }
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports errors by exception; they stop here and become a Status.
    return Status::Invalid("yaml: line " + std::to_string(e.mark.line + 1) + ", column " +
                           std::to_string(e.mark.column + 1) + ": " + e.msg);
  } catch (const std::exception& e) {
    return Status::Invalid(std::string("yaml: ") + e.what());
  }
  GValue value;
  if (builder.root() != nullptr) {
    Decoder decoder(duplicates);
    KUBECXX_RETURN_IF_ERROR(decoder.Decode(builder.root(), &value));
  }
  std::string out;
  JsonWriter writer(&out);
  KUBECXX_RETURN_IF_ERROR(WriteJson(value, &writer));
  return out;
}

StatusOr<std::string> YamlToJson(std::string_view yaml) { return YamlToJson(yaml, nullptr); }

StatusOr<std::string> JsonToYaml(std::string_view json) {
  // go-yaml's reader drops a leading byte order mark.
  if (json.starts_with("\xEF\xBB\xBF")) json.remove_prefix(3);
  KUBECXX_RETURN_IF_ERROR(CheckYamlReadable(json));
  GValue value;  // empty input is null, as in Go
  if (json.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    KUBECXX_RETURN_IF_ERROR(ReadJsonLikeGoYaml(json, &value));
  }
  return EmitYaml(value);
}

}  // namespace kubecxx::codec
