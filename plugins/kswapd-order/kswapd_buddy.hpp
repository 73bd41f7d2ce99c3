// The reference buddy allocator (plugins/buddy) with a kswapd that reclaims in the background
// until the free lists meet per-order watermarks, not only a total free count (README.md).
#pragma once

#include "../buddy/buddy_allocator.hpp"
#include "../classic/world_client.hpp"
#include "watermark.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace memfrag::kswapd {

class KswapdBuddy {
 public:
   static constexpr cpp::AllocatorInfo info{
       "kswapd-order", "Buddy with high-order-aware kswapd", "memfrag", "1.0.0",
       "The reference buddy allocator with a background reclaimer that keeps free blocks of "
       "every order up to high_order above the kernel's per-order watermarks."};

   static constexpr std::array params{
       // The contained buddy's own, which it reads itself.
       buddy::BuddyAllocator::params[0],
       buddy::BuddyAllocator::params[1],
       cpp::int_param("high_order",
                      "Highest order whose watermark the daemon keeps (zone_watermark_ok at this "
                      "order checks every order up to it).",
                      1, 0, buddy::max_supported_order),
       cpp::int_param("min_free_frames",
                      "The min watermark in frames; low is 5/4 of it, high 3/2. 0: the kernel's "
                      "min_free_kbytes rule, sqrt(16 x KiB of the region).",
                      0, 0, int64_t{1} << 40),
       cpp::int_param("reclaim_batch",
                      "Frames one pass of the daemon reclaims in LRU order (SWAP_CLUSTER_MAX).", 32,
                      1, 1 << 20),
       cpp::int_param("wake_budget_frames",
                      "Frames one wakeup may reclaim for orders above 0; past it the daemon keeps "
                      "only the order-0 watermark until a high-order request fails again.",
                      1024, 0, int64_t{1} << 40),
   };

   static constexpr std::array stat_names{"free_frames",        "wakeups",
                                          "daemon_passes",      "daemon_frames_reclaimed",
                                          "balanced_sleeps",    "high_order_give_ups",
                                          "high_order_failures"};

   static std::size_t metadata_size(const cpp::Config &config) {
      return buddy::BuddyAllocator::metadata_size(config);
   }

   explicit KswapdBuddy(const cpp::CreateContext &context);

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept {
      buddy_.free(frame, order, cpu);
   }

   uint32_t order_count() const noexcept { return buddy_.order_count(); }
   uint64_t free_blocks(uint32_t order) const noexcept { return buddy_.free_blocks(order); }
   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;
   const void *extension(std::string_view id) const noexcept;

   // One bounded pass of the daemon (background.h); true while its watermarks are unmet.
   bool run_daemon() noexcept;

 private:
   // The order whose watermark the daemon is after: high_order, or 0 once this wakeup's
   // high-order budget is spent.
   uint32_t target_order() const noexcept { return high_order_deferred_ ? 0 : high_order_; }
   void wake() noexcept;

   buddy::BuddyAllocator buddy_;
   classic::WorldClient world_;
   uint32_t high_order_;
   uint64_t min_mark_;
   uint64_t low_mark_;
   uint64_t high_mark_;
   uint64_t batch_;
   uint64_t wake_budget_;
   bool awake_ = false;
   bool high_order_deferred_ = false;
   uint64_t reclaimed_this_wake_ = 0;
   uint64_t wakeups_ = 0;
   uint64_t passes_ = 0;
   uint64_t daemon_frames_ = 0;
   uint64_t balanced_sleeps_ = 0;
   uint64_t give_ups_ = 0;
   uint64_t high_order_failures_ = 0;
};

} // namespace memfrag::kswapd
