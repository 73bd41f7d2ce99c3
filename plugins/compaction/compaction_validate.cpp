// The compaction allocator's invariant check: the mobility grouping's own, then the reserve
// (its count matches the highatomic pageblocks, within its limit), the scanners inside the
// region, the deferral and the boost within their bounds.
#include "compaction_allocator.hpp"

#include <cinttypes>

namespace memfrag::compaction {

bool CompactionAllocator::validate(cpp::Diagnostic &diagnostic) const {
   return mobility_.validate(diagnostic) && validate_reserve(diagnostic) &&
          validate_own_state(diagnostic);
}

// The kernel checks the limit before reserving, so the reserve may pass it by one pageblock.
bool CompactionAllocator::validate_reserve(cpp::Diagnostic &diagnostic) const {
   uint64_t highatomic_frames = 0;
   for (uint32_t pageblock = 0; pageblock < mobility_.pageblock_count(); ++pageblock) {
      if (mobility_.pageblock_type(pageblock) == mobility::highatomic_type) {
         highatomic_frames += mobility_.pageblock_frames(pageblock);
      }
   }
   if (highatomic_frames != reserve_.reserved_frames()) {
      return diagnostic.fail("highatomic pageblocks hold %" PRIu64
                             " frames but the reserve counts %" PRIu64,
                             highatomic_frames, reserve_.reserved_frames());
   }
   const uint64_t pageblock = uint64_t{1} << mobility_.pageblock_order();
   if (highatomic_frames >= reserve_.limit_frames() + pageblock) {
      return diagnostic.fail("the highatomic reserve holds %" PRIu64
                             " frames, a pageblock or more above its limit of %" PRIu64,
                             highatomic_frames, reserve_.limit_frames());
   }
   return true;
}

bool CompactionAllocator::validate_own_state(cpp::Diagnostic &diagnostic) const {
   const uint64_t pageblocks = mobility_.pageblock_count();
   if (compactor_.migrate_pageblock() > pageblocks ||
       (pageblocks != 0 && compactor_.free_pageblock() >= pageblocks)) {
      return diagnostic.fail("compaction scanners at pageblocks %" PRIu64 " and %" PRIu64
                             " leave a region of %" PRIu64 " pageblocks",
                             compactor_.migrate_pageblock(), compactor_.free_pageblock(),
                             pageblocks);
   }
   if (deferral_.defer_shift() > CompactionDeferral::max_defer_shift ||
       deferral_.considered() > uint64_t{1} << deferral_.defer_shift()) {
      return diagnostic.fail("compaction deferral at shift %" PRIu32 " with %" PRIu64
                             " attempts considered",
                             deferral_.defer_shift(), deferral_.considered());
   }
   if (boost_.frames() > boost_.max_frames()) {
      return diagnostic.fail("watermark boost of %" PRIu64 " frames is above its maximum %" PRIu64,
                             boost_.frames(), boost_.max_frames());
   }
   return true;
}

} // namespace memfrag::compaction
