// CycleState: per-pod scratch space that plugins share within one scheduling cycle
// (upstream fwk.CycleState).
//
// Plugins Write state in PreFilter / PreScore / Reserve (the scheduling thread) and Read
// it in Filter / Score, which run on the worker pool for many nodes at once.
// Thread-safety: Read and the skip-set accessors are safe from many threads as long as no
// Write runs concurrently. REQUIRES: Write/SetSkip* only from the scheduling thread while
// no parallel Filter/Score phase is running. (Upstream uses a sync.Map; its plugins keep
// the same discipline, which lets us read without locks.)
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace kubecxx::scheduler::framework {

// fwk.StateData.
class StateData {
 public:
  virtual ~StateData() = default;
  // A copy for a CycleState clone (preemption / nominated-pod dry runs). Immutable data
  // may return itself.
  virtual std::shared_ptr<StateData> Clone() const = 0;
};

class CycleState {
 public:
  void Write(std::string key, std::shared_ptr<StateData> data) { data_[std::move(key)] = std::move(data); }
  void Delete(std::string_view key) {
    auto it = data_.find(key);
    if (it != data_.end()) data_.erase(it);
  }
  // The entry as T, or null when missing or of another type.
  template <typename T>
  T* Read(std::string_view key) const {
    auto it = data_.find(key);
    return it == data_.end() ? nullptr : dynamic_cast<T*>(it->second.get());
  }
  // Every entry Cloned; the skip sets copied.
  std::unique_ptr<CycleState> Clone() const {
    auto out = std::make_unique<CycleState>();
    for (const auto& [k, v] : data_) out->data_[k] = v ? v->Clone() : nullptr;
    out->skip_filter_ = skip_filter_;
    out->skip_score_ = skip_score_;
    return out;
  }

  const std::set<std::string, std::less<>>& SkipFilterPlugins() const { return skip_filter_; }
  void SetSkipFilterPlugins(std::set<std::string, std::less<>> s) { skip_filter_ = std::move(s); }
  const std::set<std::string, std::less<>>& SkipScorePlugins() const { return skip_score_; }
  void SetSkipScorePlugins(std::set<std::string, std::less<>> s) { skip_score_ = std::move(s); }

 private:
  std::map<std::string, std::shared_ptr<StateData>, std::less<>> data_;
  std::set<std::string, std::less<>> skip_filter_;
  std::set<std::string, std::less<>> skip_score_;
};

}  // namespace kubecxx::scheduler::framework
