#include "core/metrics/contiguity.hpp"

#include "core/platform/pagemap.hpp"

#include <algorithm>
#include <exception>
#include <string>

namespace memfrag::metrics {
namespace {

// Longer runs than any block needs are not told apart: orders stay below 31.
constexpr std::uint32_t kLongestRun = std::uint32_t{1} << 31;

std::string unreadable_reason(const std::vector<std::uint64_t> &numbers) {
   const auto missing =
       static_cast<std::uint64_t>(std::count(numbers.begin(), numbers.end(), std::uint64_t{0}));
   if (missing == numbers.size() && !platform::pagemap_gives_frames()) {
      return "physical frame numbers are hidden from this process (pagemap shows them only to "
             "root)";
   }
   return std::to_string(missing) + " of " + std::to_string(numbers.size()) +
          " region frames were not in memory when the check started (the region must be "
          "faulted in and locked: --contiguity does both)";
}

} // namespace

std::vector<std::uint32_t> consecutive_runs(const std::vector<std::uint64_t> &frame_numbers,
                                            std::uint32_t longest) {
   std::vector<std::uint32_t> runs(frame_numbers.size(), 0);
   for (std::size_t frame = frame_numbers.size(); frame-- > 0;) {
      if (frame_numbers[frame] == 0) {
         continue;
      }
      const bool joins_next =
          frame + 1 < frame_numbers.size() && frame_numbers[frame + 1] == frame_numbers[frame] + 1;
      runs[frame] = joins_next ? std::min(longest, runs[frame + 1] + 1) : 1;
   }
   return runs;
}

ContiguityCheck::ContiguityCheck(const platform::RegionMemory &memory) : memory_(&memory) {
   if (memory.frame_count() == 0) {
      record_.reason = "the region is empty";
      return;
   }
   try {
      frame_numbers_ = platform::frame_numbers(memory.base(), memory.frame_count());
   } catch (const std::exception &error) {
      record_.reason = error.what();
      return;
   }
   if (std::find(frame_numbers_.begin(), frame_numbers_.end(), 0) != frame_numbers_.end()) {
      record_.reason = unreadable_reason(frame_numbers_);
      return;
   }
   runs_ = consecutive_runs(frame_numbers_, kLongestRun);
   record_.checked = true;
}

std::optional<results::ContiguityRecord> ContiguityCheck::finish() {
   if (memory_ == nullptr) {
      return std::nullopt;
   }
   // [order] up to the highest order counted, at least order 0.
   std::uint32_t orders = 1;
   for (std::uint32_t order = 0; order < kOrders; ++order) {
      orders = blocks_[order].load() != 0 ? order + 1 : orders;
   }
   record_.blocks.assign(orders, 0);
   record_.contiguous_blocks.assign(orders, 0);
   for (std::uint32_t order = 0; order < orders; ++order) {
      record_.blocks[order] = blocks_[order].load();
      record_.contiguous_blocks[order] = contiguous_[order].load();
   }
   if (record_.checked) {
      std::vector<std::uint64_t> now;
      try {
         now = platform::frame_numbers(memory_->base(), memory_->frame_count());
      } catch (const std::exception &error) {
         record_.reason =
             std::string("could not re-read frame numbers at the end: ") + error.what();
         return record_;
      }
      for (std::size_t frame = 0; frame < now.size(); ++frame) {
         record_.frames_moved += now[frame] != frame_numbers_[frame] ? 1 : 0;
      }
   }
   return record_;
}

} // namespace memfrag::metrics
