// First touches of block memory. Writing a frame of the region for the first time faults its
// backing page in (the kernel zero-fills it): a cost of the memory, not of the allocator. The
// meter times every touch and, for touches that write a frame never written before, counts
// that time, those frames and the page faults taken apart.
#pragma once

#include "core/platform/clock.hpp"
#include "core/platform/page_faults.hpp"
#include "core/results/model.hpp"

#include <atomic>
#include <cstdint>
#include <vector>

namespace memfrag::metrics {

// One meter serves every worker thread of a run: which frames were written is shared (a frame a
// worker writes first is not a first touch for the next worker that gets it), and page faults
// are read per thread around each write.
class FirstTouchMeter {
 public:
   FirstTouchMeter(std::uint64_t frame_count, double ns_per_tick)
       : frame_count_(frame_count), written_((frame_count + 63) / 64, 0),
         ns_per_tick_(ns_per_tick) {}

   // Calls `write`, which writes `frames` frames of the region from frame `first` (frames past
   // the region, such as a stitched block's, are never first touches), and returns the time it
   // took in nanoseconds. The page faults of a first touch are read around the timed write, so
   // reading them costs the figures nothing.
   template <typename Write>
   std::uint64_t touch(std::uint64_t first, std::uint64_t frames, const Write &write) {
      const std::uint64_t fresh = claim(first, frames);
      const platform::FaultCounts before =
          fresh != 0 ? platform::thread_faults() : platform::FaultCounts{};
      const std::uint64_t start = platform::ticks();
      write();
      const std::uint64_t ns = elapsed_ns(start, platform::ticks());
      if (fresh != 0) {
         add_first_touch(fresh, ns, platform::thread_faults() - before);
      }
      return ns;
   }

   results::FirstTouchCost cost() const {
      return {frames_.load(), ns_.load(), minor_faults_.load(), major_faults_.load()};
   }

 private:
   // Marks [first, first + frames) written; returns how many were not written before.
   std::uint64_t claim(std::uint64_t first, std::uint64_t frames);
   void add_first_touch(std::uint64_t frames, std::uint64_t ns,
                        const platform::FaultCounts &faults);
   std::uint64_t elapsed_ns(std::uint64_t start, std::uint64_t end) const {
      return static_cast<std::uint64_t>(static_cast<double>(end - start) * ns_per_tick_);
   }

   std::uint64_t frame_count_;
   std::vector<std::uint64_t> written_; // bit f of word f / 64: frame f was written
   double ns_per_tick_;
   std::atomic<std::uint64_t> frames_{0}, ns_{0}, minor_faults_{0}, major_faults_{0};
};

} // namespace memfrag::metrics
