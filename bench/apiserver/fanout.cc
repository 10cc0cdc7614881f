#include "bench/apiserver/fanout.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace kubecxx::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string JsonString(const std::string& body, const std::string& field) {
  const std::string key = "\"" + field + "\":\"";
  size_t at = body.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return body.substr(at, body.find('"', at) - at);
}

}  // namespace

FanoutResult RunFanout(const LoadClient& client, const std::string& base, pid_t server_pid,
                       const std::string& ns, const std::string& pod, int watchers, int events,
                       std::chrono::milliseconds interval) {
  FanoutResult r;
  r.events = events;
  const std::string pod_path = "/api/v1/namespaces/" + ns + "/pods/" + pod;
  // Watch from the list's revision (a consistent LIST: the current one), not from the pod's
  // own, which may be older than the watch cache's history after the seeding.
  auto got = client.Send(base, "GET", "/api/v1/namespaces/" + ns + "/pods", "application/json");
  if (!got.ok()) {
    r.error = got.status().message();
    return r;
  }
  const std::string rv = JsonString(got->body, "resourceVersion");
  const std::string watch_path = "/api/v1/namespaces/" + ns +
                                 "/pods?watch=1&timeoutSeconds=1800&resourceVersion=" + rv;

  // Open the watches from a few threads at once (each is a TLS handshake).
  std::vector<std::unique_ptr<net::HttpStream>> streams(watchers);
  std::atomic<int> next{0};
  std::mutex mu;
  double cpu0 = ProcessCpuSeconds(server_pid);
  auto o0 = SteadyClock::now();
  {
    std::vector<std::thread> openers;
    for (int t = 0; t < 8; ++t) {
      openers.emplace_back([&] {
        for (int w; (w = next++) < watchers;) {
          auto s = client.Open(base, watch_path, "application/vnd.kubernetes.protobuf");
          if (s.ok()) {
            streams[w] = std::move(*s);
          } else {
            std::lock_guard l(mu);
            if (r.error.empty()) r.error = s.status().message();
          }
        }
      });
    }
    for (auto& t : openers) t.join();
  }
  r.open_wall_s = std::chrono::duration<double>(SteadyClock::now() - o0).count();
  r.open_cpu_s = ProcessCpuSeconds(server_pid) - cpu0;
  for (const auto& s : streams) r.watchers += s != nullptr;

  // arrival[w][e]: when watcher w had its e-th frame.
  std::vector<std::vector<SteadyClock::time_point>> arrival(
      watchers, std::vector<SteadyClock::time_point>(events));
  std::vector<int> count(watchers, 0);
  std::atomic<int64_t> delivered{0};
  std::vector<std::thread> readers;
  for (int w = 0; w < watchers; ++w) {
    if (!streams[w]) continue;
    readers.emplace_back([&, w] {
      std::string buf;
      size_t pos = 0;
      while (count[w] < events) {
        auto more = streams[w]->ReadSome(&buf);
        if (!more.ok() || !*more) return;
        auto now = SteadyClock::now();
        // Frames: a 4-byte big-endian length, then a metav1.WatchEvent.
        while (buf.size() - pos >= 4) {
          const auto* p = reinterpret_cast<const unsigned char*>(buf.data() + pos);
          size_t len = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
          if (buf.size() - pos - 4 < len) break;
          pos += 4 + len;
          if (count[w] < events) {
            arrival[w][count[w]++] = now;
            ++delivered;
          }
        }
        if (pos > (1 << 20)) {
          buf.erase(0, pos);
          pos = 0;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));

  std::vector<SteadyClock::time_point> sent(events);
  r.load_before = LoadAverage();
  cpu0 = ProcessCpuSeconds(server_pid);
  auto f0 = SteadyClock::now();
  for (int e = 0; e < events; ++e) {
    sent[e] = SteadyClock::now();
    std::string patch = R"({"metadata":{"labels":{"seq":")" + std::to_string(e) + R"("}}})";
    auto p = client.Send(base, "PATCH", pod_path, "application/json",
                         "application/merge-patch+json", patch);
    if (!p.ok() && r.error.empty()) r.error = p.status().message();
    std::this_thread::sleep_until(sent[e] + interval);
  }
  const int64_t expected = int64_t{r.watchers} * events;
  auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (delivered.load() < expected && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.wall_s = std::chrono::duration<double>(SteadyClock::now() - f0).count();
  r.cpu_s = ProcessCpuSeconds(server_pid) - cpu0;
  r.load_after = LoadAverage();
  for (auto& s : streams) {
    if (s) s->Close();
  }
  for (auto& t : readers) t.join();
  r.delivered = delivered.load();

  for (int e = 0; e < events; ++e) {
    double last = 0;
    bool all = true;
    for (int w = 0; w < watchers; ++w) {
      if (!streams[w]) continue;
      if (count[w] <= e) {
        all = false;
        continue;
      }
      double ms = std::chrono::duration<double, std::milli>(arrival[w][e] - sent[e]).count();
      r.each_ms.push_back(ms);
      last = std::max(last, ms);
    }
    if (all) r.all_ms.push_back(last);
  }
  return r;
}

}  // namespace kubecxx::bench
