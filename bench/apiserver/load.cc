#include "bench/apiserver/load.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "lib/base/base64.h"

namespace kubecxx::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The base64 value of `key:` in a kubeconfig written with inline data.
std::string KubeconfigField(const std::string& conf, const std::string& key) {
  size_t at = conf.find(key + ": ");
  if (at == std::string::npos) return "";
  at += key.size() + 2;
  auto decoded = Base64Decode(conf.substr(at, conf.find('\n', at) - at));
  return decoded.ok() ? *decoded : "";
}

}  // namespace

double ProcessCpuSeconds(pid_t pid) {
  std::string s = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t p = s.rfind(')');
  if (p == std::string::npos) return -1;
  std::istringstream rest(s.substr(p + 2));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() < 13) return -1;
  // After pid and comm: state is fields[0]; utime and stime are fields[11] and [12].
  return (std::stod(fields[11]) + std::stod(fields[12])) / sysconf(_SC_CLK_TCK);
}

Memory ProcessMemory(pid_t pid) {
  std::istringstream in(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  Memory m;
  for (std::string line; std::getline(in, line);) {
    auto kb = [&] { return std::stod(line.substr(line.find(':') + 1)) / 1024.0; };
    if (line.rfind("VmRSS:", 0) == 0) m.rss_mb = kb();
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_mb = kb();
  }
  return m;
}

std::string LoadAverage() {
  std::istringstream in(ReadFile("/proc/loadavg"));
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(p * static_cast<double>(v.size()));
  return v[std::min(v.size() - 1, rank)];
}

StatusOr<std::unique_ptr<LoadClient>> LoadClient::Create(const std::string& kubeconfig_path,
                                                         bool gzip) {
  std::string conf = ReadFile(kubeconfig_path);
  net::HttpClientOptions o;
  o.tls.ca_pem = KubeconfigField(conf, "certificate-authority-data");
  o.tls.cert_pem = KubeconfigField(conf, "client-certificate-data");
  o.tls.key_pem = KubeconfigField(conf, "client-key-data");
  if (o.tls.cert_pem.empty() || o.tls.key_pem.empty()) {
    return Status::Invalid("no inline client certificate in " + kubeconfig_path);
  }
  o.user_agent = "kubecxx-apiserver-bench";
  o.disable_compression = !gzip;
  // Every worker keeps its connection: no handshakes inside a phase.
  o.max_idle_per_host = 4096;
  auto http = net::HttpClient::Create(o);
  if (!http.ok()) return http.status();
  return std::unique_ptr<LoadClient>(new LoadClient(std::move(*http)));
}

StatusOr<net::HttpResponse> LoadClient::Send(const std::string& base, const std::string& method,
                                             const std::string& path, const std::string& accept,
                                             const std::string& content_type,
                                             const std::string& body) const {
  net::HttpRequest req;
  req.method = method;
  req.url = base + path;
  req.headers.Add("Accept", accept);
  if (!content_type.empty()) req.headers.Add("Content-Type", content_type);
  req.body = body;
  req.timeout = std::chrono::minutes(5);
  auto r = http_->RoundTrip(req);
  if (!r.ok()) return r.status();
  if (r->status < 200 || r->status > 299) {
    return Status::Internal(method + " " + path + ": HTTP " + std::to_string(r->status) + " " +
                            r->body.substr(0, 300));
  }
  return r;
}

StatusOr<std::unique_ptr<net::HttpStream>> LoadClient::Open(const std::string& base,
                                                            const std::string& path,
                                                            const std::string& accept) const {
  net::HttpRequest req;
  req.url = base + path;
  req.headers.Add("Accept", accept);
  req.timeout = std::chrono::minutes(1);
  auto s = http_->OpenStream(req);
  if (!s.ok()) return s.status();
  if ((*s)->status() != 200) {
    std::string body;
    (void)(*s)->ReadAll(&body);
    return Status::Internal("watch " + path + ": HTTP " + std::to_string((*s)->status()) + " " +
                            body.substr(0, 300));
  }
  return s;
}

PhaseResult RunPhase(pid_t server_pid, const PhaseSpec& spec, const Operation& op) {
  PhaseResult r;
  std::mutex mu;
  std::atomic<int64_t> issued{0};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  SteadyClock::time_point t0;
  std::vector<std::thread> workers;
  for (int w = 0; w < spec.concurrency; ++w) {
    workers.emplace_back([&, w] {
      std::vector<double> lat;
      int64_t ok = 0, failed = 0, bytes = 0;
      std::string error;
      ++ready;
      while (!go.load()) std::this_thread::yield();
      for (int64_t i = 0;; ++i) {
        int64_t n = issued.fetch_add(1);
        auto start = SteadyClock::now();
        if (n >= spec.min_requests &&
            std::chrono::duration<double>(start - t0).count() >= spec.seconds) {
          break;
        }
        Status s = op(w, i, &bytes);
        auto end = SteadyClock::now();
        if (s.ok()) {
          ++ok;
          lat.push_back(std::chrono::duration<double, std::milli>(end - start).count());
        } else {
          ++failed;
          if (error.empty()) error = s.message();
        }
      }
      std::lock_guard l(mu);
      r.ok += ok;
      r.failed += failed;
      r.bytes += bytes;
      r.lat_ms.insert(r.lat_ms.end(), lat.begin(), lat.end());
      if (r.first_error.empty()) r.first_error = error;
    });
  }
  while (ready.load() < spec.concurrency) std::this_thread::yield();
  r.load_before = LoadAverage();
  double cpu0 = ProcessCpuSeconds(server_pid);
  t0 = SteadyClock::now();
  go = true;
  for (auto& t : workers) t.join();
  r.wall_s = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  r.cpu_s = ProcessCpuSeconds(server_pid) - cpu0;
  r.load_after = LoadAverage();
  return r;
}

}  // namespace kubecxx::bench
