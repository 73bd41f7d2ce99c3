// The host's own record of every live block, independent of what the plugin claims: one bit per
// frame (allocated or not) and the order of each live block at its first frame. Runs of any
// length handed out through the exact-size extension (ext/exact.h) are recorded beside the
// blocks: a mark at the run's first frame, the length in a table of live runs. Metrics are
// computed from it, and the contract checker tests every block and run a plugin hands out
// against it.
//
// Several threads may change it at once (a multi-threaded run: one writer per worker thread,
// each passing its own writer index). Each change is then one atomic read-modify-write per bitmap
// word, so two threads handed overlapping blocks cannot both succeed, and the counters are kept
// per writer so that no cache line is written by two threads. With a single writer the same
// operations are plain loads and stores.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace memfrag::plugin {

enum class ContractBreach : std::uint8_t {
   none,
   out_of_region, // the block does not lie inside [0, frame_count)
   misaligned,    // the first frame is not a multiple of 2^order
   overlap,       // the block overlaps a live block
   not_allocated, // a free of a block that is not live (double free included)
   wrong_order,   // a free of a live block with another order than it was allocated with
   wrong_length,  // a free of a live run with another length, or of a block as a run
};

const char *contract_breach_name(ContractBreach breach);

class ShadowMap {
 public:
   // `writers` threads may change the map concurrently, each with its own index in
   // [0, writers).
   explicit ShadowMap(std::uint64_t frame_count, std::uint32_t writers = 1);

   std::uint64_t frame_count() const { return frame_count_; }
   std::uint32_t writers() const { return writers_; }
   // Summed over the writers: exact when no writer is active, a moment's view otherwise.
   std::uint64_t free_frames() const;
   std::uint64_t live_blocks() const;
   // Blocks marked allocated or free so far: equal counts mean the free frames did not change.
   std::uint64_t changes() const;
   // Bit f of word f / 64 is set when frame f is allocated. Read it while no writer is active
   // (metrics/free_blocks.hpp reads its words atomically, so a moment's view is also safe).
   const std::vector<std::uint64_t> &allocated_bits() const { return bits_; }

   // Checks without changing anything; for a single writer, or while no writer is active.
   ContractBreach check_alloc(std::uint64_t frame, std::uint32_t order) const;
   ContractBreach check_free(std::uint64_t frame, std::uint32_t order) const;
   // Records a block as live / free. The caller has checked it, or accepts a corrupt record.
   void mark_allocated(std::uint64_t frame, std::uint32_t order, std::uint32_t writer = 0);
   void mark_free(std::uint64_t frame, std::uint32_t order, std::uint32_t writer = 0);

   // Check and record in one step, atomic against other writers doing the same: of two threads
   // handed overlapping blocks, at most one claim succeeds; of two frees of one block, at most
   // one release. Nothing is recorded when a breach is returned.
   ContractBreach claim(std::uint64_t frame, std::uint32_t order, std::uint32_t writer = 0);
   ContractBreach release(std::uint64_t frame, std::uint32_t order, std::uint32_t writer = 0);

