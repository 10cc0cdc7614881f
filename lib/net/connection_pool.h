// Idle keep-alive connections of one HttpClient, bounded per key. Internal to lib/net.
//
// A key names everything a connection was made with (origin and client certificate), so
// a connection is only reused for requests it can serve. Connections idle longer than the
// idle timeout are closed on the next Take/Put of any key.
//
// Thread-safety: all methods are safe for concurrent use (one mutex; connections are
// closed outside it).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lib/net/connection.h"

namespace kubecxx::net {

class ConnectionPool {
 public:
  ConnectionPool(size_t max_idle_per_key, std::chrono::milliseconds idle_timeout)
      : max_idle_per_key_(max_idle_per_key), idle_timeout_(idle_timeout) {}

  // The most recently used idle connection for `key` that still looks reusable, or null.
  std::unique_ptr<Connection> Take(const std::string& key);

  // Parks `conn` (whose pool_key() is set) for reuse, or closes it when its key is full.
  void Put(std::unique_ptr<Connection> conn);

  size_t IdleCount(const std::string& key) const;
  // Closes every idle connection.
  void Clear();

 private:
  // Moves expired connections of every key into *out. REQUIRES: mu_ held.
  void CollectExpiredLocked(SteadyClock::time_point now,
                            std::vector<std::unique_ptr<Connection>>* out);

  const size_t max_idle_per_key_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mu_;
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> idle_;  // guarded by mu_
};

}  // namespace kubecxx::net
