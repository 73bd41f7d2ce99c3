// Invariant checks over a buddy region's state bytes and free lists, shared by every allocator
// that keeps them (frame_state.hpp, free_lists.hpp): each reports the first broken invariant
// through the Diagnostic and returns false.
#pragma once

#include "frame_state.hpp"
#include "free_lists.hpp"
#include "memfrag/cpp/diagnostic.hpp"

#include <cinttypes>
#include <cstdint>

namespace memfrag::buddy {

struct RegionView {
   const uint8_t *states;
   uint64_t frame_count;
   uint32_t max_order;
};

// The block starting at `frame`: a valid head state, aligned, inside the region, and every
// other frame of it marked as inside a block.
inline bool validate_block_at(cpp::Diagnostic &diagnostic, const RegionView &region,
                              uint32_t frame) {
   const uint8_t state = region.states[frame];
   if (!is_head_state(state)) {
      return diagnostic.fail("frame %" PRIu32 " should start a block but has state 0x%02x", frame,
                             state);
   }
   const uint32_t order = order_of_state(state);
   const uint64_t frames = uint64_t{1} << order;
   if (order > region.max_order) {
      return diagnostic.fail("block at frame %" PRIu32 " has order %" PRIu32 " above max_order",
                             frame, order);
   }
   if (frame % frames != 0 || frame + frames > region.frame_count) {
      return diagnostic.fail("block at frame %" PRIu32 " of order %" PRIu32
                             " is misaligned or leaves the region",
                             frame, order);
   }
   for (uint64_t inside = frame + 1; inside < frame + frames; ++inside) {
      if (region.states[inside] != inside_block_state) {
         return diagnostic.fail("frame %" PRIu64 " inside the block at frame %" PRIu32
                                " has state 0x%02x",
                                inside, frame, region.states[inside]);
      }
   }
   return true;
}

// A free block below max_order whose buddy is a free block of the same order should have been
// merged with it, unless `may_merge(frame, buddy, order)` says the allocator keeps them apart.
template <class MayMerge>
bool validate_merged(cpp::Diagnostic &diagnostic, const RegionView &region, uint32_t frame,
                     uint32_t order, MayMerge may_merge) {
   if (order >= region.max_order) {
      return true;
   }
   const uint32_t buddy = frame ^ (1u << order);
   if (buddy < region.frame_count && region.states[buddy] == free_head_state(order) &&
       may_merge(frame, buddy, order)) {
      return diagnostic.fail("free buddies at frames %" PRIu32 " and %" PRIu32 " of order %" PRIu32
                             " are not merged",
                             frame, buddy, order);
   }
   return true;
}

// Walks the region block by block (the state bytes must tile it exactly), counting free blocks.
// `may_merge` as for validate_merged().
template <class MayMerge>
bool validate_blocks(cpp::Diagnostic &diagnostic, const RegionView &region, uint64_t &free_heads,
                     MayMerge may_merge) {
   for (uint64_t frame = 0; frame < region.frame_count;) {
      const auto head = static_cast<uint32_t>(frame);
      if (!validate_block_at(diagnostic, region, head)) {
         return false;
      }
      const uint32_t order = order_of_state(region.states[head]);
      if (is_free_head_state(region.states[head])) {
         ++free_heads;
         if (!validate_merged(diagnostic, region, head, order, may_merge)) {
            return false;
         }
      }
      frame += uint64_t{1} << order;
   }
   return true;
}

// The same for an allocator that merges every pair of free buddies.
inline bool validate_blocks(cpp::Diagnostic &diagnostic, const RegionView &region,
                            uint64_t &free_heads) {
   return validate_blocks(diagnostic, region, free_heads,
                          [](uint32_t, uint32_t, uint32_t) { return true; });
}

// One free list: every node a free block of this order for which `belongs(frame)` also holds
// (it reports its own failure), whose prev link points back, as many nodes as counted, and the
// non-empty bit set exactly when it has nodes. Bounding the walk by the count catches a cycle.
// `name` prefixes the messages ("" or "movable ").
template <class Belongs>
bool validate_free_list(cpp::Diagnostic &diagnostic, const RegionView &region,
                        const FreeLists &lists, uint32_t order, const char *name, Belongs belongs) {
   uint64_t nodes = 0;
   uint32_t previous = no_link;
   for (uint32_t frame = lists.head(order); frame != no_link; frame = lists.links(frame).next) {
      if (frame >= region.frame_count || region.states[frame] != free_head_state(order)) {
         return diagnostic.fail("%sorder %" PRIu32 " free list holds frame %" PRIu32
                                ", which is not a free block of that order",
                                name, order, frame);
      }
      if (!belongs(frame)) {
         return false;
      }
      if (lists.links(frame).prev != previous) {
         return diagnostic.fail("%sorder %" PRIu32 " free list: frame %" PRIu32
                                " has a prev link that does not point back",
                                name, order, frame);
      }
      if (++nodes > lists.count(order)) {
         return diagnostic.fail("%sorder %" PRIu32 " free list is longer than its count %" PRIu64,
                                name, order, lists.count(order));
      }
      previous = frame;
   }
   if (nodes != lists.count(order)) {
      return diagnostic.fail("%sorder %" PRIu32 " free list has %" PRIu64
                             " blocks, counted %" PRIu64,
                             name, order, nodes, lists.count(order));
   }
   if (lists.marked_nonempty(order) != (nodes > 0)) {
      return diagnostic.fail("%sorder %" PRIu32 " non-empty bit disagrees with its free list", name,
                             order);
   }
   return true;
}

// Orders above max_order must never hold anything.
inline bool validate_unused_orders(cpp::Diagnostic &diagnostic, const RegionView &region,
                                   const FreeLists &lists, const char *name) {
   for (uint32_t order = region.max_order + 1; order <= max_supported_order; ++order) {
      if (lists.head(order) != no_link || lists.count(order) != 0 || lists.marked_nonempty(order)) {
         return diagnostic.fail("%sorder %" PRIu32 " above max_order has a free list", name, order);
      }
   }
   return true;
}

} // namespace memfrag::buddy
