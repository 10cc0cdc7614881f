// TypedRateLimitingQueue: a delaying queue whose AddRateLimited asks a rate limiter how long
// the item should wait (client-go's TypedRateLimitingInterface).
//
// The usual worker loop:
//   while (auto key = queue.Get()) {
//     Status s = Sync(*key);
//     if (s.ok()) queue.Forget(*key); else queue.AddRateLimited(*key);
//     queue.Done(*key);
//   }
// Remember Forget: without it the per-item limiter keeps counting failures forever.
//
// Thread-safety: as TypedQueue; the limiter must be thread-safe (all of ours are).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "lib/workqueue/queue.h"
#include "lib/workqueue/rate_limiter.h"

namespace kubecxx::workqueue {

template <typename T, typename Hash = std::hash<T>>
class TypedRateLimitingQueue : public TypedDelayingQueue<T, Hash> {
 public:
  // REQUIRES: rate_limiter != nullptr.
  explicit TypedRateLimitingQueue(std::unique_ptr<TypedRateLimiter<T>> rate_limiter,
                                  QueueConfig config = {})
      : TypedDelayingQueue<T, Hash>(std::move(config)), rate_limiter_(std::move(rate_limiter)) {}

  // AddAfter(item, rate_limiter.When(item)).
  void AddRateLimited(const T& item) { this->AddAfter(item, rate_limiter_->When(item)); }

  // Clears the limiter's memory of the item. Done must still be called.
  void Forget(const T& item) { rate_limiter_->Forget(item); }

  int NumRequeues(const T& item) { return rate_limiter_->NumRequeues(item); }

 private:
  const std::unique_ptr<TypedRateLimiter<T>> rate_limiter_;
};

extern template class TypedRateLimitingQueue<std::string>;
using RateLimitingQueue = TypedRateLimitingQueue<std::string>;

}  // namespace kubecxx::workqueue
