#include "bench/apiserver/report.h"

#include <cstdio>

namespace kubecxx::bench {
namespace {

std::string Format(const char* fmt, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a);
  return buf;
}

// Rates below 10 (LISTs of 50,000) with two decimals.
std::string Rate(double v) { return Format(v < 10 ? "%.2f" : "%.0f", v); }

std::string Ratio(double ours, double stock) {
  return stock > 0 && ours > 0 ? Format("%.2fx", ours / stock) : "-";
}

// The first word of the 1-minute load average before and after.
std::string Load(const std::string& before, const std::string& after) {
  return before.substr(0, before.find(' ')) + "-" + after.substr(0, after.find(' '));
}

void PrintSide(const char* who, const PhaseResult& r) {
  std::printf("  %-5s %7lld ok %4lld failed in %6.2f s = %9.1f req/s | %6.2f CPU-s = %9.1f "
              "req/CPU-s | p50 %8.2f ms p99 %8.2f ms | %.1f KB/req | load %s\n",
              who, static_cast<long long>(r.ok), static_cast<long long>(r.failed), r.wall_s,
              r.PerSecond(), r.cpu_s, r.PerCpuSecond(), Percentile(r.lat_ms, 0.5),
              Percentile(r.lat_ms, 0.99),
              r.ok > 0 ? static_cast<double>(r.bytes) / r.ok / 1e3 : 0.0,
              Load(r.load_before, r.load_after).c_str());
  if (!r.first_error.empty()) std::printf("        first error: %s\n", r.first_error.c_str());
}

}  // namespace

const char* ServerName(Server s) { return s == Server::kOurs ? "ours" : "stock"; }

std::vector<Server> Report::Order() {
  bool ours = phases_++ == 0 ? ours_first_ : !last_first_ours_;
  last_first_ours_ = ours;
  if (ours) return {Server::kOurs, Server::kStock};
  return {Server::kStock, Server::kOurs};
}

void Report::Phase(const std::string& name, int concurrency, const PhaseResult& ours,
                   const PhaseResult& stock) {
  std::printf("%s, %d client%s (%s first):\n", name.c_str(), concurrency,
              concurrency == 1 ? "" : "s", last_first_ours_ ? "ours" : "stock");
  PrintSide("ours", ours);
  PrintSide("stock", stock);
  std::printf("  ours/stock: %s per CPU-second, %s per wall second\n",
              Ratio(ours.PerCpuSecond(), stock.PerCpuSecond()).c_str(),
              Ratio(ours.PerSecond(), stock.PerSecond()).c_str());
  std::fflush(stdout);
  auto lat = [](const PhaseResult& r) {
    return Format("%.1f", Percentile(r.lat_ms, 0.5)) + " / " +
           Format("%.1f", Percentile(r.lat_ms, 0.99));
  };
  rows_.push_back("| " + name + " | " + std::to_string(concurrency) + " | " +
                  Rate(ours.PerCpuSecond()) + " | " + Rate(stock.PerCpuSecond()) + " | **" +
                  Ratio(ours.PerCpuSecond(), stock.PerCpuSecond()) + "** | " +
                  Rate(ours.PerSecond()) + " | " + Rate(stock.PerSecond()) +
                  " | " + Ratio(ours.PerSecond(), stock.PerSecond()) + " | " + lat(ours) +
                  " | " + lat(stock) + " | " + Load(ours.load_before, stock.load_after) +
                  (ours.failed + stock.failed > 0
                       ? " (failed: ours " + std::to_string(ours.failed) + ", stock " +
                             std::to_string(stock.failed) + ")"
                       : "") +
                  " |");
}

