// The names of the mobility plugin's statistics, built at compile time: a few counters, then the
// /proc/pagetypeinfo view, free blocks per type and order ("free_movable_order_9").
#pragma once

#include "pageblock_types.hpp"

#include <array>
#include <cstddef>
#include <string_view>

namespace memfrag::mobility {

// The highest order the per-type histogram statistics cover, and so the highest max_order: the
// kernel's own default (MAX_ORDER 11, orders 0..10). A fixed bound keeps the statistic count
// constant, as the stats extension requires.
inline constexpr uint32_t max_histogram_order = 10;

inline constexpr std::array counter_names{"free_frames",           "fallbacks",
                                          "fragmenting_fallbacks", "claimed_pageblocks",
                                          "unmovable_pageblocks",  "reclaimable_pageblocks",
                                          "movable_pageblocks",    "highatomic_pageblocks",
                                          "ignored_frees"};

inline constexpr std::size_t histogram_stat_count = type_count * (max_histogram_order + 1);

namespace detail {

using NameBuffer = std::array<char, 32>;

constexpr NameBuffer histogram_name(uint32_t type, uint32_t order) {
   NameBuffer name{};
   std::size_t length = 0;
   const auto append = [&](std::string_view text) {
      for (const char c : text) {
         name[length++] = c;
      }
   };
   append("free_");
   append(type_names[type]);
   append("_order_");
   if (order >= 10) {
      name[length++] = static_cast<char>('0' + order / 10);
   }
   name[length++] = static_cast<char>('0' + order % 10);
   return name;
}

constexpr std::array<NameBuffer, histogram_stat_count> histogram_names() {
   std::array<NameBuffer, histogram_stat_count> names{};
   for (uint32_t type = 0; type < type_count; ++type) {
      for (uint32_t order = 0; order <= max_histogram_order; ++order) {
         names[type * (max_histogram_order + 1) + order] = histogram_name(type, order);
      }
   }
   return names;
}

inline constexpr std::array<NameBuffer, histogram_stat_count> histogram_name_text =
    histogram_names();

constexpr std::array<const char *, counter_names.size() + histogram_stat_count> all_stat_names() {
   std::array<const char *, counter_names.size() + histogram_stat_count> names{};
   for (std::size_t index = 0; index < counter_names.size(); ++index) {
      names[index] = counter_names[index];
   }
   for (std::size_t index = 0; index < histogram_stat_count; ++index) {
      names[counter_names.size() + index] = histogram_name_text[index].data();
   }
   return names;
}

} // namespace detail

inline constexpr auto stat_names = detail::all_stat_names();

} // namespace memfrag::mobility
