// Physical contiguity of handed-out blocks. A block of 2^order frames is physically contiguous
// when its frames' physical frame numbers are consecutive. The region's frame numbers are read
// once (pagemap, root only) into a table that holds, for each frame, the length of the run of
// physically consecutive frames starting there, so checking a block is one lookup on the alloc
// path. The numbers exist only for frames faulted in: the region must be populated (and
// locked, so that they stay) before the check starts.
#pragma once

#include "core/platform/region_memory.hpp"
#include "core/results/model.hpp"

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <optional>
#include <vector>

namespace memfrag::metrics {

class ContiguityCheck {
 public:
   // Off: check() does nothing and finish() has nothing to report.
   ContiguityCheck() = default;
   // Reads the frame numbers of the region's frames. When they are hidden (not root) or some
   // frames are not present, the check records why and counts nothing.
   explicit ContiguityCheck(const platform::RegionMemory &memory);

   // Counts the block of `order` at region frame `frame` (not a stitched block). Worker threads
   // of one run may count at once.
   void check(std::uint64_t frame, std::uint32_t order) {
      count(frame, std::uint64_t{1} << order, order);
   }
   // Counts the run of `frames` frames at `frame` (ext/exact.h) with the blocks of the smallest
   // order that holds it.
   void check_run(std::uint64_t frame, std::uint64_t frames) {
      count(frame, frames, static_cast<std::uint32_t>(std::bit_width(frames - 1)));
   }

   // Re-reads the frame numbers to count frames the kernel moved meanwhile, and returns what
   // was found; nullopt when the check is off.
   std::optional<results::ContiguityRecord> finish();

 private:
   void count(std::uint64_t frame, std::uint64_t frames, std::uint32_t order) {
      if (runs_.empty()) {
         return;
      }
      const std::uint32_t slot = order < kOrders ? order : kOrders - 1;
      blocks_[slot].fetch_add(1, std::memory_order_relaxed);
      const bool inside = frame < runs_.size(); // a plugin run with --no-check may stray
      if (inside && runs_[frame] >= frames) {
         contiguous_[slot].fetch_add(1, std::memory_order_relaxed);
      }
   }

   const platform::RegionMemory *memory_ = nullptr;
   std::vector<std::uint64_t> frame_numbers_;
   // [frame] physically consecutive frames from it on (capped far above any block); empty when
   // off or not readable.
   std::vector<std::uint32_t> runs_;
   results::ContiguityRecord record_;
   static constexpr std::uint32_t kOrders = 64;
   std::array<std::atomic<std::uint64_t>, kOrders> blocks_{};
   std::array<std::atomic<std::uint64_t>, kOrders> contiguous_{};
};

// For each frame, the length of the run of consecutive frame numbers starting there, capped at
// `longest`; 0 for a frame without a number. Exposed for tests.
std::vector<std::uint32_t> consecutive_runs(const std::vector<std::uint64_t> &frame_numbers,
                                            std::uint32_t longest);

} // namespace memfrag::metrics
