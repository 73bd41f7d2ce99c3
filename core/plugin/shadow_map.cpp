#include "core/plugin/shadow_map.hpp"

namespace memfrag::plugin {

const char *contract_breach_name(ContractBreach breach) {
   switch (breach) {
   case ContractBreach::none:
      return "none";
   case ContractBreach::out_of_region:
      return "out-of-region";
   case ContractBreach::misaligned:
      return "misaligned";
   case ContractBreach::overlap:
      return "overlap";
   case ContractBreach::not_allocated:
      return "not-allocated";
   case ContractBreach::wrong_order:
      return "wrong-order";
   case ContractBreach::wrong_length:
      return "wrong-length";
   }
   return "unknown";
}

ShadowMap::ShadowMap(std::uint64_t frame_count, std::uint32_t writers)
    : frame_count_(frame_count), writers_(writers < 1 ? 1 : writers), concurrent_(writers_ > 1),
      bits_((frame_count + 63) / 64, 0), live_order_plus_one_(frame_count, 0),
      counts_(std::make_unique<WriterCounts[]>(writers_)) {
   // Frames past the end of the region in the last word count as allocated, so that no free
   // block is ever seen beyond the region.
   if (frame_count % 64 != 0) {
      bits_.back() = ~std::uint64_t{0} << (frame_count % 64);
   }
}

std::uint64_t ShadowMap::free_frames() const {
   std::int64_t allocated = 0;
   for (std::uint32_t writer = 0; writer < writers_; ++writer) {
      allocated += counts_[writer].allocated_frames.load(std::memory_order_relaxed);
   }
   return frame_count_ - static_cast<std::uint64_t>(allocated);
}

std::uint64_t ShadowMap::live_blocks() const {
   std::int64_t blocks = 0;
   for (std::uint32_t writer = 0; writer < writers_; ++writer) {
      blocks += counts_[writer].live_blocks.load(std::memory_order_relaxed);
   }
   return static_cast<std::uint64_t>(blocks);
}

std::uint64_t ShadowMap::changes() const {
   std::uint64_t changes = 0;
   for (std::uint32_t writer = 0; writer < writers_; ++writer) {
      changes += counts_[writer].changes.load(std::memory_order_relaxed);
   }
   return changes;
}

// Sets the block's bits word by word with atomic ORs. A word that had any of them set already
// means an overlap: the bits this call set are taken back, so a failed claim records nothing.
bool ShadowMap::set_bits_exclusively(std::uint64_t frame, std::uint32_t order) {
   const std::uint64_t first = frame / 64;
   const std::uint64_t words = order < 6 ? 1 : std::uint64_t{1} << (order - 6);
   const std::uint64_t mask =
       order < 6 ? ((std::uint64_t{1} << (1u << order)) - 1) << (frame % 64) : ~std::uint64_t{0};
   for (std::uint64_t w = first; w < first + words; ++w) {
      const std::uint64_t before =
          std::atomic_ref<std::uint64_t>(bits_[w]).fetch_or(mask, std::memory_order_acq_rel);
      if ((before & mask) == 0) {
         continue;
      }
      std::atomic_ref<std::uint64_t>(bits_[w]).fetch_and(~(mask & ~before),
                                                         std::memory_order_acq_rel);
      for (std::uint64_t taken = first; taken < w; ++taken) {
         std::atomic_ref<std::uint64_t>(bits_[taken]).fetch_and(~mask, std::memory_order_acq_rel);
      }
      return false;
   }
   return true;
}

// The block covering a frame has its head at the frame rounded down to the block's order. Going
// up the orders, the first rounding that lands on a live head decides: blocks never overlap, so
// no larger block can cover the frame if that one does not. Runs start anywhere, so while any
// is live the head is found by a scan instead.
std::optional<std::pair<std::uint64_t, std::uint32_t>>
ShadowMap::live_block_covering(std::uint64_t frame) const {
   if (frame >= frame_count_) {
      return std::nullopt;
   }
   if (live_runs() != 0) {
      return covering_by_scan(frame);
   }
   for (std::uint32_t order = 0; order < 63; ++order) {
      const std::uint64_t head = frame & ~((std::uint64_t{1} << order) - 1);
      const std::uint8_t recorded = live_order_at(head);
      if (recorded == kRunHead) {
         return covering_by_scan(frame);
      }
      if (recorded != 0) {
         const std::uint32_t block_order = recorded - 1u;
         if (frame - head < (std::uint64_t{1} << block_order)) {
            return std::make_pair(head, block_order);
         }
         return std::nullopt;
      }
      if (head == 0) {
         break;
      }
   }
   return std::nullopt;
}

} // namespace memfrag::plugin
