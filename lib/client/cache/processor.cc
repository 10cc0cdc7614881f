#include "lib/client/cache/processor.h"

#include <exception>
#include <utility>

#include "lib/log/log.h"

namespace kubecxx::client::cache {

Clock::Duration DetermineResyncPeriod(Clock::Duration desired, Clock::Duration check) {
  if (desired.count() == 0) return desired;
  if (check.count() == 0) {
    KLOG_INFO_S("Warning: the specified resyncPeriod is invalid because this shared informer "
                "doesn't support resyncing");
    return Clock::Duration(0);
  }
  if (desired < check) {
    KLOG_INFO_S("Warning: the specified resyncPeriod is being increased to the minimum "
                "resyncCheckPeriod");
    return check;
  }
  return desired;
}

// ---- Listener ----

Listener::Listener(std::shared_ptr<EventHandler> handler, Clock::Duration requested_resync,
                   Clock::Duration resync, Clock::TimePoint now)
    : handler_(std::move(handler)), requested_resync_(requested_resync), resync_(resync),
      next_resync_(now + resync) {}

Listener::~Listener() { Stop(); }

void Listener::Add(Notification n) {
  std::lock_guard l(mu_);
  if (stop_) return;
  if (n.kind == Notification::kAdd && n.is_in_initial_list) ++initial_pending_;
  queue_.push_back(std::move(n));
  cv_.notify_one();
}

void Listener::Start() {
  std::lock_guard l(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
}

void Listener::Stop() {
  std::thread t;
  {
    std::lock_guard l(mu_);
    stop_ = true;
    queue_.clear();
    cv_.notify_all();
    t = std::move(thread_);
  }
  if (!t.joinable()) return;
  if (t.get_id() == std::this_thread::get_id()) {
    t.detach();  // a handler removed itself; its loop ends after this call returns
  } else {
    t.join();
  }
}

void Listener::Loop() {
  std::unique_lock l(mu_);
  for (;;) {
    cv_.wait(l, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Notification n = std::move(queue_.front());
    queue_.pop_front();
    l.unlock();
    try {
      switch (n.kind) {
        case Notification::kAdd:
          handler_->OnAdd(n.obj, n.is_in_initial_list);
          break;
        case Notification::kUpdate:
          handler_->OnUpdate(n.old_obj, n.obj);
          break;
        case Notification::kDelete:
          handler_->OnDelete(DeletedObject{std::move(n.obj), std::move(n.key),
                                           n.final_state_unknown});
          break;
      }
    } catch (const std::exception& e) {
      KLOG_ERROR_S(std::string(e.what()), "Event handler threw; the event is dropped");
    } catch (...) {
      KLOG_ERROR_S(std::string("unknown exception"), "Event handler threw; the event is dropped");
    }
    l.lock();
    if (n.kind == Notification::kAdd && n.is_in_initial_list) --initial_pending_;
  }
}

bool Listener::HasSynced() const {
  std::lock_guard l(mu_);
  return upstream_synced_ && initial_pending_ == 0;
}

void Listener::SetUpstreamSynced() {
  std::lock_guard l(mu_);
  upstream_synced_ = true;
}

bool Listener::ShouldResync(Clock::TimePoint now) const {
  std::lock_guard l(mu_);
  return resync_.count() != 0 && now >= next_resync_;
}

void Listener::DetermineNextResync(Clock::TimePoint now) {
  std::lock_guard l(mu_);
  next_resync_ = now + resync_;
}

void Listener::SetResyncPeriod(Clock::Duration d) {
  std::lock_guard l(mu_);
  resync_ = d;
}

size_t Listener::pending() const {
  std::lock_guard l(mu_);
  return queue_.size();
}

// ---- Processor ----

bool Processor::AddListener(std::shared_ptr<Listener> listener) {
  std::lock_guard l(mu_);
  listeners_.push_back(Entry{listener, false});
  if (started_) listener->Start();
  return started_;
}

bool Processor::RemoveListener(const HandlerRegistration* r) {
  std::shared_ptr<Listener> removed;
  {
    std::lock_guard l(mu_);
    for (auto it = listeners_.begin(); it != listeners_.end(); ++it) {
      if (it->listener.get() == r) {
        removed = std::move(it->listener);
        listeners_.erase(it);
        break;
      }
    }
  }
  if (!removed) return false;
  removed->Stop();
  return true;
}

void Processor::Distribute(const Notification& n, bool sync) {
  std::lock_guard l(mu_);
  for (Entry& e : listeners_) {
    if (!sync || e.syncing) e.listener->Add(n);
  }
}

void Processor::SetUpstreamSynced() {
  std::lock_guard l(mu_);
  for (Entry& e : listeners_) e.listener->SetUpstreamSynced();
}

void Processor::Run() {
  std::lock_guard l(mu_);
  for (Entry& e : listeners_) e.listener->Start();
  started_ = true;
}

void Processor::Stop() {
  std::vector<Entry> all;
  {
    std::lock_guard l(mu_);
    started_ = false;
    all.swap(listeners_);
  }
  for (Entry& e : all) e.listener->Stop();
}

bool Processor::ShouldResync() {
  std::lock_guard l(mu_);
  bool needed = false;
  Clock::TimePoint now = clock_->Now();
  for (Entry& e : listeners_) {
    e.syncing = e.listener->ShouldResync(now);
    if (e.syncing) {
      needed = true;
      e.listener->DetermineNextResync(now);
    }
  }
  return needed;
}

void Processor::ResyncCheckPeriodChanged(Clock::Duration check) {
  std::lock_guard l(mu_);
  for (Entry& e : listeners_) {
    e.listener->SetResyncPeriod(DetermineResyncPeriod(e.listener->requested_resync_period(), check));
  }
}

size_t Processor::size() const {
  std::lock_guard l(mu_);
  return listeners_.size();
}

}  // namespace kubecxx::client::cache
