// The reference buddy allocator (plugins/buddy) with lumpy reclaim: a high-order request the
// free lists cannot serve picks an aligned block and has the world drop every block of
// reclaimable data in it, found through the reverse map, so that it frees and coalesces
// (README.md).
#pragma once

#include "../buddy/buddy_allocator.hpp"
#include "../classic/world_client.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace memfrag::lumpy {

class LumpyBuddy {
 public:
   static constexpr cpp::AllocatorInfo info{
       "lumpy", "Buddy with lumpy reclaim", "memfrag", "1.0.0",
       "The reference buddy allocator that, when a multi-frame request fails, evicts the "
       "reclaimable owners of one aligned block through the reverse map so that it coalesces."};

   static constexpr std::array params{
       // The contained buddy's own, which it reads itself.
       buddy::BuddyAllocator::params[0],
       buddy::BuddyAllocator::params[1],
       cpp::int_param("lumpy_attempts",
                      "Blocks one failed request may empty before it gives up (a bound on the "
                      "evictions one request can cause).",
                      4, 0, 1 << 20),
       cpp::int_param("scan_blocks",
                      "Aligned blocks of the requested order looked at to choose one to empty.", 64,
                      1, 1 << 20),
   };

   static constexpr std::array stat_names{
       "free_frames",    "lumpy_requests",     "lumpy_successes",    "lumpy_failures",
       "blocks_emptied", "lumpy_frames_freed", "candidates_scanned", "no_candidate"};

   static std::size_t metadata_size(const cpp::Config &config) {
      return buddy::BuddyAllocator::metadata_size(config);
   }

   explicit LumpyBuddy(const cpp::CreateContext &context)
       : buddy_(context), world_(context.host),
         attempts_(static_cast<uint32_t>(context.config.params.integer("lumpy_attempts"))),
         scan_blocks_(static_cast<uint64_t>(context.config.params.integer("scan_blocks"))) {}

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept {
      buddy_.free(frame, order, cpu);
   }

   uint32_t order_count() const noexcept { return buddy_.order_count(); }
   uint64_t free_blocks(uint32_t order) const noexcept { return buddy_.free_blocks(order); }
   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;

 private:
   // Frames the world would drop to empty the aligned block of `order` at `first`, or nullopt
   // when a frame in it holds data that cannot be dropped (unmovable, movable, stitched).
   std::optional<uint64_t> eviction_cost(uint64_t first, uint32_t order) const noexcept;
   // The cheapest block to empty among the next scan_blocks aligned blocks after the cursor.
   std::optional<uint64_t> choose_block(uint32_t order) noexcept;
   void empty_block(uint64_t first, uint32_t order) noexcept;

   buddy::BuddyAllocator buddy_;
   classic::WorldClient world_;
   uint32_t attempts_;
   uint64_t scan_blocks_;
   uint64_t cursor_ = 0; // frame where the next scan starts, so that scans sweep the region
   uint64_t lumpy_requests_ = 0;
   uint64_t lumpy_successes_ = 0;
   uint64_t lumpy_failures_ = 0;
   uint64_t blocks_emptied_ = 0;
   uint64_t frames_freed_ = 0;
   uint64_t candidates_scanned_ = 0;
   uint64_t no_candidate_ = 0;
};

} // namespace memfrag::lumpy
