#include "lib/client/kubeconfig.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "lib/codec/json_reader.h"
#include "lib/codec/yaml.h"

namespace kubecxx::client {
namespace {

using codec::JsonReader;
using codec::JsonType;

// Calls on_field(key) for each member of an object (null reads as empty).
template <typename OnField>
bool ReadObject(JsonReader& r, OnField on_field) {
  if (r.TryNull()) {
    return true;
  }
  if (!r.BeginObject()) {
    return false;
  }
  std::string_view view;
  while (r.NextKey(&view)) {
    std::string key(view);
    r.PushField(key);
    bool ok = on_field(key);
    r.Pop();
    if (!ok) {
      return false;
    }
  }
  return r.ok();
}

template <typename OnElement>
bool ReadArray(JsonReader& r, OnElement on_element) {
  if (r.TryNull()) {
    return true;
  }
  if (!r.BeginArray()) {
    return false;
  }
  for (int64_t i = 0; r.NextElement(); ++i) {
    r.PushIndex(i);
    bool ok = on_element();
    r.Pop();
    if (!ok) {
      return false;
    }
  }
  return r.ok();
}

bool ReadStr(JsonReader& r, std::string* out) {
  if (r.TryNull()) {
    out->clear();
    return true;
  }
  return r.ReadString(out);
}

bool ReadBool(JsonReader& r, bool* out) {
  if (r.TryNull()) {
    *out = false;
    return true;
  }
  return r.ReadBool(out);
}

bool ReadBytes(JsonReader& r, std::string* out) {
  if (r.TryNull()) {
    out->clear();
    return true;
  }
  return r.ReadBase64(out);
}

bool ReadStrings(JsonReader& r, std::vector<std::string>* out) {
  return ReadArray(r, [&] {
    out->emplace_back();
    return ReadStr(r, &out->back());
  });
}

bool ReadExec(JsonReader& r, ExecConfig* exec) {
  return ReadObject(r, [&](const std::string& key) {
    if (key == "command") return ReadStr(r, &exec->command);
    if (key == "args") return ReadStrings(r, &exec->args);
    if (key == "apiVersion") return ReadStr(r, &exec->api_version);
    if (key == "installHint") return ReadStr(r, &exec->install_hint);
    if (key == "provideClusterInfo") return ReadBool(r, &exec->provide_cluster_info);
    if (key == "interactiveMode") return ReadStr(r, &exec->interactive_mode);
    if (key == "env") {
      return ReadArray(r, [&] {
        ExecEnvVar var;
        bool ok = ReadObject(r, [&](const std::string& k) {
          if (k == "name") return ReadStr(r, &var.name);
          if (k == "value") return ReadStr(r, &var.value);
          return r.Skip();
        });
        exec->env.push_back(std::move(var));
        return ok;
      });
    }
    return r.Skip();
  });
}

bool ReadCluster(JsonReader& r, Cluster* c) {
  return ReadObject(r, [&](const std::string& key) {
    if (key == "server") return ReadStr(r, &c->server);
    if (key == "tls-server-name") return ReadStr(r, &c->tls_server_name);
    if (key == "insecure-skip-tls-verify") return ReadBool(r, &c->insecure_skip_tls_verify);
    if (key == "certificate-authority") return ReadStr(r, &c->certificate_authority);
    if (key == "certificate-authority-data") return ReadBytes(r, &c->certificate_authority_data);
    if (key == "proxy-url") return ReadStr(r, &c->proxy_url);
    if (key == "disable-compression") return ReadBool(r, &c->disable_compression);
    if (key == "extensions") {
      return ReadArray(r, [&] {
        std::string name;
        std::string raw;
        bool ok = ReadObject(r, [&](const std::string& k) {
          if (k == "name") return ReadStr(r, &name);
          if (k == "extension") {
            std::string_view v;
            if (!r.ReadRaw(&v)) return false;
            raw = std::string(v);
            return true;
          }
          return r.Skip();
        });
        if (ok && name == kExecClusterExtension) {
          c->exec_extension_json = raw;
        }
        return ok;
      });
    }
    return r.Skip();
  });
}

bool ReadAuthInfo(JsonReader& r, AuthInfo* a) {
  return ReadObject(r, [&](const std::string& key) {
    if (key == "client-certificate") return ReadStr(r, &a->client_certificate);
    if (key == "client-certificate-data") return ReadBytes(r, &a->client_certificate_data);
    if (key == "client-key") return ReadStr(r, &a->client_key);
    if (key == "client-key-data") return ReadBytes(r, &a->client_key_data);
    if (key == "token") return ReadStr(r, &a->token);
    if (key == "tokenFile") return ReadStr(r, &a->token_file);
    if (key == "as") return ReadStr(r, &a->impersonate);
    if (key == "as-uid") return ReadStr(r, &a->impersonate_uid);
    if (key == "as-groups") return ReadStrings(r, &a->impersonate_groups);
    if (key == "username") return ReadStr(r, &a->username);
    if (key == "password") return ReadStr(r, &a->password);
    if (key == "auth-provider") {
      a->has_auth_provider = r.Peek() != JsonType::kNull;
      return r.Skip();
    }
    if (key == "exec") {
      if (r.TryNull()) return true;
      a->exec.emplace();
      return ReadExec(r, &*a->exec);
    }
    return r.Skip();
  });
}

bool ReadContext(JsonReader& r, Context* c) {
  return ReadObject(r, [&](const std::string& key) {
    if (key == "cluster") return ReadStr(r, &c->cluster);
    if (key == "user") return ReadStr(r, &c->user);
    if (key == "namespace") return ReadStr(r, &c->namespace_name);
    return r.Skip();
  });
}

// A named list ("clusters", "users", "contexts") into a map; duplicates are an error.
template <typename T, typename ReadValue>
bool ReadNamedList(JsonReader& r, const char* list, const char* value_key,
                   std::map<std::string, T>* out, std::string* duplicate, ReadValue read_value) {
  return ReadArray(r, [&] {
    std::string name;
    T value;
    if (!ReadObject(r, [&](const std::string& k) {
          if (k == "name") return ReadStr(r, &name);
          if (k == value_key) return read_value(r, &value);
          return r.Skip();
        })) {
      return false;
    }
    if (!out->emplace(name, std::move(value)).second) {
      *duplicate = "duplicate name \"" + name + "\" in " + list + " list";
      return false;
    }
    return true;
  });
}

void SetDefaults(KubeConfig* config) {
  for (auto& [name, user] : config->users) {
    if (user.exec && user.exec->interactive_mode.empty() &&
        (user.exec->api_version == "client.authentication.k8s.io/v1beta1" ||
         user.exec->api_version == "client.authentication.k8s.io/v1alpha1")) {
      user.exec->interactive_mode = "IfAvailable";
    }
  }
}

void Resolve(std::string* path, const std::filesystem::path& base) {
  if (!path->empty() && path->front() != '/') {
    *path = (base / *path).lexically_normal().string();
  }
}

std::filesystem::path BaseDir(const std::string& origin) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(origin, ec);
  return (ec ? std::filesystem::path(origin) : abs).parent_path();
}

}  // namespace

