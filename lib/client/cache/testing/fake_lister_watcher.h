// FakeListerWatcher: an in-memory pod "server" for reflector and informer unit tests.
//
// It keeps pods by key with a global resourceVersion counter and an event history, and
// answers List (with limit/continue paging) and Watch (history replay after the requested RV,
// then live events; sendInitialEvents=true streams the current state as ADDED events and then
// the "k8s.io/initial-events-end" BOOKMARK) the way the apiserver does. Tests change the
// state (Create/Update/Remove), compact the history (Compact: older RVs then answer 410
// Expired), inject failures (FailNextList/FailNextWatch), end every open watch, send
// BOOKMARKs, and read back every request's options.
//
// Thread-safety: all methods are thread-safe; FakeWatchStream::Next blocks its reader.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kubecxx/api/core/v1/types.h"
#include "lib/client/cache/lister_watcher.h"

namespace kubecxx::client::cache::testing {

api::core::v1::Pod MakePod(const std::string& ns, const std::string& name);
ApiError MakeApiError(int code, const std::string& reason, const std::string& message);

class FakeWatchStream final : public WatchStream {
 public:
  void Push(WatchEventObject ev);
  void End();  // a clean end after what is queued
  ApiResult<std::optional<WatchEventObject>> Next() override;
  void Close() override;
  bool closed() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WatchEventObject> events_;
  bool ended_ = false;
  bool closed_ = false;
};

class FakeListerWatcher final : public ListerWatcher {
 public:
  FakeListerWatcher();

  // Server-side changes; each takes the next resourceVersion and reaches open watches.
  std::string Create(api::core::v1::Pod pod);  // returns the RV
  std::string Update(api::core::v1::Pod pod);
  std::string Remove(const std::string& ns, const std::string& name);
  // Forget history up to the current RV: watches and lists from older RVs get 410 Expired.
  void Compact();
  // Sends a BOOKMARK at the current RV to every open watch that allowed bookmarks.
  void SendBookmark();
  // Ends every open watch cleanly (a server-side timeout).
  void EndWatches();
  // Between Begin and End the server is unreachable: open watches end, and List/Watch fail
  // with "connection refused". Changes made meanwhile reach nobody live.
  void BeginPartition();
  void EndPartition();

  void FailNextList(ApiError e, int times = 1);
  void FailNextWatch(ApiError e, int times = 1);
  void set_watch_list_supported(bool v);  // false: sendInitialEvents is refused (422)
  void set_supports_watch_list_semantics(bool v);  // SupportsWatchList()

  std::vector<ListOptions> list_calls() const;
  std::vector<ListOptions> watch_calls() const;
  size_t open_watches() const;
  std::string current_rv() const;

  ApiResult<ObjectList> List(const ListOptions& opts) override;
  ApiResult<std::unique_ptr<WatchStream>> Watch(const ListOptions& opts) override;
  bool SupportsWatchList() const override;

 private:
  struct Event {
    std::string type;
    api::core::v1::Pod pod;
    uint64_t rv;
  };
  struct Watcher {
    std::shared_ptr<FakeWatchStream> stream;
    bool bookmarks;
  };
  class StreamHandle;

  void BroadcastLocked(const Event& ev);
  void PruneLocked();
  static WatchEventObject ToEvent(const std::string& type, const api::core::v1::Pod& pod);

  mutable std::mutex mu_;
  uint64_t rv_ = 100;
  uint64_t compacted_ = 0;
  std::map<std::string, api::core::v1::Pod> pods_;
  std::vector<Event> history_;
  std::vector<Watcher> watchers_;
  std::deque<ApiError> list_failures_;
  std::deque<ApiError> watch_failures_;
  bool watch_list_supported_ = true;
  bool watch_list_semantics_ = true;
  bool partitioned_ = false;
  std::vector<ListOptions> list_calls_;
  std::vector<ListOptions> watch_calls_;
};

}  // namespace kubecxx::client::cache::testing
