// The daemon: kswapd's boosted reclaim followed by kcompactd's compaction after a watermark
// boost, and kcompactd's proactive compaction by the fragmentation score (background.h).
#include "compaction_allocator.hpp"
#include "fragmentation.hpp"

#include <algorithm>

namespace memfrag::compaction {

namespace {

// compaction_proactiveness p gives the band the score is kept in: compact when above
// min(low + 10, 100), until at or below low = max(100 - p, 5) (fragmentation_score_wmark).
uint64_t proactive_low_mark(uint32_t proactiveness) noexcept {
   return std::max<uint64_t>(100 - proactiveness, 5);
}

uint64_t proactive_high_mark(uint32_t proactiveness) noexcept {
   return std::min<uint64_t>(proactive_low_mark(proactiveness) + 10, 100);
}

} // namespace

bool CompactionAllocator::run_background() noexcept {
   if (boost_.frames() != 0) {
      boosted_pass();
   }
   return proactiveness_ != 0 && proactive_pass();
}

// kswapd with a boosted watermark reclaims until the free frames reach the high watermark plus
// the boost, then wakes kcompactd for a pageblock-order block, and the boost is spent.
void CompactionAllocator::boosted_pass() noexcept {
   const uint64_t target = watermarks_.high + boost_.frames();
   if (mobility_.free_frames() < target) {
      counts_.boost_reclaimed_frames += world_.reclaim(target - mobility_.free_frames());
   }
   const uint32_t order = mobility_.pageblock_order();
   if (!mobility_.has_free_block(order)) {
      compact(order, Compactor::any_type, Trigger::boost);
   }
   boost_.clear();
}

// kcompactd's proactive compaction, one pageblock of the migrate scanner per pass: it starts
// when the score is above the high mark and goes on until it is at or below the low mark or
// the scanners meet. A run that did not lower the score defers the next for 64 wake-ups
// (proactive_defer).
bool CompactionAllocator::proactive_pass() noexcept {
   if (!proactive_active_) {
      if (proactive_defer_ != 0) {
         --proactive_defer_;
         ++counts_.proactive_deferred;
         return false;
      }
      const uint64_t score = proactive_score();
      if (score <= proactive_high_mark(proactiveness_) || !world_.can_migrate()) {
         return false;
      }
      proactive_active_ = true;
      proactive_start_score_ = score;
      ++counts_.proactive_runs;
   }
   const bool met =
       compactor_.compact_next_pageblock(mobility_.pageblock_order(), Compactor::any_type) ==
       Compactor::Step::scanners_met;
   const uint64_t score = proactive_score();
   if (!met && score > proactive_low_mark(proactiveness_)) {
      return true;
   }
   proactive_active_ = false;
   proactive_defer_ =
       score < proactive_start_score_ ? 0 : 1u << CompactionDeferral::max_defer_shift;
   return false;
}

uint64_t CompactionAllocator::proactive_score() const noexcept {
   return extfrag_for_order(mobility_, mobility_.pageblock_order());
}

namespace {

uint32_t daemon_period_ops(const memfrag_allocator_t *allocator) {
   return cpp::allocator_of<CompactionAllocator>(allocator).background_period_ops();
}

bool daemon_run(const memfrag_allocator_t *allocator) {
   return cpp::allocator_of<CompactionAllocator>(allocator).run_background();
}

constexpr memfrag_ext_background_work_t daemon{&daemon_period_ops, &daemon_run};

} // namespace

// The daemon exists when it has something to do: proactive compaction or the boost.
const void *CompactionAllocator::extension(std::string_view id) const noexcept {
   const bool has_daemon = proactiveness_ != 0 || boost_.enabled();
   return has_daemon && id == MEMFRAG_EXT_BACKGROUND_WORK ? &daemon : nullptr;
}

} // namespace memfrag::compaction
