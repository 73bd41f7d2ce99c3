// Compaction on top of grouping pages by mobility (plugins/mobility): a request of an order above
// 0 that the free lists cannot serve migrates movable blocks out of the way (Compactor) when the
// fragmentation index says fragmentation, not lack of memory, is why it fails, with deferral
// after failures; a daemon compacts proactively by the kernel's fragmentation score and after a
// watermark boost; pageblocks are reserved for high-order atomic requests (README.md).
#pragma once

#include "../mobility/mobility_allocator.hpp"
#include "compaction_deferral.hpp"
#include "compaction_stats.hpp"
#include "compactor.hpp"
#include "highatomic_reserve.hpp"
#include "memfrag/cpp/plugin.hpp"
#include "watermarks.hpp"
#include "../classic/world_client.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace memfrag::compaction {

// PAGE_ALLOC_COSTLY_ORDER: above it, compaction is tried only when the fragmentation index
// says fragmentation.
inline constexpr uint32_t costly_order = 3;

class CompactionAllocator {
 public:
   static constexpr cpp::AllocatorInfo info{
       "compaction", "Mobility grouping with compaction", "memfrag", "1.0.0",
       "Grouping pages by mobility plus compaction: migrate and free scanners moving movable "
       "blocks, gated by the fragmentation index, deferred after failures, a proactive daemon, "
       "watermark boosting and a highatomic reserve (Linux 2.6.35 to 5.9)."};

   static constexpr std::array params{
       cpp::int_param("max_order", "Highest block order kept on a free list.", 10, 0,
                      mobility::max_histogram_order),
       cpp::int_param("pageblock_order",
                      "Order of a pageblock, the unit that carries a mobility type and the "
                      "huge-page order of the proactive score (at most max_order).",
                      9, 0, mobility::max_histogram_order),
       cpp::int_param("extfrag_threshold",
                      "vm.extfrag_threshold: a request above order 3 compacts only when the "
                      "fragmentation index of its order is above this (0-1000).",
                      500, 0, 1000),
       cpp::int_param("proactiveness",
                      "vm.compaction_proactiveness: the daemon compacts while the fragmentation "
                      "score is above 100 minus this (plus a band of 10); 0 disables it.",
                      20, 0, 100),
       cpp::int_param("proactive_period_ops",
                      "Host operations between two wake-ups of the proactive daemon (kcompactd's "
                      "500 ms).",
                      1000, 1, int64_t{1} << 30),
       cpp::int_param("watermark_boost_factor",
                      "vm.watermark_boost_factor: a fragmenting fallback boosts the watermark by "
                      "a pageblock, up to this many ten-thousandths of the high watermark, and "
                      "wakes the daemon to reclaim and compact; 0 disables it.",
                      15000, 0, 1000000),
       cpp::bool_param("highatomic_reserve",
                       "Reserve pageblocks (up to 1% of the region plus one) for high-order "
                       "atomic requests.",
                       true),
   };

   static constexpr auto stat_names = compaction::stat_names;

   static std::size_t metadata_size(const cpp::Config &config) {
      return mobility::MobilityAllocator::metadata_size(config);
   }

   explicit CompactionAllocator(const cpp::CreateContext &context);
   CompactionAllocator(const CompactionAllocator &) = delete;
   CompactionAllocator &operator=(const CompactionAllocator &) = delete;

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept {
      mobility_.free(frame, order, cpu);
   }

   uint32_t order_count() const noexcept { return mobility_.order_count(); }
   uint64_t free_blocks(uint32_t order) const noexcept { return mobility_.free_blocks(order); }
   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;
   const void *extension(std::string_view id) const noexcept;

   // The daemon (background.h): one bounded pass; true when more work remains.
   bool run_background() noexcept;
   uint32_t background_period_ops() const noexcept {
      return proactiveness_ != 0 ? proactive_period_ops_ : 0;
   }

 private:
   struct Counts {
      uint64_t runs = 0;
      uint64_t successes = 0;
      uint64_t failures = 0;
      uint64_t deferred = 0;
      uint64_t skipped = 0;
      uint64_t proactive_runs = 0;
      uint64_t proactive_deferred = 0;
      uint64_t boosts = 0;
      uint64_t boost_reclaimed_frames = 0;
      uint64_t boosted_compaction_runs = 0;
   };

   uint64_t alloc_outside_reserve(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   uint64_t alloc_noting_fallbacks(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   bool compaction_suitable(uint32_t order) const noexcept;
   // What a compaction run is for: the request being served, or the daemon after a boost.
   enum class Trigger : uint8_t { request, boost };
   bool compact(uint32_t order, uint8_t source_type, Trigger trigger) noexcept;
   void boosted_pass() noexcept;
   bool proactive_pass() noexcept;
   uint64_t proactive_score() const noexcept;
   bool validate_reserve(cpp::Diagnostic &diagnostic) const;
   bool validate_own_state(cpp::Diagnostic &diagnostic) const;

   mobility::MobilityAllocator mobility_;
   classic::WorldClient world_;
   Watermarks watermarks_;
   WatermarkBoost boost_;
   Compactor compactor_; // refers to mobility_ and world_
   CompactionDeferral deferral_;
   HighatomicReserve reserve_;
   uint32_t extfrag_threshold_;
   uint32_t proactiveness_;
   uint32_t proactive_period_ops_;
   bool proactive_active_ = false;
   uint64_t proactive_start_score_ = 0;
   uint32_t proactive_defer_ = 0;
   Counts counts_;
};

} // namespace memfrag::compaction
