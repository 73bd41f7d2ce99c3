#include "lumpy_buddy.hpp"

namespace memfrag::lumpy {
namespace {

// Only requests that may reclaim may ask the world to drop data (reclaim.h).
bool may_reclaim(uint32_t flags) noexcept {
   return (flags & (MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_NORECLAIM)) == 0;
}

} // namespace

uint64_t LumpyBuddy::alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
   uint64_t frame = buddy_.alloc(order, flags, cpu);
   if (frame != MEMFRAG_NO_FRAME || order == 0 || !may_reclaim(flags) ||
       !world_.has_reverse_map() || (uint64_t{1} << order) > buddy_.frame_count()) {
      return frame;
   }
   ++lumpy_requests_;
   for (uint32_t attempt = 0; attempt < attempts_; ++attempt) {
      const std::optional<uint64_t> block = choose_block(order);
      if (!block) {
         ++no_candidate_;
         break;
      }
      empty_block(*block, order);
      frame = buddy_.alloc(order, flags, cpu);
      if (frame != MEMFRAG_NO_FRAME) {
         ++lumpy_successes_;
         return frame;
      }
   }
   ++lumpy_failures_;
   return MEMFRAG_NO_FRAME;
}

// Walks the block owner by owner: a live block found at a frame covers it up to its end.
std::optional<uint64_t> LumpyBuddy::eviction_cost(uint64_t first, uint32_t order) const noexcept {
   const uint64_t end = first + (uint64_t{1} << order);
   uint64_t cost = 0;
   for (uint64_t frame = first; frame < end;) {
      memfrag_block_info_t owner{};
      if (!world_.block_at(frame, owner)) {
         ++frame;
         continue;
      }
      if (owner.mobility != MEMFRAG_MOBILITY_RECLAIMABLE || owner.stitched) {
         return std::nullopt;
      }
      cost += uint64_t{1} << owner.order;
      frame = owner.first_frame + (uint64_t{1} << owner.order);
   }
   return cost;
}

// Lumpy reclaim took the block around the page at the LRU tail; here the block is the one that
// costs the fewest evictions among those scanned, which keeps the damage per request low. The
// cursor moves past the block chosen, so successive requests spread over the region.
std::optional<uint64_t> LumpyBuddy::choose_block(uint32_t order) noexcept {
   const uint64_t size = uint64_t{1} << order;
   const uint64_t blocks = buddy_.frame_count() / size;
   std::optional<uint64_t> best;
   uint64_t best_cost = UINT64_MAX;
   uint64_t index = (cursor_ / size) % blocks;
   for (uint64_t scanned = 0; scanned < scan_blocks_ && scanned < blocks; ++scanned) {
      ++candidates_scanned_;
      const uint64_t first = index * size;
      const std::optional<uint64_t> cost = eviction_cost(first, order);
      if (cost && *cost > 0 && *cost < best_cost) {
         best = first;
         best_cost = *cost;
      }
      index = index + 1 == blocks ? 0 : index + 1;
   }
   if (best) {
      cursor_ = (*best + size) % (blocks * size);
   } else {
      cursor_ = index * size;
   }
   return best;
}

void LumpyBuddy::empty_block(uint64_t first, uint32_t order) noexcept {
   const uint64_t end = first + (uint64_t{1} << order);
   for (uint64_t frame = first; frame < end;) {
      memfrag_block_info_t owner{};
      if (!world_.block_at(frame, owner)) {
         ++frame;
         continue;
      }
      frames_freed_ += world_.reclaim_frame(frame);
      frame = owner.first_frame + (uint64_t{1} << owner.order);
   }
   ++blocks_emptied_;
}

bool LumpyBuddy::validate(cpp::Diagnostic &diagnostic) const {
   if (!buddy_.validate(diagnostic)) {
      return false;
   }
   if (buddy_.frame_count() != 0 && cursor_ >= buddy_.frame_count()) {
      return diagnostic.fail("scan cursor %llu is past the region of %llu frames",
                             static_cast<unsigned long long>(cursor_),
                             static_cast<unsigned long long>(buddy_.frame_count()));
   }
   if (lumpy_successes_ + lumpy_failures_ != lumpy_requests_) {
      return diagnostic.fail("lumpy requests %llu are not successes %llu plus failures %llu",
                             static_cast<unsigned long long>(lumpy_requests_),
                             static_cast<unsigned long long>(lumpy_successes_),
                             static_cast<unsigned long long>(lumpy_failures_));
   }
   return true;
}

double LumpyBuddy::stat_value(std::size_t index) const noexcept {
   const std::array<uint64_t, stat_names.size()> values{
       buddy_.free_frames(), lumpy_requests_, lumpy_successes_,    lumpy_failures_,
       blocks_emptied_,      frames_freed_,   candidates_scanned_, no_candidate_};
   return static_cast<double>(values[index]);
}

} // namespace memfrag::lumpy
