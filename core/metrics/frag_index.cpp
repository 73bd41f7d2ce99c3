#include "core/metrics/frag_index.hpp"

#include <cstdio>
#include <utility>

namespace memfrag::metrics {

FreeBlockInfo free_block_info(FreeHistogram nr_free, std::uint32_t order) {
   FreeBlockInfo info;
   for (std::uint32_t o = 0; o < nr_free.size(); ++o) {
      info.free_blocks_total += nr_free[o];
      info.free_frames += nr_free[o] << o;
      if (o >= order)
         info.free_blocks_suitable += nr_free[o] << (o - order);
   }
   return info;
}

std::uint64_t free_frames(FreeHistogram nr_free) {
   return free_block_info(nr_free, 0).free_frames;
}

std::uint64_t free_blocks_total(FreeHistogram nr_free) {
   return free_block_info(nr_free, 0).free_blocks_total;
}

std::uint64_t free_blocks_suitable(FreeHistogram nr_free, std::uint32_t order) {
   return free_block_info(nr_free, order).free_blocks_suitable;
}

std::int32_t unusable_index(FreeHistogram nr_free, std::uint32_t order) {
   const FreeBlockInfo info = free_block_info(nr_free, order);
   if (info.free_frames == 0)
      return 1000;
   const std::uint64_t unusable = info.free_frames - (info.free_blocks_suitable << order);
   return static_cast<std::int32_t>(unusable * 1000 / info.free_frames);
}

std::int32_t fragmentation_index(FreeHistogram nr_free, std::uint32_t order) {
   const FreeBlockInfo info = free_block_info(nr_free, order);
   if (info.free_blocks_total == 0)
      return 0;
   if (info.free_blocks_suitable > 0)
      return -1000;
   const std::uint64_t requested = std::uint64_t{1} << order;
   const std::uint64_t spread =
       (1000 + info.free_frames * 1000 / requested) / info.free_blocks_total;
   return 1000 - static_cast<std::int32_t>(spread);
}

std::int32_t extfrag_for_order(FreeHistogram nr_free, std::uint32_t order) {
   const FreeBlockInfo info = free_block_info(nr_free, order);
   if (info.free_frames == 0)
      return 0;
   const std::uint64_t unusable = info.free_frames - (info.free_blocks_suitable << order);
   return static_cast<std::int32_t>(unusable * 100 / info.free_frames);
}

std::string format_index(std::int32_t value) {
   char text[32];
   std::snprintf(text, sizeof text, "%d.%03d", value / 1000, value % 1000);
   return text;
}

IndicesByOrder indices_by_order(FreeHistogram nr_free) {
   IndicesByOrder indices;
   indices.unusable.reserve(nr_free.size());
   indices.fragmentation.reserve(nr_free.size());
   for (std::uint32_t order = 0; order < nr_free.size(); ++order) {
      indices.unusable.push_back(unusable_index(nr_free, order));
      indices.fragmentation.push_back(fragmentation_index(nr_free, order));
   }
   return indices;
}

void fill_indices(results::FreeState &state) {
   IndicesByOrder indices = indices_by_order(state.nr_free);
   state.unusable_index = std::move(indices.unusable);
   state.fragmentation_index = std::move(indices.fragmentation);
}

} // namespace memfrag::metrics
