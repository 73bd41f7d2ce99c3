// Strategies of the 1990s on top of the reference buddy allocator (plugins/buddy), which each
// of them contains and calls for the free lists: the Linux 2.0 page allocator's reserve and
// reclaim rule, the "GFP_DEFRAG" retry, and stitching single frames into a virtual mapping.
// README.md describes each.
#pragma once

#include "../buddy/buddy_allocator.hpp"
#include "world_client.hpp"

#include <array>
#include <cstdint>

namespace memfrag::classic {

// Parameters shared by every strategy here: the contained buddy reads max_order and
// reserve_frames itself.
inline constexpr auto kBuddyParams = std::array{
    cpp::int_param("max_order", "Highest block order kept on a free list.", 10, 0,
                   buddy::max_supported_order),
    cpp::int_param("reserve_frames",
                   "The 1996 reserve (free_pages_high): a non-atomic request is served from the "
                   "free lists only while more frames than this are free.",
                   0, 0, int64_t{1} << 40),
    cpp::int_param("reclaim_retries",
                   "Bound on reclaim-and-retry rounds of one request (a loop that must end).",
                   32, 0, 1 << 20),
    cpp::int_param("reclaim_batch", "Frames one reclaim round asks the world for.", 8, 1,
                   1 << 20),
};

// Which strategy a ClassicBuddy<...> instance follows.
enum class Strategy { linux_1996, defrag_retry, stitching };

template <Strategy S> class ClassicBuddy {
 public:
   static constexpr std::array params = kBuddyParams;
   static constexpr std::array stat_names{"free_frames", "fragmentation_refusals", "reclaim_rounds",
                                          "defrag_rounds", "stitched", "contiguity_required_refusals"};

   static std::size_t metadata_size(const cpp::Config &config) {
      return buddy::BuddyAllocator::metadata_size(config);
   }

   explicit ClassicBuddy(const cpp::CreateContext &context)
       : buddy_(context), world_(context.host),
         reserve_(static_cast<uint64_t>(context.config.params.integer("reserve_frames"))),
         retries_(static_cast<uint32_t>(context.config.params.integer("reclaim_retries"))),
         batch_(static_cast<uint64_t>(context.config.params.integer("reclaim_batch"))) {}

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept;

   uint32_t order_count() const noexcept { return buddy_.order_count(); }
   uint64_t free_blocks(uint32_t order) const noexcept { return buddy_.free_blocks(order); }
   bool validate(cpp::Diagnostic &diagnostic) const { return buddy_.validate(diagnostic); }
   double stat_value(std::size_t index) const noexcept {
      const std::array<uint64_t, stat_names.size()> values{
          buddy_.free_frames(), fragmentation_refusals_, reclaim_rounds_, defrag_rounds_,
          stitched_, contiguity_required_refusals_};
      return static_cast<double>(values[index]);
   }

 private:
   // RMQUEUE: straight from the free lists, the reserve already judged by the caller.
   uint64_t take(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
      return buddy_.alloc(order, flags | MEMFRAG_REQ_ATOMIC, cpu);
   }
   uint64_t alloc_1996(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   uint64_t stitch(uint32_t order, uint32_t cpu) noexcept;
   void unstitch(uint64_t id, uint32_t cpu) noexcept;

   buddy::BuddyAllocator buddy_;
   WorldClient world_;
   uint64_t reserve_;
   uint32_t retries_;
   uint64_t batch_;
   uint64_t fragmentation_refusals_ = 0;
   uint64_t reclaim_rounds_ = 0;
   uint64_t defrag_rounds_ = 0;
   uint64_t stitched_ = 0;
   uint64_t contiguity_required_refusals_ = 0;
};

// The Linux 2.0 rule (mm/page_alloc.c, __get_free_pages): while more frames than the reserve are
// free, or for an atomic request, serve from the free lists and fail when they have no block,
// however many single frames are free. Only at or below the reserve does a request that may
// reclaim free one frame (try_to_free_page) and try again. defrag_retry adds the 1996 patch: a
// multi-frame request that may reclaim reclaims anyway and retries, within a bound.
template <Strategy S>
uint64_t ClassicBuddy<S>::alloc_1996(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
   const bool atomic = (flags & MEMFRAG_REQ_ATOMIC) != 0;
   const bool may_reclaim = !atomic && (flags & MEMFRAG_REQ_NORECLAIM) == 0;
   for (uint32_t round = 0;; ++round) {
      const bool above_reserve = buddy_.free_frames() > reserve_;
      if (atomic || above_reserve) {
         const uint64_t frame = take(order, flags, cpu);
         if (frame != MEMFRAG_NO_FRAME) {
            return frame;
         }
         ++fragmentation_refusals_;
         const bool defrag = S == Strategy::defrag_retry && may_reclaim && order > 0;
         if (!defrag || round >= retries_ || world_.reclaim(batch_) == 0) {
            return MEMFRAG_NO_FRAME;
         }
         ++defrag_rounds_;
         continue;
      }
      if (!may_reclaim || round >= retries_ || world_.reclaim(1) == 0) {
         return MEMFRAG_NO_FRAME;
      }
      ++reclaim_rounds_;
   }
}

template <Strategy S>
uint64_t ClassicBuddy<S>::alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
   const uint64_t frame = alloc_1996(order, flags, cpu);
   if (S != Strategy::stitching || frame != MEMFRAG_NO_FRAME || order == 0) {
      return frame;
   }
   if ((flags & MEMFRAG_REQ_VIRT_OK) == 0) {
      contiguity_required_refusals_ += buddy_.free_frames() >= (uint64_t{1} << order) ? 1 : 0;
      return MEMFRAG_NO_FRAME;
   }
   return stitch(order, cpu);
}

// The 1996 proposal: take 2^order single frames and have the host map them side by side.
template <Strategy S> uint64_t ClassicBuddy<S>::stitch(uint32_t order, uint32_t cpu) noexcept {
   const uint32_t count = 1u << order;
   std::array<uint64_t, 1u << 10> frames{};
   if (!world_.can_stitch() || count > frames.size() || count > world_.max_stitched_frames() ||
       buddy_.free_frames() < count) {
      return MEMFRAG_NO_FRAME;
   }
   for (uint32_t index = 0; index < count; ++index) {
      frames[index] = take(0, 0, cpu);
   }
   const uint64_t id = world_.stitch({frames.data(), count});
   if (id == MEMFRAG_NO_FRAME) {
      for (uint32_t index = 0; index < count; ++index) {
         buddy_.free(frames[index], 0, cpu);
      }
      return MEMFRAG_NO_FRAME;
   }
   ++stitched_;
   return id;
}

template <Strategy S> void ClassicBuddy<S>::unstitch(uint64_t id, uint32_t cpu) noexcept {
   std::array<uint64_t, 1u << 10> frames{};
   const uint32_t count = world_.unstitch(id, frames);
   for (uint32_t index = 0; index < count && index < frames.size(); ++index) {
      buddy_.free(frames[index], 0, cpu);
   }
}

template <Strategy S>
void ClassicBuddy<S>::free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept {
   if (MEMFRAG_IS_STITCHED(frame)) {
      unstitch(frame, cpu);
      return;
   }
   buddy_.free(frame, order, cpu);
}

struct Buddy1996 : ClassicBuddy<Strategy::linux_1996> {
   using ClassicBuddy::ClassicBuddy;
   static constexpr cpp::AllocatorInfo info{
       "buddy-1996", "Linux 2.0 buddy allocator", "memfrag", "1.0.0",
       "The 1996 page allocator: a single free-frame reserve, reclaim only at or below it, so "
       "multi-frame requests fail while scattered free frames are plentiful."};
};

struct DefragRetry : ClassicBuddy<Strategy::defrag_retry> {
   using ClassicBuddy::ClassicBuddy;
   static constexpr cpp::AllocatorInfo info{
       "defrag-retry", "1996 buddy with GFP_DEFRAG retry", "memfrag", "1.0.0",
       "The 1996 allocator patched to reclaim in LRU order and retry a failed multi-frame "
       "request whatever the free count, within a bound."};
};

struct VirtualStitching : ClassicBuddy<Strategy::stitching> {
   using ClassicBuddy::ClassicBuddy;
   static constexpr cpp::AllocatorInfo info{
       "vstitch", "1996 buddy with virtual stitching", "memfrag", "1.0.0",
       "The 1996 allocator falling back, for requests that accept it, to single frames mapped "
       "side by side in a virtual window."};
};

} // namespace memfrag::classic