StatusOr<KubeConfig> ParseKubeConfig(std::string_view text) {
  KubeConfig config;
  if (text.empty()) {
    return config;
  }
  StatusOr<std::string> json = codec::YamlToJson(text);
  if (!json.ok()) {
    return json.status();
  }
  JsonReader r(*json);
  std::string duplicate;
  bool ok = ReadObject(r, [&](const std::string& key) {
    if (key == "clusters") {
      return ReadNamedList(r, "clusters", "cluster", &config.clusters, &duplicate, ReadCluster);
    }
    if (key == "users") {
      return ReadNamedList(r, "users", "user", &config.users, &duplicate, ReadAuthInfo);
    }
    if (key == "contexts") {
      return ReadNamedList(r, "contexts", "context", &config.contexts, &duplicate, ReadContext);
    }
    if (key == "current-context") return ReadStr(r, &config.current_context);
    return r.Skip();
  });
  if (!duplicate.empty()) {
    return Status::Invalid(duplicate);
  }
  if (!ok || !r.ok()) {
    return r.status();
  }
  SetDefaults(&config);
  return config;
}

StatusOr<KubeConfig> LoadKubeConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    if (err == ENOENT) {
      return Status(StatusCode::kNotFound, "stat " + path + ": no such file or directory");
    }
    return Status::Invalid("open " + path + ": " + std::strerror(err));
  }
  std::ostringstream data;
  data << in.rdbuf();
  StatusOr<KubeConfig> config = ParseKubeConfig(data.str());
  if (!config.ok()) {
    return Status::Invalid("error loading config file \"" + path + "\": " +
                           config.status().message());
  }
  for (auto& [name, c] : config->clusters) c.location_of_origin = path;
  for (auto& [name, u] : config->users) u.location_of_origin = path;
  for (auto& [name, c] : config->contexts) c.location_of_origin = path;
  return config;
}

