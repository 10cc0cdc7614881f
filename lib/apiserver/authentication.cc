#include "lib/apiserver/authentication.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "lib/api/go_strconv.h"
#include "lib/apiserver/negotiation.h"
#include "lib/log/log.h"

namespace kubecxx::apiserver {
namespace {

using Clock = std::chrono::steady_clock;
// Stock's --authentication-token-* defaults: successes cached 10 s, failures not cached.
constexpr auto kSuccessTtl = std::chrono::seconds(10);
constexpr size_t kMaxCacheEntries = 4096;

std::string TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                                   c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// bearertoken.Authenticator: "Bearer <token>" (scheme case-insensitive); "" when the
// request carries no usable bearer token.
std::string BearerToken(const server::Request& req) {
  std::string auth = TrimSpace(req.Header("Authorization"));
  if (auth.empty()) return "";
  size_t sp = auth.find(' ');
  if (sp == std::string::npos) return "";
  std::string scheme = auth.substr(0, sp);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "bearer") return "";
  std::string rest = auth.substr(sp + 1);
  return rest.substr(0, rest.find(' '));
}

std::string TokenKey(const std::string& token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

void AddAuthenticatedGroup(UserInfo* user) {
  for (const std::string& g : user->groups) {
    if (g == "system:authenticated" || g == "system:unauthenticated") return;
  }
  user->groups.push_back("system:authenticated");
}

ApiError AnonymousForbidden(const server::Request& req) {
  ApiError e;
  e.code = 403;
  e.reason = "Forbidden";
  e.has_details = true;
  const std::string& m = req.method();
  std::string verb = m == "GET" ? "get" : m == "POST" ? "create" : m == "PUT" ? "update"
                     : m == "DELETE" ? "delete" : "patch";
  e.message = "forbidden: User \"system:anonymous\" cannot " + verb + " path " +
              api::GoQuote(req.path());
  return e;
}

}  // namespace

struct Authenticator::Cache {
  struct Entry {
    UserInfo user;
    Clock::time_point expires;
  };
  mutable std::mutex mu;
  std::unordered_map<std::string, Entry> entries;

  bool Lookup(const std::string& key, UserInfo* user) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = entries.find(key);
    if (it == entries.end()) return false;
    if (it->second.expires <= Clock::now()) {
      entries.erase(it);
      return false;
    }
    *user = it->second.user;
    return true;
  }
  void Store(const std::string& key, const UserInfo& user) {
    std::lock_guard<std::mutex> lock(mu);
    if (entries.size() >= kMaxCacheEntries) {
      auto now = Clock::now();
      for (auto it = entries.begin(); it != entries.end();) {
        it = it->second.expires <= now ? entries.erase(it) : std::next(it);
      }
      if (entries.size() >= kMaxCacheEntries) entries.clear();
    }
    entries[key] = Entry{user, Clock::now() + kSuccessTtl};
  }
};

Authenticator::Authenticator(bool x509, std::vector<const TokenAuthenticator*> tokens,
                             bool anonymous)
    : x509_(x509), tokens_(std::move(tokens)), anonymous_(anonymous),
      cache_(std::make_unique<Cache>()) {}

Authenticator::~Authenticator() = default;

bool Authenticator::MayBlock(const server::Request& req) const {
  if (tokens_.empty()) return false;
  std::string token = BearerToken(req);
  if (token.empty()) return false;
  UserInfo ignored;
  return !cache_->Lookup(TokenKey(token), &ignored);
}

bool Authenticator::Authenticate(const server::Request& req, UserInfo* user,
                                 ApiError* error) const {
  std::vector<std::string> errors;
  bool authenticated = false;
  // x509 first, as stock's union orders it.
  const server::PeerCertificate& peer = req.peer_certificate();
  if (x509_ && peer.present) {
    if (peer.verified) {
      user->name = peer.common_name;
      user->groups = peer.organizations;
      authenticated = true;
    } else {
      errors.push_back("verifying certificate: " + peer.verify_error);
    }
  }
  if (!authenticated && !tokens_.empty()) {
    std::string token = BearerToken(req);
    if (!token.empty()) {
      std::string key = TokenKey(token);
      if (cache_->Lookup(key, user)) return true;
      std::vector<std::string> token_errors;
      for (const TokenAuthenticator* t : tokens_) {
        std::string err;
        UserInfo candidate;
        if (t->AuthenticateToken(token, &candidate, &err)) {
          *user = std::move(candidate);
          authenticated = true;
          break;
        }
        if (!err.empty()) token_errors.push_back(std::move(err));
      }
      if (authenticated) {
        AddAuthenticatedGroup(user);
        cache_->Store(key, *user);
        return true;
      }
      if (token_errors.empty()) token_errors.push_back("invalid bearer token");
      for (auto& e : token_errors) errors.push_back(std::move(e));
    }
  }
  if (authenticated) {
    AddAuthenticatedGroup(user);
    return true;
  }
  if (!errors.empty() || !anonymous_) {
    if (!errors.empty()) {
      std::string joined = errors.size() == 1 ? errors[0] : "[" + errors[0];
      for (size_t i = 1; i < errors.size(); ++i) joined += ", " + errors[i];
      if (errors.size() > 1) joined += "]";
      KLOG_ERROR("Unable to authenticate the request: ", joined);
    }
    *error = UnauthorizedError();
    return false;
  }
  user->name = "system:anonymous";
  user->groups = {"system:unauthenticated"};
  user->anonymous = true;
  return true;
}

server::Handler AuthenticatedHandler(const Authenticator* authenticator,
                                     std::function<void(std::function<void()>)> run,
                                     UserHandler intercept, server::Handler next) {
  auto serve = [authenticator, intercept, next](const server::Request& req,
                                                std::shared_ptr<server::ResponseWriter> w) {
    UserInfo user;
    ApiError error;
    if (!authenticator->Authenticate(req, &user, &error)) {
      w->Reply(ErrorResponse(error));
      return;
    }
    const std::string& path = req.path();
    bool public_info = path == "/healthz" || path == "/livez" || path == "/readyz" ||
                       path == "/version" || path == "/version/";
    if (user.anonymous && !public_info) {
      w->Reply(ErrorResponse(AnonymousForbidden(req)));
      return;
    }
    if (intercept && intercept(req, user, w)) return;
    next(req, std::move(w));
  };
  return [authenticator, run = std::move(run), serve](const server::Request& req,
                                                      std::shared_ptr<server::ResponseWriter> w) {
    if (run && authenticator->MayBlock(req)) {
      run([serve, req, w]() mutable { serve(req, std::move(w)); });
      return;
    }
    serve(req, std::move(w));
  };
}

}  // namespace kubecxx::apiserver
