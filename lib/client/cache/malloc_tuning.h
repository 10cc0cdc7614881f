// Allocator settings for processes whose informers hold large caches.
//
// An informer decodes every object on its reflector thread. glibc gives such a thread its own
// malloc arena, and a non-main arena grows its heap one page at a time with mprotect(2): filling
// a 300 MB cache costs ~75,000 mprotect calls and VMA updates, measured at 15-20% of the
// informer's CPU while syncing 20,000 pods (docs/performance.md, "Informer benchmark"). The main
// arena grows with brk(2) in steps of M_TOP_PAD instead. Go's runtime maps its heap in 64 MB
// arenas, so client-go pays nothing comparable.
//
// UseMainMallocArena() makes every thread allocate from the main arena (M_ARENA_MAX = 1) and
// grows it in 16 MB steps (M_TOP_PAD). Process-wide: call it at the top of main(), before any
// thread starts. Threads then share one arena lock, which costs little for informer workloads
// (one decoding thread per informer) but may for allocation-heavy servers. A no-op (returns
// false) without glibc. Not called by the library itself: the program decides.
#pragma once

namespace kubecxx::client::cache {

bool UseMainMallocArena();

}  // namespace kubecxx::client::cache
