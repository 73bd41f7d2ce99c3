// Serving requests with direct compaction and the highatomic reserve, and the statistics.
#include "compaction_allocator.hpp"

#include "fragmentation.hpp"

namespace memfrag::compaction {

namespace {

// The requests that may call the world's services, and so may compact or take back the reserve.
bool may_wait(uint32_t flags) noexcept {
   return (flags & (MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_NORECLAIM)) == 0;
}

uint64_t pageblock_size(const cpp::Config &config) {
   return uint64_t{1} << config.params.integer("pageblock_order");
}

} // namespace

CompactionAllocator::CompactionAllocator(const cpp::CreateContext &context)
    : mobility_(context), world_(context.host),
      watermarks_(Watermarks::for_region(context.config.region.frame_count)),
      boost_(watermarks_,
             static_cast<uint64_t>(context.config.params.integer("watermark_boost_factor")),
             pageblock_size(context.config)),
      compactor_(mobility_, world_), deferral_(mobility_.order_count()),
      reserve_(mobility_, context.config.params.boolean("highatomic_reserve")),
      extfrag_threshold_(static_cast<uint32_t>(context.config.params.integer("extfrag_threshold"))),
      proactiveness_(static_cast<uint32_t>(context.config.params.integer("proactiveness"))),
      proactive_period_ops_(
          static_cast<uint32_t>(context.config.params.integer("proactive_period_ops"))) {
}

// A high-order atomic request tries the reserve first (the kernel of 4.4, ALLOC_HARDER), and a
// success outside it grows the reserve. Any other atomic request may have the reserve as a last
// resort, as later kernels allow: failing it now is worse than failing a high-order atomic
// request later.
uint64_t CompactionAllocator::alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
   const bool high_order_atomic = HighatomicReserve::is_high_order_atomic(order, flags);
   if (high_order_atomic) {
      const uint64_t reserved = reserve_.take(order);
      if (reserved != MEMFRAG_NO_FRAME) {
         return reserved;
      }
   }
   const uint64_t frame = alloc_outside_reserve(order, flags, cpu);
   if (frame == MEMFRAG_NO_FRAME && !high_order_atomic && (flags & MEMFRAG_REQ_ATOMIC) != 0) {
      return reserve_.take(order);
   }
   if (high_order_atomic && frame != MEMFRAG_NO_FRAME) {
      reserve_.reserve_around(frame, order);
   }
   return frame;
}

// The slow path of a request that may wait: direct compaction, then the reserve given back one
// pageblock at a time while the request still fails.
uint64_t CompactionAllocator::alloc_outside_reserve(uint32_t order, uint32_t flags,
                                                    uint32_t cpu) noexcept {
   uint64_t frame = alloc_noting_fallbacks(order, flags, cpu);
   if (frame != MEMFRAG_NO_FRAME || order > mobility_.max_order() || !may_wait(flags)) {
      return frame;
   }
   if (order > 0 && compact(order, mobility::type_of_request(flags), Trigger::request)) {
      frame = alloc_noting_fallbacks(order, flags, cpu);
   }
   while (frame == MEMFRAG_NO_FRAME && reserve_.release_one(mobility::type_of_request(flags))) {
      frame = alloc_noting_fallbacks(order, flags, cpu);
   }
   return frame;
}

// A fragmenting fallback boosts the watermark and wakes the daemon (boost_watermark, then
// wakeup_kswapd from rmqueue).
uint64_t CompactionAllocator::alloc_noting_fallbacks(uint32_t order, uint32_t flags,
                                                     uint32_t cpu) noexcept {
   const uint64_t fragmenting_before = mobility_.fragmenting_fallbacks();
   const uint64_t frame = mobility_.alloc(order, flags, cpu);
   if (mobility_.fragmenting_fallbacks() != fragmenting_before && boost_.enabled()) {
      boost_.raise();
      ++counts_.boosts;
      world_.wake_background();
   }
   return frame;
}

// compaction_suitable: enough free frames to migrate into (the low watermark plus twice the
// request, compact_gap), and for a costly order a fragmentation index above the threshold:
// at or below it the request fails for lack of memory, which moving blocks cannot cure.
bool CompactionAllocator::compaction_suitable(uint32_t order) const noexcept {
   if (mobility_.free_frames() < watermarks_.low + (uint64_t{2} << order)) {
      return false;
   }
   if (order <= costly_order) {
      return true;
   }
   const int64_t index = fragmentation_index(mobility_, order);
   return index < 0 || index > static_cast<int64_t>(extfrag_threshold_);
}

// One compaction run for a free block of `order`, unless unsuitable or deferred. True when the
// block now exists.
bool CompactionAllocator::compact(uint32_t order, uint8_t source_type, Trigger trigger) noexcept {
   if (!world_.can_migrate()) {
      return false;
   }
   if (!compaction_suitable(order)) {
      ++counts_.skipped;
      return false;
   }
   if (deferral_.deferred(order)) {
      ++counts_.deferred;
      return false;
   }
   ++counts_.runs;
   counts_.boosted_compaction_runs += trigger == Trigger::boost ? 1 : 0;
   const bool produced = compactor_.run(order, source_type,
                                        [this, order] { return mobility_.has_free_block(order); });
   if (produced) {
      ++counts_.successes;
      deferral_.note_success(order, trigger == Trigger::request);
   } else {
      ++counts_.failures;
      deferral_.note_failure(order);
   }
   return produced;
}

double CompactionAllocator::stat_value(std::size_t index) const noexcept {
   if (index < mobility::stat_names.size()) {
      return mobility_.stat_value(index);
   }
   const CompactorCounts &scanned = compactor_.counts();
   const HighatomicCounts &reserve = reserve_.counts();
   const std::array<uint64_t, compaction_stat_names.size()> values{counts_.runs,
                                                                   counts_.successes,
                                                                   counts_.failures,
                                                                   counts_.deferred,
                                                                   counts_.skipped,
                                                                   scanned.migrated_blocks,
                                                                   scanned.migrated_frames,
                                                                   scanned.failed_migrations,
                                                                   scanned.migrate_scanned_frames,
                                                                   scanned.free_scanned_frames,
                                                                   deferral_.defer_shift(),
                                                                   counts_.proactive_runs,
                                                                   counts_.proactive_deferred,
                                                                   proactive_score(),
                                                                   counts_.boosts,
                                                                   boost_.frames(),
                                                                   counts_.boost_reclaimed_frames,
                                                                   counts_.boosted_compaction_runs,
                                                                   reserve.reservations,
                                                                   reserve.releases,
                                                                   reserve.served,
                                                                   reserve_.reserved_frames()};
   return static_cast<double>(values[index - mobility::stat_names.size()]);
}

} // namespace memfrag::compaction
