// The free-block histogram of a region as the host sees it, independent of the plugin: the
// free frames split greedily into maximal aligned power-of-two blocks. For a buddy allocator
// this equals its free lists; for any other plugin it is the buddyinfo view of its free space.
#pragma once

#include <cstdint>
#include <optional>
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

// The first frame of an entirely free aligned block of 2^order frames among [0, frame_count),
// searching from the block holding `start_frame` onwards and wrapping around; nothing when there
// is none. What tells a fragmentation failure from a refusal: starting where the previous search
// found one makes the usual case a single check. Same bitmap rules as free_block_histogram().
std::optional<std::uint64_t> find_free_aligned_block(AllocationBitmap allocated,
                                                     std::uint64_t frame_count,
                                                     std::uint32_t order,
                                                     std::uint64_t start_frame = 0);

// The first frame of a free run of `frames` contiguous frames at any alignment among
// [0, frame_count), searching from frame 0; nothing when there is none (or frames is 0). What
// tells a fragmentation failure of a run (ext/exact.h) from a refusal. Same bitmap rules as
// free_block_histogram().
std::optional<std::uint64_t> find_free_run(AllocationBitmap allocated, std::uint64_t frame_count,
                                           std::uint64_t frames);

} // namespace memfrag::metrics
