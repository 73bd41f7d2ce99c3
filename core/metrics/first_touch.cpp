#include "core/metrics/first_touch.hpp"

#include <algorithm>
#include <bit>

namespace memfrag::metrics {

// A word of the bitmap at a time, each claimed by one atomic OR, so of two threads writing a
// frame only one counts it.
std::uint64_t FirstTouchMeter::claim(std::uint64_t first, std::uint64_t frames) {
   const std::uint64_t end = first < frame_count_ ? std::min(first + frames, frame_count_) : first;
   std::uint64_t fresh = 0;
   for (std::uint64_t frame = first; frame < end;) {
      const std::uint64_t offset = frame % 64;
      const std::uint64_t span = std::min<std::uint64_t>(64 - offset, end - frame);
      const std::uint64_t mask = (span == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << span) - 1)
                                 << offset;
      std::atomic_ref<std::uint64_t> word(written_[frame / 64]);
      if ((word.load(std::memory_order_relaxed) & mask) != mask) {
         const std::uint64_t before = word.fetch_or(mask, std::memory_order_relaxed);
         fresh += static_cast<std::uint64_t>(std::popcount(~before & mask));
      }
      frame += span;
   }
   return fresh;
}

void FirstTouchMeter::add_first_touch(std::uint64_t frames, std::uint64_t ns,
                                      const platform::FaultCounts &faults) {
   frames_.fetch_add(frames, std::memory_order_relaxed);
   ns_.fetch_add(ns, std::memory_order_relaxed);
   minor_faults_.fetch_add(faults.minor, std::memory_order_relaxed);
   major_faults_.fetch_add(faults.major, std::memory_order_relaxed);
}

} // namespace memfrag::metrics
