// The kernel's fragmentation indices over a free-block histogram, computed with the kernel's
// integer arithmetic (mm/vmstat.c, mm/compaction.c) so that a memfrag figure and a debugfs
// figure mean the same thing. Definitions: docs/metrics.md.
#pragma once

#include "core/results/model.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace memfrag::metrics {

// nr_free[o]: free blocks of order o, o = 0..max_order (the buddyinfo view).
using FreeHistogram = std::span<const std::uint64_t>;

// What the kernel's fill_contig_page_info gathers for one requested order.
struct FreeBlockInfo {
   std::uint64_t free_frames = 0; // the kernel's free_pages
   std::uint64_t free_blocks_total = 0;
   std::uint64_t free_blocks_suitable = 0; // in blocks of the requested order
};

FreeBlockInfo free_block_info(FreeHistogram nr_free, std::uint32_t order);

std::uint64_t free_frames(FreeHistogram nr_free);
std::uint64_t free_blocks_total(FreeHistogram nr_free);
std::uint64_t free_blocks_suitable(FreeHistogram nr_free, std::uint32_t order);

// Share of free memory that cannot serve an order-`order` request, 0..1000 (1000 when nothing
// is free). debugfs extfrag/unusable_index.
std::int32_t unusable_index(FreeHistogram nr_free, std::uint32_t order);

// Why an order-`order` request would fail: -1000 when it would succeed, 0 when nothing is free,
// otherwise near 0 for lack of memory and near 1000 for fragmentation. debugfs
// extfrag/extfrag_index. Like the kernel's, the formula goes below 0 when very few small blocks
// are free (one free frame, order 1: -500); that value is kept, not clamped.
std::int32_t fragmentation_index(FreeHistogram nr_free, std::uint32_t order);

// Percentage of free memory unusable at `order`, 0..100, 0 when nothing is free: the term of
// the kernel's proactive-compaction score.
std::int32_t extfrag_for_order(FreeHistogram nr_free, std::uint32_t order);

// An index as the kernel prints it: "%d.%03d" of value / 1000 and value % 1000 ("0.250",
// "-1.000").
std::string format_index(std::int32_t value);

// Both indices for every order 0..nr_free.size()-1, as one timeline sample records them.
struct IndicesByOrder {
   std::vector<std::int32_t> unusable;
   std::vector<std::int32_t> fragmentation;
};
IndicesByOrder indices_by_order(FreeHistogram nr_free);

// Fills state.unusable_index and state.fragmentation_index from state.nr_free.
void fill_indices(results::FreeState &state);

} // namespace memfrag::metrics
