// The mobility allocator's invariant check: the state bytes tile the region with aligned blocks
// and free buddies are merged (the reference buddy's checks), every pageblock has a valid type,
// each type's free lists hold only free blocks of their order whose first frame lies in a
// pageblock of that type, and the counts agree with what the walk found.
#include "../buddy/region_checks.hpp"
#include "mobility_allocator.hpp"

#include <algorithm>
#include <cinttypes>

namespace memfrag::mobility {

bool MobilityAllocator::validate(cpp::Diagnostic &diagnostic) const {
   const buddy::RegionView region{states_, frame_count_, max_order_};
   uint64_t free_heads = 0;
   const auto may_merge = [this](uint32_t frame, uint32_t buddy, uint32_t order) {
      return this->may_merge(frame, buddy, order);
   };
   if (!validate_types(diagnostic) ||
       !buddy::validate_blocks(diagnostic, region, free_heads, may_merge) ||
       !validate_highatomic_apart(diagnostic)) {
      return false;
   }
   for (uint8_t type = 0; type < type_count; ++type) {
      if (!validate_type_lists(diagnostic, type)) {
         return false;
      }
   }
   return validate_counts(diagnostic, free_heads);
}

bool MobilityAllocator::validate_types(cpp::Diagnostic &diagnostic) const {
   for (uint64_t pageblock = 0; pageblock < pageblock_count_; ++pageblock) {
      if (types_[pageblock] >= type_count) {
         return diagnostic.fail("pageblock %" PRIu64 " has type %u, not a mobility type", pageblock,
                                types_[pageblock]);
      }
   }
   return true;
}

// No free block larger than a pageblock holds a highatomic pageblock (merge_limit()).
bool MobilityAllocator::validate_highatomic_apart(cpp::Diagnostic &diagnostic) const {
   for (uint64_t frame = 0; frame < frame_count_;) {
      const uint32_t order = buddy::order_of_state(states_[frame]);
      const uint64_t end = std::min(frame_count_, frame + (uint64_t{1} << order));
      const bool spans_pageblocks =
          buddy::is_free_head_state(states_[frame]) && order > pageblock_order_;
      for (uint64_t pageblock = frame >> pageblock_order_;
           spans_pageblocks && pageblock << pageblock_order_ < end; ++pageblock) {
         if (types_[pageblock] == highatomic_type) {
            return diagnostic.fail("free block at frame %" PRIu64 " of order %" PRIu32
                                   " holds highatomic pageblock %" PRIu64,
                                   frame, order, pageblock);
         }
      }
      frame += uint64_t{1} << order;
   }
   return true;
}

// Every order's list of one type, nothing above max_order, and each listed block in a pageblock
// of the type.
bool MobilityAllocator::validate_type_lists(cpp::Diagnostic &diagnostic, uint8_t type) const {
   const buddy::RegionView region{states_, frame_count_, max_order_};
   const buddy::FreeLists &lists = lists_[type];
   const auto in_type_pageblock = [&](uint32_t frame) {
      if (type_at(frame) == type) {
         return true;
      }
      return diagnostic.fail("%s free list holds frame %" PRIu32 " of a %s pageblock",
                             type_names[type], frame, type_names[type_at(frame)]);
   };
   for (uint32_t order = 0; order <= max_order_; ++order) {
      if (!buddy::validate_free_list(diagnostic, region, lists, order, type_prefixes[type],
                                     in_type_pageblock)) {
         return false;
      }
   }
   return buddy::validate_unused_orders(diagnostic, region, lists, type_prefixes[type]);
}

// Every free block found in the walk is on exactly one list (each listed node was checked to be
// a distinct free head), and the free frame count matches the lists.
bool MobilityAllocator::validate_counts(cpp::Diagnostic &diagnostic, uint64_t free_heads) const {
   uint64_t listed = 0;
   uint64_t listed_frames = 0;
   for (const buddy::FreeLists &lists : lists_) {
      for (uint32_t order = 0; order <= max_order_; ++order) {
         listed += lists.count(order);
         listed_frames += lists.count(order) << order;
      }
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
   return true;
}

} // namespace memfrag::mobility
