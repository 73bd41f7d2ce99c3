// compact_zone's two scanners over one mobility-grouping instance (mm/compaction.c, Linux
// 2.6.35): the migrate scanner walks pageblocks up from the low end of the region, isolating the
// movable blocks of a pageblock; the free scanner walks down from the high end, taking free
// blocks of movable pageblocks as destinations; each block is migrated by the world, which
// copies its bytes. A run ends when its goal is met or the scanners meet; their positions carry
// over from one run to the next (compact_cached_migrate_pfn / compact_cached_free_pfn) and go
// back to the ends once they have met.
#pragma once

#include "../classic/world_client.hpp"
#include "../mobility/mobility_allocator.hpp"

#include <cstdint>

namespace memfrag::compaction {

struct CompactorCounts {
   uint64_t migrated_blocks = 0;
   uint64_t migrated_frames = 0;
   uint64_t failed_migrations = 0;
   uint64_t migrate_scanned_frames = 0;
   uint64_t free_scanned_frames = 0;
};

class Compactor {
 public:
   enum class Step : uint8_t { scanned, scanners_met };

   Compactor(mobility::MobilityAllocator &allocator, const classic::WorldClient &world) noexcept;

   // Which pageblocks the migrate scanner takes blocks from (suitable_migration_source).
   // Direct compaction is asynchronous in the kernel and, for a request of one type, empties
   // only pageblocks of that type (movable for movable requests): moving movable data out of
   // another type's pageblock into the movable ones would leave fewer free frames to the
   // movable requests to come and push them into other types' pageblocks. The daemon's
   // compaction takes from every pageblock.
   static constexpr uint8_t any_type = UINT8_MAX;

   // Compacts the next pageblock of the migrate scanner for a block of `order`, if it is of
   // `source_type` (or any_type): every aligned range of that order (at most a pageblock) that
   // holds only movable and free frames is emptied. Returns scanners_met, with both positions
   // back at the ends, when no pageblock was left between them.
   Step compact_next_pageblock(uint32_t order, uint8_t source_type) noexcept;

   // Runs the scanners until `done()` holds (true) or they meet (false).
   template <class Done> bool run(uint32_t order, uint8_t source_type, Done done) noexcept {
      while (!done()) {
         if (compact_next_pageblock(order, source_type) == Step::scanners_met) {
            return done();
         }
      }
      return true;
   }

   const CompactorCounts &counts() const noexcept { return counts_; }
   uint64_t migrate_pageblock() const noexcept { return migrate_pageblock_; }
   uint64_t free_pageblock() const noexcept { return free_pageblock_; }

 private:
   bool range_can_be_emptied(uint64_t start, uint64_t end, uint32_t range_order) const noexcept;
   bool is_migratable(uint32_t head, uint32_t order, uint32_t range_order) const noexcept;
   bool empty_range(uint64_t start, uint64_t end, uint64_t pageblock) noexcept;
   uint64_t take_destination(uint32_t order, uint64_t above_pageblock) noexcept;
   bool is_migration_target(uint64_t pageblock) const noexcept;
   uint64_t take_free_block_from_cursor(uint32_t order) noexcept;
   void move_free_scanner_to(uint64_t pageblock) noexcept;
   void reset_scanners() noexcept;

   mobility::MobilityAllocator &allocator_;
   const classic::WorldClient &world_;
   uint64_t migrate_pageblock_ = 0;
   uint64_t free_pageblock_ = 0;
   uint64_t free_cursor_ = 0; // the free scanner's next frame in free_pageblock_
   CompactorCounts counts_;
};

} // namespace memfrag::compaction
