#include "lib/client/exec_credential.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "lib/api/time.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/yaml.h"

extern char** environ;

namespace kubecxx::client {
namespace {

constexpr char kExecInfoEnv[] = "KUBERNETES_EXEC_INFO";
constexpr char kInstallHintHelp[] =
    "\n\nIt looks like you are trying to use a client-go credential plugin that is not "
    "installed.\n\nTo learn more about this feature, consult the documentation available "
    "at:\n      https://kubernetes.io/docs/reference/access-authn-authz/authentication/"
    "#client-go-credential-plugins";

bool SupportedVersion(const std::string& v) {
  return v == "client.authentication.k8s.io/v1" || v == "client.authentication.k8s.io/v1beta1";
}

struct ProcessResult {
  int exit_code = 0;
  std::string stdout_text;
};

// Runs argv with envp, stdout captured, stderr inherited, stdin from /dev/null unless
// `interactive`. Errors are the spawn failure (errno) as a Status.
StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                   const std::vector<std::string>& envp, bool interactive,
                                   int* spawn_errno) {
  *spawn_errno = 0;
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  if (!interactive) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (const std::string& e : envp) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    *spawn_errno = rc;
    return Status::Internal(std::strerror(rc));
  }
  ProcessResult result;
  char buf[4096];
  while (true) {
    ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n > 0) {
      result.stdout_text.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Go's exec dedups the environment: a later NAME= wins.
std::vector<std::string> Dedup(const std::vector<std::string>& env) {
  std::map<std::string, size_t> index;
  std::vector<std::string> out;
  for (const std::string& kv : env) {
    std::string name = kv.substr(0, kv.find('='));
    auto it = index.find(name);
    if (it != index.end()) {
      out[it->second] = kv;
    } else {
      index[name] = out.size();
      out.push_back(kv);
    }
  }
  return out;
}

struct ExecStatus {
  std::string api_version;
  std::string kind;
  bool has_status = false;
  std::string token;
  std::string cert;
  std::string key;
  std::string expiration;
};

Status DecodeOutput(std::string_view out, ExecStatus* s) {
  std::string json;
  size_t first = out.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && out[first] == '{') {
    json = std::string(out);
  } else {
    StatusOr<std::string> converted = codec::YamlToJson(out);
    if (!converted.ok()) {
      return Status::Invalid("decoding stdout: " + converted.status().message());
    }
    json = std::move(*converted);
  }
  codec::JsonReader r(json);
  std::string_view key;
  bool ok = r.BeginObject();
  while (ok && r.NextKey(&key)) {
    if (key == "apiVersion") {
      ok = r.ReadString(&s->api_version);
    } else if (key == "kind") {
      ok = r.ReadString(&s->kind);
    } else if (key == "status") {
      if (r.TryNull()) continue;
      s->has_status = true;
      ok = r.BeginObject();
      std::string_view k;
      while (ok && r.NextKey(&k)) {
        if (k == "token") ok = r.ReadString(&s->token);
        else if (k == "clientCertificateData") ok = r.ReadString(&s->cert);
        else if (k == "clientKeyData") ok = r.ReadString(&s->key);
        else if (k == "expirationTimestamp") ok = r.ReadString(&s->expiration);
        else ok = r.Skip();
      }
      ok = ok && r.ok();
    } else {
      ok = r.Skip();
    }
  }
  if (!r.ok()) {
    return Status::Invalid("decoding stdout: " + r.status().message());
  }
  if (s->kind.empty()) {
    return Status::Invalid("decoding stdout: Object 'Kind' is missing in '" + std::string(out) +
                           "'");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<ExecCredentialProvider>> ExecCredentialProvider::Create(
    ExecProviderOptions options) {
  if (!SupportedVersion(options.exec.api_version)) {
    return Status::Invalid("exec plugin: invalid apiVersion \"" + options.exec.api_version + "\"");
  }
  if (options.exec.command.empty()) {
    return Status::Invalid("exec plugin: command must be specified");
  }
  return std::unique_ptr<ExecCredentialProvider>(new ExecCredentialProvider(std::move(options)));
}

ExecCredentialProvider::ExecCredentialProvider(ExecProviderOptions options)
    : options_(std::move(options)) {}

StatusOr<std::string> ExecCredentialProvider::ExecInfo() const {
  bool terminal = options_.stdin_is_terminal.value_or(isatty(STDIN_FILENO) == 1);
  bool interactive = false;
  const std::string& mode = options_.exec.interactive_mode;
  if (mode == "IfAvailable") {
    interactive = terminal;
  } else if (mode == "Always") {
    if (!terminal) {
      return Status::Invalid(
          "exec plugin cannot support interactive mode: standard input is not a terminal");
    }
    interactive = true;
  }
  // runtime.Encode(LegacyCodec): TypeMeta first (kind, apiVersion), then spec; the JSON
  // serializer ends with a newline.
  std::string out;
  codec::JsonWriter w(&out);
  w.BeginObject();
  w.Key("kind");
  w.String("ExecCredential");
  w.Key("apiVersion");
  w.String(options_.exec.api_version);
  w.Key("spec");
  w.BeginObject();
  if (options_.exec.provide_cluster_info && options_.cluster) {
    const ExecClusterInfo& c = *options_.cluster;
    w.Key("cluster");
    w.BeginObject();
    w.Key("server");
    w.String(c.server);
    if (!c.tls_server_name.empty()) {
      w.Key("tls-server-name");
      w.String(c.tls_server_name);
    }
    if (c.insecure_skip_tls_verify) {
      w.Key("insecure-skip-tls-verify");
      w.Bool(true);
    }
    if (!c.certificate_authority_data.empty()) {
      w.Key("certificate-authority-data");
      w.Base64(c.certificate_authority_data);
    }
    if (!c.proxy_url.empty()) {
      w.Key("proxy-url");
      w.String(c.proxy_url);
    }
    if (c.disable_compression) {
      w.Key("disable-compression");
      w.Bool(true);
    }
    w.Key("config");  // a RawExtension: omitempty does not omit it, empty is null
    w.RawValue(c.config_json);
    w.EndObject();
  }
  w.Key("interactive");
  w.Bool(interactive);
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  return out;
}

Status ExecCredentialProvider::RefreshLocked() {
  StatusOr<std::string> info = ExecInfo();
  if (!info.ok()) {
    return info.status();
  }
  bool interactive = info->find("\"interactive\":true") != std::string::npos;
  std::vector<std::string> env;
  if (options_.base_environment) {
    env = *options_.base_environment;
  } else {
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  }
  for (const ExecEnvVar& var : options_.exec.env) env.push_back(var.name + "=" + var.value);
  std::string info_text = *info;
  env.push_back(std::string(kExecInfoEnv) + "=" + info_text);
  std::vector<std::string> argv = {options_.exec.command};
  argv.insert(argv.end(), options_.exec.args.begin(), options_.exec.args.end());

  int spawn_errno = 0;
  StatusOr<ProcessResult> run = RunProcess(argv, Dedup(env), interactive, &spawn_errno);
  const std::string& cmd = options_.exec.command;
  if (!run.ok()) {
    if (spawn_errno == ENOENT || spawn_errno == EACCES) {
      std::string msg = "exec: executable " + cmd + " not found" + kInstallHintHelp;
      if (!options_.exec.install_hint.empty()) msg += "\n\n" + options_.exec.install_hint;
      return Status(StatusCode::kNotFound, msg);
    }
    return Status::Internal("exec: " + run.status().message());
  }
  if (run->exit_code != 0) {
    return Status::Internal("exec: executable " + cmd + " failed with exit code " +
                            std::to_string(run->exit_code));
  }
  ExecStatus decoded;
  KUBECXX_RETURN_IF_ERROR(DecodeOutput(run->stdout_text, &decoded));
  if (decoded.api_version != options_.exec.api_version || decoded.kind != "ExecCredential") {
    return Status::Invalid("exec plugin is configured to use API version " +
                           options_.exec.api_version + ", plugin returned version " +
                           decoded.api_version);
  }
  if (!decoded.has_status) {
    return Status::Invalid("exec plugin didn't return a status field");
  }
  if (decoded.token.empty() && decoded.cert.empty() && decoded.key.empty()) {
    return Status::Invalid("exec plugin didn't return a token or cert/key pair");
  }
  if (decoded.cert.empty() != decoded.key.empty()) {
    return Status::Invalid("exec plugin returned only certificate or key, not both");
  }
  std::optional<std::chrono::system_clock::time_point> expiry;
  if (!decoded.expiration.empty()) {
    StatusOr<api::Time> t = api::ParseRFC3339(decoded.expiration);
    if (!t.ok()) {
      return Status::Invalid("decoding stdout: " + t.status().message());
    }
    expiry = std::chrono::system_clock::time_point(std::chrono::seconds(t->seconds));
  }
  cached_ = net::Credentials{decoded.token, decoded.cert, decoded.key};
  expiry_ = expiry;
  return Status::Ok();
}

StatusOr<net::Credentials> ExecCredentialProvider::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  auto now = options_.now ? options_.now() : std::chrono::system_clock::now();
  if (cached_ && (!expiry_ || now <= *expiry_)) {
    return *cached_;
  }
  KUBECXX_RETURN_IF_ERROR(RefreshLocked());
  return *cached_;
}

void ExecCredentialProvider::OnUnauthorized(const net::Credentials& used) {
  std::lock_guard<std::mutex> lock(mu_);
  if (cached_ && *cached_ != used) {
    return;  // already rotated by someone else
  }
  // Upstream logs a failed refresh and keeps the old credentials; so do we.
  (void)RefreshLocked();
}

}  // namespace kubecxx::client
