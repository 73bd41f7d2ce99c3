// The free-block histogram a buddy allocator starts with: the region split greedily, from frame 0
// upwards, into the largest aligned blocks that fit (order <= max_order). Written independently
// of the plugin so tests compare against it.
#pragma once

#include <cstdint>
#include <vector>

namespace memfrag::test {

inline std::vector<uint64_t> greedy_histogram(uint64_t frame_count, uint32_t max_order) {
   std::vector<uint64_t> nr_free(max_order + 1);
   for (uint64_t frame = 0; frame < frame_count;) {
      uint32_t order = max_order;
      while (frame % (uint64_t{1} << order) != 0 || frame + (uint64_t{1} << order) > frame_count) {
         --order;
      }
      ++nr_free[order];
      frame += uint64_t{1} << order;
   }
   return nr_free;
}

} // namespace memfrag::test
