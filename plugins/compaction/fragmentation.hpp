// The kernel's fragmentation figures over the allocator's own free lists, with the kernel's
// integer arithmetic (mm/vmstat.c __fragmentation_index, mm/compaction.c extfrag_for_order;
// docs/metrics.md): the host computes the same from its shadow map for the results, the plugin
// needs them to decide, at the moment of a request, what to do.
#pragma once

#include "../mobility/mobility_allocator.hpp"

#include <cstdint>

namespace memfrag::compaction {

struct FreeBlockInfo {
   uint64_t free_frames = 0;
   uint64_t free_blocks_total = 0;
   uint64_t free_blocks_suitable = 0; // in blocks of the requested order
};

inline FreeBlockInfo free_block_info(const mobility::MobilityAllocator &allocator, uint32_t order) {
   FreeBlockInfo info;
   for (uint32_t current = 0; current <= allocator.max_order(); ++current) {
      const uint64_t blocks = allocator.free_blocks(current);
      info.free_frames += blocks << current;
      info.free_blocks_total += blocks;
      info.free_blocks_suitable += current >= order ? blocks << (current - order) : 0;
   }
   return info;
}

// -1000 when an order-`order` request would succeed, 0 when nothing is free, else near 0 when
// it fails for lack of memory and near 1000 when it fails from fragmentation.
inline int64_t fragmentation_index(const mobility::MobilityAllocator &allocator, uint32_t order) {
   const FreeBlockInfo info = free_block_info(allocator, order);
   if (info.free_blocks_total == 0) {
      return 0;
   }
   if (info.free_blocks_suitable > 0) {
      return -1000;
   }
   const auto requested = static_cast<int64_t>(uint64_t{1} << order);
   const auto free_frames = static_cast<int64_t>(info.free_frames);
   return 1000 -
          (1000 + free_frames * 1000 / requested) / static_cast<int64_t>(info.free_blocks_total);
}

// Percentage of free memory unusable at `order`, 0..100, 0 when nothing is free: the
// proactive-compaction score of a region (one zone, so no per-zone weighting).
inline uint64_t extfrag_for_order(const mobility::MobilityAllocator &allocator, uint32_t order) {
   const FreeBlockInfo info = free_block_info(allocator, order);
   if (info.free_frames == 0) {
      return 0;
   }
   return (info.free_frames - (info.free_blocks_suitable << order)) * 100 / info.free_frames;
}

} // namespace memfrag::compaction
