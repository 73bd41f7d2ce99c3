// Reserving pageblocks for high-order atomic requests, serving them, and giving them back.
#include "highatomic_reserve.hpp"

namespace memfrag::compaction {

HighatomicReserve::HighatomicReserve(mobility::MobilityAllocator &allocator, bool enabled) noexcept
    : allocator_(allocator), enabled_(enabled),
      limit_frames_(allocator.frame_count() / 100 + (uint64_t{1} << allocator.pageblock_order())) {
}

uint64_t HighatomicReserve::take(uint32_t order) noexcept {
   if (reserved_frames_ == 0) {
      return MEMFRAG_NO_FRAME;
   }
   const uint64_t frame = allocator_.alloc_from_type(order, mobility::highatomic_type);
   counts_.served += frame != MEMFRAG_NO_FRAME ? 1 : 0;
   return frame;
}

// A block of at least a pageblock is no atomic-sized block worth reserving for, and the kernel
// checks the limit before reserving, so the reserve may end one pageblock above it.
void HighatomicReserve::reserve_around(uint64_t frame, uint32_t order) noexcept {
   const auto pageblock = static_cast<uint32_t>(frame >> allocator_.pageblock_order());
   if (!enabled_ || order >= allocator_.pageblock_order() || reserved_frames_ >= limit_frames_ ||
       allocator_.pageblock_type(pageblock) == mobility::highatomic_type) {
      return;
   }
   allocator_.set_pageblock_type(pageblock, mobility::highatomic_type);
   reserved_frames_ += allocator_.pageblock_frames(pageblock);
   ++counts_.reservations;
}

// The lowest reserved pageblock goes: the kernel takes the first it finds on the free lists.
bool HighatomicReserve::release_one(uint8_t type) noexcept {
   for (uint32_t pageblock = 0; reserved_frames_ != 0 && pageblock < allocator_.pageblock_count();
        ++pageblock) {
      if (allocator_.pageblock_type(pageblock) == mobility::highatomic_type) {
         allocator_.set_pageblock_type(pageblock, type);
         reserved_frames_ -= allocator_.pageblock_frames(pageblock);
         ++counts_.releases;
         return true;
      }
   }
   return false;
}

} // namespace memfrag::compaction
