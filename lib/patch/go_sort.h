// Go's sort.SliceStable (insertion-sorted blocks of 20, then SymMerge), step for step, so
// that comparators which are not strict weak orders (strategicpatch has one) order elements
// exactly as upstream does.
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace kubecxx::patch {

template <typename T>
void GoSliceStable(std::vector<T>& v, const std::function<bool(const T&, const T&)>& less) {
  auto lt = [&](size_t i, size_t j) { return less(v[i], v[j]); };
  auto sw = [&](size_t i, size_t j) { std::swap(v[i], v[j]); };
  auto insertion = [&](size_t a, size_t b) {
    for (size_t i = a + 1; i < b; ++i) {
      for (size_t j = i; j > a && lt(j, j - 1); --j) sw(j, j - 1);
    }
  };
  auto swap_range = [&](size_t a, size_t b, size_t n) {
    for (size_t i = 0; i < n; ++i) sw(a + i, b + i);
  };
  auto rotate = [&](size_t a, size_t m, size_t b) {
    size_t i = m - a;
    size_t j = b - m;
    while (i != j) {
      if (i > j) {
        swap_range(m - i, m, j);
        i -= j;
      } else {
        swap_range(m - i, m + j - i, i);
        j -= i;
      }
    }
    swap_range(m - i, m, i);
  };
  std::function<void(size_t, size_t, size_t)> sym_merge = [&](size_t a, size_t m, size_t b) {
    if (m - a == 1) {
      size_t i = m, j = b;
      while (i < j) {
        size_t h = (i + j) >> 1;
        if (lt(h, a)) {
          i = h + 1;
        } else {
          j = h;
        }
      }
      for (size_t k = a; k + 1 < i; ++k) sw(k, k + 1);
      return;
    }
    if (b - m == 1) {
      size_t i = a, j = m;
      while (i < j) {
        size_t h = (i + j) >> 1;
        if (!lt(m, h)) {
          i = h + 1;
        } else {
          j = h;
        }
      }
      for (size_t k = m; k > i; --k) sw(k, k - 1);
      return;
    }
    size_t mid = (a + b) >> 1;
    size_t n = mid + m;
    size_t start, r;
    if (m > mid) {
      start = n - b;
      r = mid;
    } else {
      start = a;
      r = m;
    }
    size_t p = n - 1;
    while (start < r) {
      size_t c = (start + r) >> 1;
      if (!lt(p - c, c)) {
        start = c + 1;
      } else {
        r = c;
      }
    }
    size_t end = n - start;
    if (start < m && m < end) rotate(start, m, end);
    if (a < start && start < mid) sym_merge(a, start, mid);
    if (mid < end && end < b) sym_merge(mid, end, b);
  };
  const size_t n = v.size();
  size_t block = 20;
  size_t a = 0, b = block;
  while (b <= n) {
    insertion(a, b);
    a = b;
    b += block;
  }
  insertion(a, n);
  while (block < n) {
    a = 0;
    b = 2 * block;
    while (b <= n) {
      sym_merge(a, a + block, b);
      a = b;
      b += 2 * block;
    }
    if (a + block < n) sym_merge(a, a + block, n);
    block *= 2;
  }
}

}  // namespace kubecxx::patch