   // Runs (ext/exact.h): `frames` contiguous frames from `frame`, at any alignment; the same
   // rules as for blocks, a run of 0 frames being out of the region. A block freed as a run, or a
   // run freed with another length, is wrong_length; a run freed as a block is wrong_order.
   ContractBreach check_alloc_run(std::uint64_t frame, std::uint64_t frames) const;
   ContractBreach check_free_run(std::uint64_t frame, std::uint64_t frames) const;
   void mark_run_allocated(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer = 0);
   void mark_run_free(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer = 0);
   ContractBreach claim_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer = 0);
   ContractBreach release_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer = 0);
   // The length of the live run starting at `frame`; none when no live run starts there.
   std::optional<std::uint64_t> run_frames_at(std::uint64_t frame) const;
   std::uint64_t live_runs() const { return live_runs_.load(std::memory_order_relaxed); }

   // The live block covering `frame` (first frame and order), found from the block heads; none
   // when the frame is free or outside the region. A frame of a live run is reported as a block
   // of order 0 at that frame, as the reverse map shows runs to plugins (ext/exact.h).
   std::optional<std::pair<std::uint64_t, std::uint32_t>>
   live_block_covering(std::uint64_t frame) const;

 private:
   // One writer's share of the counters, on a cache line of its own.
   struct alignas(64) WriterCounts {
      std::atomic<std::int64_t> allocated_frames{0}; // net: frames marked allocated minus freed
      std::atomic<std::int64_t> live_blocks{0};
      std::atomic<std::uint64_t> changes{0};
   };

   bool bounded_and_aligned(std::uint64_t frame, std::uint32_t order, ContractBreach &breach) const;
   bool any_allocated(std::uint64_t frame, std::uint32_t order) const;
   void set_bits(std::uint64_t frame, std::uint32_t order, bool allocated);
   bool set_bits_exclusively(std::uint64_t frame, std::uint32_t order);
   // The same for any range of frames (runs).
   bool any_allocated_in(std::uint64_t frame, std::uint64_t frames) const;
   void set_range(std::uint64_t frame, std::uint64_t frames, bool allocated);
   bool set_range_exclusively(std::uint64_t frame, std::uint64_t frames);
   bool run_in_region(std::uint64_t frame, std::uint64_t frames) const {
      return frames != 0 && frame < frame_count_ && frames <= frame_count_ - frame;
   }
   void record_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer);
   void forget_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer);
   std::optional<std::pair<std::uint64_t, std::uint32_t>>
   covering_by_scan(std::uint64_t frame) const;
   bool allocated_bit(std::uint64_t frame) const {
      const std::uint64_t word =
          std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t &>(bits_[frame / 64]))
              .load(std::memory_order_relaxed);
      return ((word >> (frame % 64)) & 1u) != 0;
   }
   void count(std::uint32_t writer, std::int64_t frames, std::int64_t blocks);
   std::uint8_t live_order_at(std::uint64_t frame) const {
      return std::atomic_ref<std::uint8_t>(const_cast<std::uint8_t &>(live_order_plus_one_[frame]))
          .load(std::memory_order_relaxed);
   }

   std::uint64_t frame_count_;
   std::uint32_t writers_;
   bool concurrent_;
   std::vector<std::uint64_t> bits_;
   std::vector<std::uint8_t> live_order_plus_one_; // 0: no live block starts at this frame
   std::unique_ptr<WriterCounts[]> counts_;
   // A live run's first frame carries kRunHead in live_order_plus_one_ (no order reaches it);
   // its length is in run_frames_, guarded by runs_mutex_ (runs are not the hot path).
   static constexpr std::uint8_t kRunHead = 0xff;
   mutable std::mutex runs_mutex_;
   std::unordered_map<std::uint64_t, std::uint64_t> run_frames_;
   std::atomic<std::uint64_t> live_runs_{0};
};

inline bool ShadowMap::bounded_and_aligned(std::uint64_t frame, std::uint32_t order,
                                           ContractBreach &breach) const {
   if (order >= 63 || frame >= frame_count_ || (std::uint64_t{1} << order) > frame_count_ - frame) {
      breach = ContractBreach::out_of_region;
      return false;
   }
   if ((frame & ((std::uint64_t{1} << order) - 1)) != 0) {
      breach = ContractBreach::misaligned;
      return false;
   }
   return true;
}

inline bool ShadowMap::any_allocated(std::uint64_t frame, std::uint32_t order) const {
   if (order < 6) {
      std::uint64_t mask = ((std::uint64_t{1} << (1u << order)) - 1) << (frame % 64);
      return (bits_[frame / 64] & mask) != 0;
   }
   std::uint64_t first = frame / 64;
   std::uint64_t words = std::uint64_t{1} << (order - 6);
   for (std::uint64_t w = first; w < first + words; ++w) {
      if (bits_[w] != 0) {
         return true;
      }
   }
   return false;
}

inline ContractBreach ShadowMap::check_alloc(std::uint64_t frame, std::uint32_t order) const {
   ContractBreach breach = ContractBreach::none;
   if (!bounded_and_aligned(frame, order, breach)) {
      return breach;
   }
   return any_allocated(frame, order) ? ContractBreach::overlap : ContractBreach::none;
}

