#include "lib/net/connection_pool.h"

namespace kubecxx::net {

void ConnectionPool::CollectExpiredLocked(SteadyClock::time_point now,
                                          std::vector<std::unique_ptr<Connection>>* out) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& queue = it->second;
    // Oldest first: the front of each queue expires first.
    while (!queue.empty() && now - queue.front()->idle_since() >= idle_timeout_) {
      out->push_back(std::move(queue.front()));
      queue.pop_front();
    }
    it = queue.empty() ? idle_.erase(it) : std::next(it);
  }
}

std::unique_ptr<Connection> ConnectionPool::Take(const std::string& key) {
  std::vector<std::unique_ptr<Connection>> doomed;  // closed after the lock is released
  while (true) {
    std::unique_ptr<Connection> conn;
    {
      std::lock_guard<std::mutex> lock(mu_);
      CollectExpiredLocked(SteadyClock::now(), &doomed);
      auto it = idle_.find(key);
      if (it == idle_.end()) {
        return nullptr;
      }
      conn = std::move(it->second.back());
      it->second.pop_back();
      if (it->second.empty()) {
        idle_.erase(it);
      }
    }
    if (conn->LooksReusable()) {
      conn->mark_reused();
      return conn;
    }
    doomed.push_back(std::move(conn));
  }
}

void ConnectionPool::Put(std::unique_ptr<Connection> conn) {
  std::vector<std::unique_ptr<Connection>> doomed;
  std::lock_guard<std::mutex> lock(mu_);
  SteadyClock::time_point now = SteadyClock::now();
  CollectExpiredLocked(now, &doomed);
  auto& queue = idle_[conn->pool_key()];
  if (queue.size() >= max_idle_per_key_) {
    doomed.push_back(std::move(conn));
    return;
  }
  conn->set_idle_since(now);
  queue.push_back(std::move(conn));
}

size_t ConnectionPool::IdleCount(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = idle_.find(key);
  return it == idle_.end() ? 0 : it->second.size();
}

void ConnectionPool::Clear() {
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> doomed;
  std::lock_guard<std::mutex> lock(mu_);
  doomed.swap(idle_);
}

}  // namespace kubecxx::net
