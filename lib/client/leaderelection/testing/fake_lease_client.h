// FakeLeaseClient: an in-memory Lease store with the API server's optimistic concurrency
// (every write bumps metadata.resourceVersion; an Update with another one is kConflict;
// Create of an existing Lease is kAlreadyExists), shared by several electors in a test.
// A fault hook can fail or delay any call, an after hook sees each call served; every successful write is kept in history().
//
// Thread-safety: all methods are thread-safe. The fault hook runs without the lock held.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lib/client/leaderelection/lease_client.h"

namespace kubecxx::client::leaderelection::testing {

class FakeLeaseClient : public LeaseClient {
 public:
  // Called as fault(verb, namespace/name) before each call; a non-OK Status fails it.
  using Fault = std::function<Status(std::string_view verb, const std::string& key)>;
  // Called as after(verb) once a call has been served (successfully or not).
  using After = std::function<void(std::string_view verb)>;

  StatusOr<Lease> Get(const std::string& ns, const std::string& name, Timeout) override {
    StatusOr<Lease> r = DoGet(ns, name);
    RunAfter("get");
    return r;
  }
  StatusOr<Lease> Create(const Lease& lease, Timeout) override {
    StatusOr<Lease> r = DoCreate(lease);
    RunAfter("create");
    return r;
  }
  StatusOr<Lease> Update(const Lease& lease, Timeout) override {
    StatusOr<Lease> r = DoUpdate(lease);
    RunAfter("update");
    return r;
  }

  void set_fault(Fault fault) {
    std::lock_guard<std::mutex> l(mu_);
    fault_ = std::move(fault);
  }
  void set_after(After after) {
    std::lock_guard<std::mutex> l(mu_);
    after_ = std::move(after);
  }

 private:
  StatusOr<Lease> DoGet(const std::string& ns, const std::string& name) {
    const std::string key = ns + "/" + name;
    KUBECXX_RETURN_IF_ERROR(RunFault("get", key));
    std::lock_guard<std::mutex> l(mu_);
    ++gets_;
    auto it = leases_.find(key);
    if (it == leases_.end()) return NotFound(name);
    return it->second;
  }

  StatusOr<Lease> DoCreate(const Lease& lease) {
    const std::string key = lease.object_meta.namespace_ + "/" + lease.object_meta.name;
    KUBECXX_RETURN_IF_ERROR(RunFault("create", key));
    std::lock_guard<std::mutex> l(mu_);
    if (leases_.count(key) != 0) {
      return Status(StatusCode::kAlreadyExists,
                    "leases.coordination.k8s.io \"" + lease.object_meta.name +
                        "\" already exists");
    }
    Lease stored = lease;
    stored.object_meta.resource_version = std::to_string(++rv_);
    stored.object_meta.uid = "uid-" + std::to_string(rv_);
    leases_[key] = stored;
    history_.push_back(stored);
    return stored;
  }

  StatusOr<Lease> DoUpdate(const Lease& lease) {
    const std::string key = lease.object_meta.namespace_ + "/" + lease.object_meta.name;
    KUBECXX_RETURN_IF_ERROR(RunFault("update", key));
    std::lock_guard<std::mutex> l(mu_);
    auto it = leases_.find(key);
    if (it == leases_.end()) return NotFound(lease.object_meta.name);
    if (lease.object_meta.resource_version != it->second.object_meta.resource_version) {
      ++conflicts_;
      return Status(StatusCode::kConflict,
                    "Operation cannot be fulfilled on leases.coordination.k8s.io \"" +
                        lease.object_meta.name +
                        "\": the object has been modified; please apply your changes to the "
                        "latest version and try again");
    }
    Lease stored = lease;
    stored.object_meta.resource_version = std::to_string(++rv_);
    it->second = stored;
    history_.push_back(stored);
    return stored;
  }


 public:
  // Overwrites (or creates) a Lease as another writer would, bumping resourceVersion.
  void Put(Lease lease) {
    std::lock_guard<std::mutex> l(mu_);
    lease.object_meta.resource_version = std::to_string(++rv_);
    leases_[lease.object_meta.namespace_ + "/" + lease.object_meta.name] = lease;
    history_.push_back(lease);
  }

  bool Peek(const std::string& ns, const std::string& name, Lease* out) const {
    std::lock_guard<std::mutex> l(mu_);
    auto it = leases_.find(ns + "/" + name);
    if (it == leases_.end()) return false;
    *out = it->second;
    return true;
  }

  std::vector<Lease> history() const {
    std::lock_guard<std::mutex> l(mu_);
    return history_;
  }
  int conflicts() const {
    std::lock_guard<std::mutex> l(mu_);
    return conflicts_;
  }
  int gets() const {
    std::lock_guard<std::mutex> l(mu_);
    return gets_;
  }

 private:
  static Status NotFound(const std::string& name) {
    return Status(StatusCode::kNotFound,
                  "leases.coordination.k8s.io \"" + name + "\" not found");
  }
  void RunAfter(std::string_view verb) {
    After after;
    {
      std::lock_guard<std::mutex> l(mu_);
      after = after_;
    }
    if (after) after(verb);
  }
  Status RunFault(std::string_view verb, const std::string& key) {
    Fault fault;
    {
      std::lock_guard<std::mutex> l(mu_);
      fault = fault_;
    }
    return fault ? fault(verb, key) : Status::Ok();
  }

  mutable std::mutex mu_;
  std::map<std::string, Lease> leases_;  // guarded by mu_
  std::vector<Lease> history_;           // guarded by mu_
  Fault fault_;                          // guarded by mu_
  After after_;                          // guarded by mu_
  int64_t rv_ = 100;                     // guarded by mu_
  int conflicts_ = 0;                    // guarded by mu_
  int gets_ = 0;                         // guarded by mu_
};

}  // namespace kubecxx::client::leaderelection::testing
