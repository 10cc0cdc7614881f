#include "tools/kubecxx/codec_command.h"

#include <iostream>
#include <iterator>
#include <sstream>

#include "lib/codec/json_writer.h"
#include "lib/model/wire.h"

namespace kubecxx::tools {
namespace {

constexpr std::string_view kUsage =
    "Usage: kubecxx codec --to json|yaml|protobuf [--strict] [--indent N]\n"
    "\n"
    "Reads one Kubernetes API object or list from stdin in JSON, YAML or protobuf\n"
    "(\"k8s\\0\" envelope; the format is detected) and writes it in the format asked.\n"
    "  --to FORMAT   json (indented like `kubectl -o json`), yaml, or protobuf\n"
    "  --strict      reject unknown and duplicate fields, as the apiserver's\n"
    "                fieldValidation=Strict does\n"
    "  --indent N    JSON indentation in spaces (default 4; 0 = compact)\n";

struct Options {
  codec::WireFormat to = codec::WireFormat::kJson;
  bool strict = false;
  int indent = 4;
};

// Parses flags (--flag value and --flag=value); "" on success, else the error.
std::string ParseFlags(const std::vector<std::string>& args, Options* o) {
  bool have_to = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i], value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto take_value = [&]() {
      if (has_value) return true;
      if (i + 1 >= args.size()) return false;
      value = args[++i];
      return true;
    };
    if (name == "--strict") {
      o->strict = !has_value || value == "true";
    } else if (name == "--to") {
      if (!take_value()) return "flag needs an argument: --to";
      if (value == "json") {
        o->to = codec::WireFormat::kJson;
      } else if (value == "yaml") {
        o->to = codec::WireFormat::kYaml;
      } else if (value == "protobuf") {
        o->to = codec::WireFormat::kProtobuf;
      } else {
        return "invalid value \"" + value + "\" for --to: want json, yaml or protobuf";
      }
      have_to = true;
    } else if (name == "--indent") {
      if (!take_value()) return "flag needs an argument: --indent";
      if (value.empty() || value.size() > 2 || value.find_first_not_of("0123456789") != std::string::npos) {
        return "invalid value \"" + value + "\" for --indent: want 0..99";
      }
      o->indent = std::stoi(value);
    } else {
      return "unknown flag: " + args[i];
    }
  }
  if (!have_to) return "required flag --to not set";
  return "";
}

}  // namespace

int RunCodecCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                    std::ostream& err) {
  for (const auto& a : args) {
    if (a == "-h" || a == "--help") {
      out << kUsage;
      return 0;
    }
  }
  Options o;
  if (std::string e = ParseFlags(args, &o); !e.empty()) {
    err << "error: " << e << "\n\n" << kUsage;
    return 2;
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  codec::WireFormat from = codec::DetectWireFormat(data);
  auto obj = codec::DecodeObject(data, from, codec::DecodeOptions{.strict = o.strict});
  if (!obj.ok()) {
    err << "error: decoding " << codec::WireFormatName(from) << ": " << obj.status().message() << "\n";
    return 1;
  }
  if (o.to == codec::WireFormat::kJson) {
    std::string json = codec::EncodeJson(*obj);
    out << (o.indent == 0 ? json : codec::IndentJson(json, std::string(o.indent, ' '))) << "\n";
    return 0;
  }
  auto encoded = codec::EncodeObject(*obj, o.to);
  if (!encoded.ok()) {
    err << "error: encoding " << codec::WireFormatName(o.to) << ": " << encoded.status().message() << "\n";
    return 1;
  }
  out << *encoded;
  return 0;
}

}  // namespace kubecxx::tools
