// Deferred compaction (mm/compaction.c: defer_compaction, compaction_deferred,
// compaction_defer_reset): after a run fails, the next 2^shift attempts at that order or above
// skip compaction, the shift growing by one per failure up to 6, and a success resets it. It
// bounds what repeated failures cost when compaction cannot help.
#pragma once

#include <algorithm>
#include <cstdint>

namespace memfrag::compaction {

class CompactionDeferral {
 public:
   static constexpr uint32_t max_defer_shift = 6; // COMPACT_MAX_DEFER_SHIFT

   explicit CompactionDeferral(uint32_t order_count) noexcept : order_failed_(order_count) {}

   // True when an attempt at `order` should skip compaction; counts the attempt.
   bool deferred(uint32_t order) noexcept {
      if (order < order_failed_) {
         return false;
      }
      const uint64_t limit = uint64_t{1} << defer_shift_;
      if (++considered_ >= limit) {
         considered_ = limit;
         return false;
      }
      return true;
   }

   void note_failure(uint32_t order) noexcept {
      considered_ = 0;
      defer_shift_ = std::min(defer_shift_ + 1, max_defer_shift);
      order_failed_ = std::min(order_failed_, order);
   }

   // `allocated`: the success served a request (direct compaction), which alone resets the
   // shift; a background run's success only lifts the failed order.
   void note_success(uint32_t order, bool allocated) noexcept {
      if (allocated) {
         considered_ = 0;
         defer_shift_ = 0;
      }
      order_failed_ = std::max(order_failed_, order + 1);
   }

   uint32_t defer_shift() const noexcept { return defer_shift_; }
   uint64_t considered() const noexcept { return considered_; }

 private:
   uint64_t considered_ = 0;
   uint32_t defer_shift_ = 0;
   uint32_t order_failed_; // the lowest order that failed; above every order at first
};

} // namespace memfrag::compaction
