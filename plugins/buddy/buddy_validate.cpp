// The buddy allocator's invariant check. It walks the region block by block (the state bytes
// must tile it exactly with aligned blocks), then every free list (links, states and counts must
// agree), so a single corrupted byte of state or of a listed link is reported.
#include "buddy_allocator.hpp"

#include <cinttypes>

namespace memfrag::buddy {

bool BuddyAllocator::validate(cpp::Diagnostic &diagnostic) const {
   const RegionView region = region_view();
   uint64_t free_heads = 0;
   if (!validate_blocks(diagnostic, region, free_heads)) {
      return false;
   }
   uint64_t listed = 0;
   uint64_t listed_frames = 0;
   const auto any_block = [](uint32_t) { return true; };
   for (uint32_t order = 0; order <= max_order_; ++order) {
      if (!validate_free_list(diagnostic, region, free_lists_, order, "", any_block)) {
         return false;
      }
      listed += free_lists_.count(order);
      listed_frames += free_lists_.count(order) << order;
   }
   if (listed != free_heads) {
      return diagnostic.fail("%" PRIu64 " free blocks in the state bytes but %" PRIu64
                             " on the free lists",
                             free_heads, listed);
   }
   if (listed_frames != free_frames_) {
      return diagnostic.fail("free frame count is %" PRIu64 " but the free lists hold %" PRIu64,
                             free_frames_, listed_frames);
   }
   return validate_unused_orders(diagnostic, region, free_lists_, "");
}

RegionView BuddyAllocator::region_view() const noexcept {
   return {states_, frame_count_, max_order_};
}

} // namespace memfrag::buddy
