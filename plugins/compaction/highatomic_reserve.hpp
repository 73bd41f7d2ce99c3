// The reserve of pageblocks for high-order atomic requests (Linux 4.4, MIGRATE_HIGHATOMIC): a
// high-order atomic request that succeeds outside the reserve turns its pageblock into a
// highatomic one, up to about 1% of the region plus one pageblock; high-order atomic requests
// are served from the reserve first, other atomic requests only when nothing else is free, and
// no other request; a request that may wait and fails otherwise takes a pageblock back out of it
// (unreserve_highatomic_pageblock), so the reserve never costs a request it could have served.
#pragma once

#include "../mobility/mobility_allocator.hpp"

#include <cstdint>

namespace memfrag::compaction {

struct HighatomicCounts {
   uint64_t reservations = 0;
   uint64_t releases = 0;
   uint64_t served = 0;
};

class HighatomicReserve {
 public:
   HighatomicReserve(mobility::MobilityAllocator &allocator, bool enabled) noexcept;

   // The requests the reserve is for: atomic and of an order above 0.
   static bool is_high_order_atomic(uint32_t order, uint32_t flags) noexcept {
      return order > 0 && (flags & MEMFRAG_REQ_ATOMIC) != 0;
   }

   // A block of the reserve for an atomic request, or MEMFRAG_NO_FRAME.
   uint64_t take(uint32_t order) noexcept;
   // reserve_highatomic_pageblock: after a high-order atomic request was served at `frame`
   // from outside the reserve, makes its pageblock a highatomic one while the reserve is below
   // its limit.
   void reserve_around(uint64_t frame, uint32_t order) noexcept;
   // Gives one reserved pageblock to `type`; false when none is reserved.
   bool release_one(uint8_t type) noexcept;

   // The limit in frames: 1% of the region plus a pageblock, as the kernel's max_managed.
   uint64_t limit_frames() const noexcept { return limit_frames_; }
   uint64_t reserved_frames() const noexcept { return reserved_frames_; }
   const HighatomicCounts &counts() const noexcept { return counts_; }

 private:
   mobility::MobilityAllocator &allocator_;
   bool enabled_;
   uint64_t limit_frames_;
   uint64_t reserved_frames_ = 0;
   HighatomicCounts counts_;
};

} // namespace memfrag::compaction