inline ContractBreach ShadowMap::check_free(std::uint64_t frame, std::uint32_t order) const {
   if (frame >= frame_count_) {
      return ContractBreach::out_of_region;
   }
   std::uint8_t recorded = live_order_at(frame);
   if (recorded == 0) {
      return ContractBreach::not_allocated;
   }
   return recorded == order + 1 ? ContractBreach::none : ContractBreach::wrong_order;
}

inline void ShadowMap::set_bits(std::uint64_t frame, std::uint32_t order, bool allocated) {
   const std::uint64_t first = frame / 64;
   const std::uint64_t words = order < 6 ? 1 : std::uint64_t{1} << (order - 6);
   const std::uint64_t mask =
       order < 6 ? ((std::uint64_t{1} << (1u << order)) - 1) << (frame % 64) : ~std::uint64_t{0};
   for (std::uint64_t w = first; w < first + words; ++w) {
      if (concurrent_) {
         std::atomic_ref<std::uint64_t> word(bits_[w]);
         allocated ? word.fetch_or(mask, std::memory_order_relaxed)
                   : word.fetch_and(~mask, std::memory_order_relaxed);
      } else {
         bits_[w] = allocated ? bits_[w] | mask : bits_[w] & ~mask;
      }
   }
}

inline void ShadowMap::count(std::uint32_t writer, std::int64_t frames, std::int64_t blocks) {
   // Each writer alone writes its counters: a load and a store, never a locked instruction.
   WriterCounts &counts = counts_[writer];
   counts.allocated_frames.store(counts.allocated_frames.load(std::memory_order_relaxed) + frames,
                                 std::memory_order_relaxed);
   counts.live_blocks.store(counts.live_blocks.load(std::memory_order_relaxed) + blocks,
                            std::memory_order_relaxed);
   counts.changes.store(counts.changes.load(std::memory_order_relaxed) + 1,
                        std::memory_order_relaxed);
}

inline void ShadowMap::mark_allocated(std::uint64_t frame, std::uint32_t order,
                                      std::uint32_t writer) {
   set_bits(frame, order, true);
   std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame])
       .store(static_cast<std::uint8_t>(order + 1), std::memory_order_relaxed);
   count(writer, std::int64_t{1} << order, 1);
}

inline void ShadowMap::mark_free(std::uint64_t frame, std::uint32_t order, std::uint32_t writer) {
   set_bits(frame, order, false);
   std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame]).store(0, std::memory_order_relaxed);
   count(writer, -(std::int64_t{1} << order), -1);
}

inline ContractBreach ShadowMap::claim(std::uint64_t frame, std::uint32_t order,
                                       std::uint32_t writer) {
   if (!concurrent_) {
      const ContractBreach breach = check_alloc(frame, order);
      if (breach == ContractBreach::none) {
         mark_allocated(frame, order, writer);
      }
      return breach;
   }
   ContractBreach breach = ContractBreach::none;
   if (!bounded_and_aligned(frame, order, breach)) {
      return breach;
   }
   if (!set_bits_exclusively(frame, order)) {
      return ContractBreach::overlap;
   }
   std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame])
       .store(static_cast<std::uint8_t>(order + 1), std::memory_order_relaxed);
   count(writer, std::int64_t{1} << order, 1);
   return ContractBreach::none;
}

inline ContractBreach ShadowMap::release(std::uint64_t frame, std::uint32_t order,
                                         std::uint32_t writer) {
   if (!concurrent_) {
      const ContractBreach breach = check_free(frame, order);
      if (breach == ContractBreach::none) {
         mark_free(frame, order, writer);
      }
      return breach;
   }
   if (frame >= frame_count_) {
      return ContractBreach::out_of_region;
   }
   // Whoever turns the recorded order into 0 frees the block; a second free finds 0.
   std::uint8_t expected = static_cast<std::uint8_t>(order + 1);
   if (!std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame])
            .compare_exchange_strong(expected, 0, std::memory_order_relaxed)) {
      return expected == 0 ? ContractBreach::not_allocated : ContractBreach::wrong_order;
   }
   set_bits(frame, order, false);
   count(writer, -(std::int64_t{1} << order), -1);
   return ContractBreach::none;
}

} // namespace memfrag::plugin
