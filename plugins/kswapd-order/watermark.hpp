// The kernel's zone watermark test with order > 0 (__zone_watermark_ok, mm/page_alloc.c, in the
// form it kept from 2.6.x to 4.x), over the reference buddy's free lists.
#pragma once

#include "../buddy/buddy_allocator.hpp"

#include <cmath>
#include <cstdint>

namespace memfrag::kswapd {

// True when, after serving an order-`order` block, more than `mark` frames would stay free and,
// for every order o from 1 to `order`, more than mark >> o frames would be free in blocks of
// order o or above: the watermark halves per order, so high orders need fewer but larger
// blocks. Order 0 is the plain free-count test.
inline bool watermark_ok(const buddy::BuddyAllocator &buddy, uint32_t order,
                         uint64_t mark) noexcept {
   const uint64_t needed = (uint64_t{1} << order) - 1;
   if (buddy.free_frames() <= needed + mark) {
      return false;
   }
   uint64_t free_above = buddy.free_frames() - needed;
   for (uint32_t lower = 0; lower < order; ++lower) {
      const uint64_t in_lower = buddy.free_blocks(lower) << lower;
      free_above = free_above > in_lower ? free_above - in_lower : 0;
      mark >>= 1;
      if (free_above <= mark) {
         return false;
      }
   }
   return true;
}

// The kernel's default min watermark for a zone of `frames` 4 KiB frames: min_free_kbytes =
// sqrt(16 x KiB of memory), between 128 KiB and 64 MiB (mm/page_alloc.c, init_per_zone_wmark_min).
inline uint64_t default_min_free_frames(uint64_t frames) noexcept {
   const auto root = static_cast<uint64_t>(std::sqrt(static_cast<double>(frames * 4 * 16)));
   const uint64_t min_kbytes = root < 128 ? 128 : (root > 65536 ? 65536 : root);
   return min_kbytes / 4;
}

} // namespace memfrag::kswapd
