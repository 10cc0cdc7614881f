// FakeEventSink: an in-memory events.k8s.io/v1 store for the broadcaster's tests. It
// keeps every call (verb, name, patch body) and applies a series patch by taking the
// series of the event passed with it. A fault hook may fail or block any call.
//
// Thread-safety: all methods are thread-safe; the fault hook runs without the lock.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lib/client/events/event_sink.h"

namespace kubecxx::client::events::testing {

class FakeEventSink : public EventSink {
 public:
  struct Call {
    std::string verb;  // "create" | "patch"
    std::string name;
    std::string body;  // the patch
    Event event;       // as passed in
  };
  using Fault = std::function<Status(std::string_view verb, const Event& event)>;

  StatusOr<Event> Create(const Event& event) override {
    Status f = RunFault("create", event);
    std::lock_guard<std::mutex> l(mu_);
    calls_.push_back({"create", event.object_meta.name, "", event});
    if (!f.ok()) return f;
    const std::string key = event.object_meta.namespace_ + "/" + event.object_meta.name;
    if (store_.count(key) != 0) {
      return Status(StatusCode::kAlreadyExists,
                    "events.events.k8s.io \"" + event.object_meta.name + "\" already exists");
    }
    Event stored = event;
    stored.object_meta.resource_version = std::to_string(++rv_);
    store_[key] = stored;
    return stored;
  }

  StatusOr<Event> Patch(const Event& event, std::string_view patch) override {
    Status f = RunFault("patch", event);
    std::lock_guard<std::mutex> l(mu_);
    calls_.push_back({"patch", event.object_meta.name, std::string(patch), event});
    if (!f.ok()) return f;
    auto it = store_.find(event.object_meta.namespace_ + "/" + event.object_meta.name);
    if (it == store_.end()) {
      return Status(StatusCode::kNotFound,
                    "events.events.k8s.io \"" + event.object_meta.name + "\" not found");
    }
    it->second.series = event.series;
    it->second.object_meta.resource_version = std::to_string(++rv_);
    return it->second;
  }

  void set_fault(Fault fault) {
    std::lock_guard<std::mutex> l(mu_);
    fault_ = std::move(fault);
  }
  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return calls_;
  }
  size_t num_calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return calls_.size();
  }
  void Erase(const std::string& ns, const std::string& name) {
    std::lock_guard<std::mutex> l(mu_);
    store_.erase(ns + "/" + name);
  }
  size_t size() const {
    std::lock_guard<std::mutex> l(mu_);
    return store_.size();
  }

 private:
  Status RunFault(std::string_view verb, const Event& e) {
    Fault f;
    {
      std::lock_guard<std::mutex> l(mu_);
      f = fault_;
    }
    return f ? f(verb, e) : Status::Ok();
  }

  mutable std::mutex mu_;
  std::map<std::string, Event> store_;  // guarded by mu_
  std::vector<Call> calls_;             // guarded by mu_
  Fault fault_;                         // guarded by mu_
  int64_t rv_ = 1000;                   // guarded by mu_
};

}  // namespace kubecxx::client::events::testing