std::vector<std::string> DefaultPrecedence(std::string_view kubeconfig_env,
                                           std::string_view home) {
  std::vector<std::string> out;
  if (kubeconfig_env.empty()) {
    out.push_back(std::string(home) + "/.kube/config");
    return out;
  }
  std::set<std::string> seen;
  size_t start = 0;
  while (start <= kubeconfig_env.size()) {
    size_t end = kubeconfig_env.find(':', start);
    if (end == std::string_view::npos) end = kubeconfig_env.size();
    std::string entry(kubeconfig_env.substr(start, end - start));
    if (!entry.empty() && seen.insert(entry).second) {
      out.push_back(std::move(entry));
    }
    start = end + 1;
  }
  return out;
}

void MergeKubeConfig(KubeConfig* dst, const KubeConfig& src) {
  for (const auto& [name, c] : src.clusters) dst->clusters.emplace(name, c);
  for (const auto& [name, u] : src.users) dst->users.emplace(name, u);
  for (const auto& [name, c] : src.contexts) dst->contexts.emplace(name, c);
  if (dst->current_context.empty()) {
    dst->current_context = src.current_context;
  }
}

void ResolveLocalPaths(KubeConfig* config) {
  for (auto& [name, c] : config->clusters) {
    if (c.location_of_origin.empty()) continue;
    std::filesystem::path base = BaseDir(c.location_of_origin);
    Resolve(&c.certificate_authority, base);
  }
  for (auto& [name, u] : config->users) {
    if (u.location_of_origin.empty()) continue;
    std::filesystem::path base = BaseDir(u.location_of_origin);
    Resolve(&u.client_certificate, base);
    Resolve(&u.client_key, base);
    Resolve(&u.token_file, base);
    if (u.exec && u.exec->command.find('/') != std::string::npos) {
      Resolve(&u.exec->command, base);
    }
  }
}

StatusOr<KubeConfig> LoadKubeConfigs(const LoadingRules& rules) {
  std::vector<std::string> files;
  if (!rules.explicit_path.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(rules.explicit_path, ec)) {
      return Status(StatusCode::kNotFound,
                    "stat " + rules.explicit_path + ": no such file or directory");
    }
    files.push_back(rules.explicit_path);
  } else {
    files = rules.precedence;
  }
  KubeConfig merged;
  std::string errors;
  for (const std::string& file : files) {
    if (file.empty()) continue;
    StatusOr<KubeConfig> config = LoadKubeConfigFile(file);
    if (!config.ok()) {
      if (config.status().code() == StatusCode::kNotFound) continue;  // missing: skipped
      errors += (errors.empty() ? "" : ", ") + config.status().message();
      continue;
    }
    MergeKubeConfig(&merged, *config);
  }
  if (!errors.empty()) {
    return Status::Invalid(errors);
  }
  ResolveLocalPaths(&merged);
  return merged;
}

}  // namespace kubecxx::client
