#include "lib/client/cache/malloc_tuning.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kubecxx::client::cache {

bool UseMainMallocArena() {
#if defined(__GLIBC__)
  constexpr int kTopPad = 16 << 20;
  return mallopt(M_ARENA_MAX, 1) == 1 && mallopt(M_TOP_PAD, kTopPad) == 1;
#else
  return false;
#endif
}

}  // namespace kubecxx::client::cache
