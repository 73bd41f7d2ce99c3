// The buddy allocator's invariant check. It walks the region block by block (the state bytes
// must tile it exactly with aligned blocks), then every free list (links, states and counts must
// agree), so a single corrupted byte of state or of a listed link is reported.
#include "buddy_allocator.hpp"

#include <cinttypes>

namespace memfrag::buddy {

bool BuddyAllocator::validate(cpp::Diagnostic &diagnostic) const {
   uint64_t free_heads = 0;
   if (!validate_blocks(diagnostic, free_heads)) {
      return false;
   }
   uint64_t listed = 0;
   uint64_t listed_frames = 0;
   for (uint32_t order = 0; order <= max_order_; ++order) {
      if (!validate_free_list(diagnostic, order)) {
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
   return validate_unused_orders(diagnostic);
}

// Walks the region block by block, counting free blocks.
bool BuddyAllocator::validate_blocks(cpp::Diagnostic &diagnostic, uint64_t &free_heads) const {
   for (uint64_t frame = 0; frame < frame_count_;) {
      const auto head = static_cast<uint32_t>(frame);
      if (!validate_block_at(diagnostic, head)) {
         return false;
      }
      const uint32_t order = order_of_state(states_[head]);
      if (is_free_head_state(states_[head])) {
         ++free_heads;
         if (!validate_merged(diagnostic, head, order)) {
            return false;
         }
      }
      frame += uint64_t{1} << order;
   }
   return true;
}

// The block starting at `frame`: a valid head state, aligned, inside the region, and every
// other frame of it marked as inside a block.
bool BuddyAllocator::validate_block_at(cpp::Diagnostic &diagnostic, uint32_t frame) const {
   const uint8_t state = states_[frame];
   if (!is_head_state(state)) {
      return diagnostic.fail("frame %" PRIu32 " should start a block but has state 0x%02x", frame,
                             state);
   }
   const uint32_t order = order_of_state(state);
   const uint64_t frames = uint64_t{1} << order;
   if (order > max_order_) {
      return diagnostic.fail("block at frame %" PRIu32 " has order %" PRIu32 " above max_order",
                             frame, order);
   }
   if (frame % frames != 0 || frame + frames > frame_count_) {
      return diagnostic.fail("block at frame %" PRIu32 " of order %" PRIu32
                             " is misaligned or leaves the region",
                             frame, order);
   }
   for (uint64_t inside = frame + 1; inside < frame + frames; ++inside) {
      if (states_[inside] != inside_block_state) {
         return diagnostic.fail("frame %" PRIu64 " inside the block at frame %" PRIu32
                                " has state 0x%02x",
                                inside, frame, states_[inside]);
      }
   }
   return true;
}

// A free block below max_order whose buddy is a free block of the same order should have been
// merged with it.
bool BuddyAllocator::validate_merged(cpp::Diagnostic &diagnostic, uint32_t frame,
                                     uint32_t order) const {
   if (order >= max_order_) {
      return true;
   }
   const uint32_t buddy = frame ^ (1u << order);
   if (buddy < frame_count_ && states_[buddy] == free_head_state(order)) {
      return diagnostic.fail("free buddies at frames %" PRIu32 " and %" PRIu32 " of order %" PRIu32
                             " are not merged",
                             frame, buddy, order);
   }
   return true;
}

// One free list: every node a free block of this order whose prev link points back, as many
// nodes as counted, and the non-empty bit set exactly when it has nodes. Bounding the walk by
// the count catches a cycle.
bool BuddyAllocator::validate_free_list(cpp::Diagnostic &diagnostic, uint32_t order) const {
   uint64_t nodes = 0;
   uint32_t previous = no_link;
   for (uint32_t frame = free_lists_.head(order); frame != no_link;
        frame = free_lists_.links(frame).next) {
      if (frame >= frame_count_ || states_[frame] != free_head_state(order)) {
         return diagnostic.fail("order %" PRIu32 " free list holds frame %" PRIu32
                                ", which is not a free block of that order",
                                order, frame);
      }
      if (free_lists_.links(frame).prev != previous) {
         return diagnostic.fail("order %" PRIu32 " free list: frame %" PRIu32
                                " has a prev link that does not point back",
                                order, frame);
      }
      if (++nodes > free_lists_.count(order)) {
         return diagnostic.fail("order %" PRIu32 " free list is longer than its count %" PRIu64,
                                order, free_lists_.count(order));
      }
      previous = frame;
   }
   if (nodes != free_lists_.count(order)) {
      return diagnostic.fail("order %" PRIu32 " free list has %" PRIu64 " blocks, counted %" PRIu64,
                             order, nodes, free_lists_.count(order));
   }
   if (free_lists_.marked_nonempty(order) != (nodes > 0)) {
      return diagnostic.fail("order %" PRIu32 " non-empty bit disagrees with its free list", order);
   }
   return true;
}

// Orders above max_order must never hold anything.
bool BuddyAllocator::validate_unused_orders(cpp::Diagnostic &diagnostic) const {
   for (uint32_t order = max_order_ + 1; order <= max_supported_order; ++order) {
      if (free_lists_.head(order) != no_link || free_lists_.count(order) != 0 ||
          free_lists_.marked_nonempty(order)) {
         return diagnostic.fail("order %" PRIu32 " above max_order has a free list", order);
      }
   }
   return true;
}

} // namespace memfrag::buddy
