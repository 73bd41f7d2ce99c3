// How blocks are laid out in a buddy region, shared by every allocator that keeps the per-frame
// state bytes of frame_state.hpp: the initial split of the region, and merging a freed block
// with its free buddies. Where the blocks are listed is up to the caller.
#pragma once

#include "frame_state.hpp"

#include <cstdint>

namespace memfrag::buddy {

// The greedy split of the region into maximal aligned blocks: whole max-order blocks, then one
// block per set bit of the remainder, largest first. Visited highest-first, so a caller pushing
// onto list heads hands out the lowest frames first.
template <class Push>
void for_each_initial_block(uint64_t frame_count, uint32_t max_order, Push push) {
   const uint64_t max_block = uint64_t{1} << max_order;
   const uint64_t whole_blocks_end = frame_count / max_block * max_block;
   uint64_t frame = whole_blocks_end;
   for (uint32_t order = max_order; order-- > 0;) {
      if (((frame_count - whole_blocks_end) >> order & 1u) != 0) {
         push(static_cast<uint32_t>(frame), order);
         frame += uint64_t{1} << order;
      }
   }
   for (frame = whole_blocks_end; frame > 0;) {
      frame -= max_block;
      push(static_cast<uint32_t>(frame), max_order);
   }
}

struct FreedBlock {
   uint32_t frame;
   uint32_t order;
};

// Merges the block at `frame`, just freed and marked inside_block_state, with each buddy that is
// a free block of the same order, up to max_order. `unlink(buddy, order)` takes a merged buddy
// off its free list; its state byte is cleared here. Returns the merged block, not yet listed.
template <class Unlink>
FreedBlock merge_with_buddies(uint8_t *states, uint64_t frame_count, uint32_t max_order,
                              uint32_t frame, uint32_t order, Unlink unlink) {
   for (; order < max_order; ++order) {
      const uint32_t buddy = frame ^ (1u << order);
      if (buddy >= frame_count || states[buddy] != free_head_state(order)) {
         break;
      }
      unlink(buddy, order);
      states[buddy] = inside_block_state;
      frame &= ~(1u << order);
   }
   return {frame, order};
}

} // namespace memfrag::buddy
