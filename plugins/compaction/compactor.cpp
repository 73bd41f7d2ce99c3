// The migrate and free scanners of compaction.
#include "compactor.hpp"

#include <algorithm>

namespace memfrag::compaction {

using buddy::is_free_head_state;
using buddy::is_head_state;
using buddy::order_of_state;

Compactor::Compactor(mobility::MobilityAllocator &allocator,
                     const classic::WorldClient &world) noexcept
    : allocator_(allocator), world_(world) {
   reset_scanners();
}

void Compactor::reset_scanners() noexcept {
   migrate_pageblock_ = 0;
   move_free_scanner_to(allocator_.pageblock_count() == 0 ? 0 : allocator_.pageblock_count() - 1);
}

void Compactor::move_free_scanner_to(uint64_t pageblock) noexcept {
   free_pageblock_ = pageblock;
   free_cursor_ = pageblock << allocator_.pageblock_order();
}

Compactor::Step Compactor::compact_next_pageblock(uint32_t order, uint8_t source_type) noexcept {
   if (migrate_pageblock_ >= free_pageblock_) {
      reset_scanners();
      return Step::scanners_met;
   }
   const uint64_t pageblock = migrate_pageblock_++;
   const uint8_t type = allocator_.pageblock_type(static_cast<uint32_t>(pageblock));
   if (source_type != any_type && type != source_type) {
      return Step::scanned;
   }
   const uint32_t range_order = std::min(order, allocator_.pageblock_order());
   const uint64_t start = pageblock << allocator_.pageblock_order();
   const uint64_t end = start + allocator_.pageblock_frames(static_cast<uint32_t>(pageblock));
   counts_.migrate_scanned_frames += end - start;
   for (uint64_t range = start; range < end; range += uint64_t{1} << range_order) {
      const uint64_t range_end = std::min(end, range + (uint64_t{1} << range_order));
      if (range_can_be_emptied(range, range_end, range_order) &&
          !empty_range(range, range_end, pageblock)) {
         break;
      }
   }
   return Step::scanned;
}

// A range worth emptying holds at least one allocated block and nothing the world cannot move:
// migrating out of a range that keeps an unmovable or reclaimable block would copy data without
// making the range free. A range inside a larger block (free or allocated) is not worth it
// either.
bool Compactor::range_can_be_emptied(uint64_t start, uint64_t end,
                                     uint32_t range_order) const noexcept {
   bool holds_allocated = false;
   for (uint64_t frame = start; frame < end;) {
      const uint8_t state = allocator_.frame_state(static_cast<uint32_t>(frame));
      if (!is_head_state(state)) {
         return false;
      }
      const uint32_t order = order_of_state(state);
      if (!is_free_head_state(state)) {
         if (!is_migratable(static_cast<uint32_t>(frame), order, range_order)) {
            return false;
         }
         holds_allocated = true;
      }
      frame += uint64_t{1} << order;
   }
   return holds_allocated;
}

// The world's view of the block must be the allocator's: a live movable block of this order
// starting here. A block as large as the range would need a free destination of the order
// compaction is trying to produce.
bool Compactor::is_migratable(uint32_t head, uint32_t order, uint32_t range_order) const noexcept {
   memfrag_block_info_t info{};
   return order < range_order && world_.block_at(head, info) && info.first_frame == head &&
          info.order == order && info.mobility == MEMFRAG_MOBILITY_MOVABLE && !info.stitched;
}

// Migrates every allocated block of the range. Freed sources merge as they go, so frames that
// are no block head any more are stepped over one by one. Returns false when the free scanner
// found no destination: the scanners have met.
bool Compactor::empty_range(uint64_t start, uint64_t end, uint64_t pageblock) noexcept {
   for (uint64_t frame = start; frame < end;) {
      const auto head = static_cast<uint32_t>(frame);
      const uint8_t state = allocator_.frame_state(head);
      if (!is_head_state(state)) {
         ++frame;
         continue;
      }
      const uint32_t order = order_of_state(state);
      frame += uint64_t{1} << order;
      if (is_free_head_state(state)) {
         continue;
      }
      const uint64_t destination = take_destination(order, pageblock);
      if (destination == MEMFRAG_NO_FRAME) {
         return false;
      }
      if (world_.migrate(head, destination)) {
         allocator_.free(head, order, 0);
         ++counts_.migrated_blocks;
         counts_.migrated_frames += uint64_t{1} << order;
      } else {
         allocator_.free(destination, order, 0);
         ++counts_.failed_migrations;
      }
   }
   return true;
}

// isolate_freepages: walks down from the high end, pageblock by pageblock, never reaching the
// pageblock the migrate scanner is emptying.
uint64_t Compactor::take_destination(uint32_t order, uint64_t above_pageblock) noexcept {
   while (free_pageblock_ > above_pageblock) {
      if (is_migration_target(free_pageblock_)) {
         const uint64_t frame = take_free_block_from_cursor(order);
         if (frame != MEMFRAG_NO_FRAME) {
            return frame;
         }
      }
      move_free_scanner_to(free_pageblock_ - 1);
   }
   return MEMFRAG_NO_FRAME;
}

// suitable_migration_target: a movable pageblock that is not one whole free block (breaking up
// a free pageblock to fill it would undo what compaction is for).
bool Compactor::is_migration_target(uint64_t pageblock) const noexcept {
   const auto start = static_cast<uint32_t>(pageblock << allocator_.pageblock_order());
   const uint8_t state = allocator_.frame_state(start);
   const bool whole_free_pageblock =
       is_free_head_state(state) && order_of_state(state) >= allocator_.pageblock_order();
   return allocator_.pageblock_type(static_cast<uint32_t>(pageblock)) == MEMFRAG_MOBILITY_MOVABLE &&
          is_head_state(state) && !whole_free_pageblock;
}

// The next free block of at least `order` from the cursor on, split so that its first 2^order
// frames become the destination; the cursor stays on it, the rest of the block lying after it.
uint64_t Compactor::take_free_block_from_cursor(uint32_t order) noexcept {
   const uint64_t end = (free_pageblock_ << allocator_.pageblock_order()) +
                        allocator_.pageblock_frames(static_cast<uint32_t>(free_pageblock_));
   while (free_cursor_ < end) {
      const auto head = static_cast<uint32_t>(free_cursor_);
      const uint8_t state = allocator_.frame_state(head);
      const uint32_t found = is_head_state(state) ? order_of_state(state) : 0;
      if (is_free_head_state(state) && found >= order) {
         counts_.free_scanned_frames += uint64_t{1} << order;
         return allocator_.take_free_block(head, order);
      }
      free_cursor_ += uint64_t{1} << found;
      counts_.free_scanned_frames += uint64_t{1} << found;
   }
   return MEMFRAG_NO_FRAME;
}

} // namespace memfrag::compaction
