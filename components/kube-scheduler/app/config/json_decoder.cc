#include "components/kube-scheduler/app/config/json_decoder.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "lib/api/go_strconv.h"
#include "lib/api/time.h"

namespace kubecxx::scheduler::config {

std::string_view GoJsonKind(codec::JsonType t) {
  switch (t) {
    case codec::JsonType::kNull: return "null";
    case codec::JsonType::kBool: return "bool";
    case codec::JsonType::kNumber: return "number";
    case codec::JsonType::kString: return "string";
    case codec::JsonType::kObject: return "object";
    case codec::JsonType::kArray: return "array";
    case codec::JsonType::kInvalid: return "invalid";
  }
  return "invalid";
}

void GoJsonDecoder::TypeError(std::string_view value, std::string_view go_type) {
  if (!error_.empty()) return;
  error_ = "json: cannot unmarshal " + std::string(value) + " into Go ";
  if (structs_.empty() || fields_.empty()) {
    error_ += "value of type " + std::string(go_type);
    return;
  }
  error_ += "struct field " + std::string(structs_.back()) + ".";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) error_ += ".";
    error_ += fields_[i];
  }
  error_ += " of type " + std::string(go_type);
}

bool GoJsonDecoder::Expect(codec::JsonType want, std::string_view go_type) {
  if (failed()) return false;
  codec::JsonType t = r_.Peek();
  if (t == codec::JsonType::kInvalid) {
    r_.Skip();  // records the syntax error
    return false;
  }
  if (t == want) return true;
  TypeError(GoJsonKind(t), go_type);
  r_.Skip();
  return false;
}

bool GoJsonDecoder::Struct(std::string_view struct_name, std::string_view go_type,
                           const std::function<bool(std::string_view key)>& field) {
  if (failed() || r_.TryNull()) return false;
  if (!Expect(codec::JsonType::kObject, go_type)) return false;
  if (!r_.BeginObject()) return false;
  structs_.push_back(struct_name);
  std::string_view key;
  while (!failed() && r_.NextKey(&key)) {
    r_.NoteKey(key);
    std::string k(key);
    if (field(k)) continue;
    r_.UnknownField(k);
    if (!r_.Skip()) break;
  }
  structs_.pop_back();
  return !failed();
}

void GoJsonDecoder::Field(std::string_view name, const std::function<void()>& read) {
  fields_.emplace_back(name);
  r_.PushField(fields_.back());
  read();
  r_.Pop();
  fields_.pop_back();
}

bool GoJsonDecoder::Array(std::string_view go_type, const std::function<void(size_t)>& elem) {
  if (failed() || r_.TryNull()) return false;
  if (!Expect(codec::JsonType::kArray, go_type)) return false;
  if (!r_.BeginArray()) return false;
  size_t i = 0;
  while (!failed() && r_.NextElement()) {
    r_.PushIndex(static_cast<int64_t>(i));
    elem(i);
    r_.Pop();
    ++i;
  }
  return !failed();
}

void GoJsonDecoder::String(std::string* v) {
  if (failed() || r_.TryNull()) return;
  if (Expect(codec::JsonType::kString, "string")) r_.ReadString(v);
}

void GoJsonDecoder::Bool(bool* v) {
  if (failed() || r_.TryNull()) return;
  if (Expect(codec::JsonType::kBool, "bool")) r_.ReadBool(v);
}

bool GoJsonDecoder::ReadInteger(std::string_view go_type, int64_t min, int64_t max, int64_t* out) {
  if (!Expect(codec::JsonType::kNumber, go_type)) return false;
  std::string_view text;
  if (!r_.ReadRaw(&text)) return false;
  auto n = text.find_first_of(".eE") == std::string_view::npos ? api::ParseGoInt64(text)
                                                                 : std::nullopt;
  if (!n || *n < min || *n > max) {
    TypeError("number " + std::string(text), go_type);
    return false;
  }
  *out = *n;
  return true;
}

void GoJsonDecoder::Int32(int32_t* v) {
  if (failed() || r_.TryNull()) return;
  int64_t n = 0;
  if (ReadInteger("int32", INT32_MIN, INT32_MAX, &n)) *v = static_cast<int32_t>(n);
}

void GoJsonDecoder::Int64(int64_t* v) {
  if (failed() || r_.TryNull()) return;
  ReadInteger("int64", INT64_MIN, INT64_MAX, v);
}

void GoJsonDecoder::Float32(float* v) {
  if (failed() || r_.TryNull()) return;
  if (!Expect(codec::JsonType::kNumber, "float32")) return;
  std::string_view text;
  if (!r_.ReadRaw(&text)) return;
  std::string s(text);
  errno = 0;
  double d = std::strtod(s.c_str(), nullptr);
  if (errno == ERANGE || std::fabs(d) > 3.4028234663852886e38) {
    TypeError("number " + s, "float32");
    return;
  }
  *v = static_cast<float>(d);
}

void GoJsonDecoder::Duration(int64_t* v) {
  if (failed()) return;
  std::string s;
  if (!r_.TryNull()) {
    codec::JsonType t = r_.Peek();
    if (t != codec::JsonType::kString) {
      if (t == codec::JsonType::kInvalid) {
        r_.Skip();
        return;
      }
      // metav1.Duration.UnmarshalJSON unmarshals into a plain string: no field context.
      if (error_.empty()) {
        error_ = "json: cannot unmarshal " + std::string(GoJsonKind(t)) +
                 " into Go value of type string";
      }
      r_.Skip();
      return;
    }
    if (!r_.ReadString(&s)) return;
  }
  auto d = api::ParseGoDuration(s);
  if (!d.ok()) {
    if (error_.empty()) error_ = d.status().message();
    return;
  }
  *v = *d;
}

void GoJsonDecoder::Base64(std::string* v) {
  if (failed() || r_.TryNull()) return;
  if (Expect(codec::JsonType::kString, "[]uint8")) r_.ReadBase64(v);
}

void GoJsonDecoder::StringList(std::vector<std::string>* v) {
  if (failed()) return;
  if (r_.Peek() == codec::JsonType::kNull) {
    r_.TryNull();
    v->clear();
    return;
  }
  std::vector<std::string> out;
  Array("[]string", [&](size_t) { String(&out.emplace_back()); });
  if (!failed()) *v = std::move(out);
}

void GoJsonDecoder::Raw(std::string* v) {
  if (failed()) return;
  if (r_.TryNull()) {
    v->clear();
    return;
  }
  std::string_view text;
  if (r_.ReadRaw(&text)) v->assign(text);
}

Status GoJsonDecoder::Finish() {
  if (error_.empty() && r_.ok()) r_.ExpectEnd();
  if (!error_.empty()) return Status::Invalid(error_);
  if (!r_.ok()) return r_.status();
  return Status::Ok();
}

}  // namespace kubecxx::scheduler::config