void Report::Fanout(const FanoutResult& ours, const FanoutResult& stock) {
  auto per_cpu = [](const FanoutResult& f) { return f.cpu_s > 0 ? f.delivered / f.cpu_s : 0; };
  auto per_s = [](const FanoutResult& f) { return f.wall_s > 0 ? f.delivered / f.wall_s : 0; };
  std::printf("FANOUT (%s first):\n", last_first_ours_ ? "ours" : "stock");
  for (const auto* f : {&ours, &stock}) {
    std::printf("  %-5s %d watchers opened in %.1f s (%.2f CPU-s); %d writes: %lld of %lld "
                "delivered in %.1f s, %.2f CPU-s = %.0f deliveries/CPU-s; all watchers have "
                "it p50 %.1f ms p99 %.1f ms; each delivery p50 %.1f ms p99 %.1f ms | load %s\n",
                f == &ours ? "ours" : "stock", f->watchers, f->open_wall_s, f->open_cpu_s,
                f->events, static_cast<long long>(f->delivered),
                static_cast<long long>(int64_t{f->watchers} * f->events), f->wall_s, f->cpu_s,
                per_cpu(*f), Percentile(f->all_ms, 0.5), Percentile(f->all_ms, 0.99),
                Percentile(f->each_ms, 0.5), Percentile(f->each_ms, 0.99),
                Load(f->load_before, f->load_after).c_str());
    if (!f->error.empty()) std::printf("        first error: %s\n", f->error.c_str());
  }
  std::printf("  ours/stock: %s deliveries per CPU-second\n",
              Ratio(per_cpu(ours), per_cpu(stock)).c_str());
  std::fflush(stdout);
  auto lat = [](const FanoutResult& f) {
    return Format("%.1f", Percentile(f.all_ms, 0.5)) + " / " +
           Format("%.1f", Percentile(f.all_ms, 0.99));
  };
  rows_.push_back("| WATCH fan-out to " + std::to_string(ours.watchers) + " / " +
                  std::to_string(stock.watchers) + " watchers (deliveries) | - | " +
                  Format("%.0f", per_cpu(ours)) + " | " + Format("%.0f", per_cpu(stock)) +
                  " | **" + Ratio(per_cpu(ours), per_cpu(stock)) + "** | " +
                  Format("%.0f", per_s(ours)) + " | " + Format("%.0f", per_s(stock)) + " | " +
                  Ratio(per_s(ours), per_s(stock)) + " | " + lat(ours) + " | " + lat(stock) +
                  " | " + Load(ours.load_before, stock.load_after) + " |");
}

void Report::Memory(const std::string& when, const bench::Memory& ours,
                    const bench::Memory& stock) {
  std::printf("MEMORY %s: ours RSS %.1f MB (VmHWM %.1f MB) | stock RSS %.1f MB (VmHWM %.1f MB) "
              "| ours/stock RSS %s, VmHWM %s\n",
              when.c_str(), ours.rss_mb, ours.hwm_mb, stock.rss_mb, stock.hwm_mb,
              Ratio(ours.rss_mb, stock.rss_mb).c_str(), Ratio(ours.hwm_mb, stock.hwm_mb).c_str());
  std::fflush(stdout);
  rows_.push_back("| memory " + when + ": RSS MB (VmHWM) | - | " + Format("%.0f", ours.rss_mb) +
                  " (" + Format("%.0f", ours.hwm_mb) + ") | " + Format("%.0f", stock.rss_mb) +
                  " (" + Format("%.0f", stock.hwm_mb) + ") | **" +
                  Ratio(ours.rss_mb, stock.rss_mb) + "** (" + Ratio(ours.hwm_mb, stock.hwm_mb) +
                  ") | | | | | | |");
}

void Report::Summary() const {
  std::printf("\n| phase | clients | ours req/CPU-s | stock req/CPU-s | ours/stock CPU | ours "
              "req/s | stock req/s | ours/stock wall | ours p50 / p99 ms | stock p50 / p99 ms | "
              "load 1m |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (const std::string& r : rows_) std::printf("%s\n", r.c_str());
  std::printf("\n(memory rows: ours MB, stock MB, ours/stock; lower is better there, higher "
              "everywhere else)\n");
  std::fflush(stdout);
}

}  // namespace kubecxx::bench
