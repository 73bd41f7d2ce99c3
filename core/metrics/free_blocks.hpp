// The free-block histogram of a region as the host sees it, independent of the plugin: the
// free frames split greedily into maximal aligned power-of-two blocks. For a buddy allocator
// this equals its free lists; for any other plugin it is the buddyinfo view of its free space.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::metrics {

// Frame f is allocated when bit f % 64 of word f / 64 is set.
using AllocationBitmap = std::span<const std::uint64_t>;

// nr_free[0..max_order] of the free frames among [0, frame_count). Frames at or beyond
// frame_count count as allocated whatever their bits say. Throws std::invalid_argument when
// the bitmap has fewer than ceil(frame_count / 64) words or max_order is 64 or more.
std::vector<std::uint64_t> free_block_histogram(AllocationBitmap allocated,
                                                std::uint64_t frame_count, std::uint32_t max_order);

// Whether some aligned block of 2^order frames among [0, frame_count) is entirely free: what
// tells a fragmentation failure from a refusal. Stops at the first such block, so it is cheap
// wherever free blocks are plentiful. Same bitmap rules as free_block_histogram().
bool has_free_aligned_block(AllocationBitmap allocated, std::uint64_t frame_count,
                            std::uint32_t order);

} // namespace memfrag::metrics
