// The host's own record of every live block, independent of what the plugin claims: one bit per
// frame (allocated or not) and the order of each live block at its first frame. Metrics are
// computed from it, and the contract checker tests every block a plugin hands out against it.
#pragma once

#include <cstdint>
#include <vector>

namespace memfrag::plugin {

enum class ContractBreach : std::uint8_t {
   none,
   out_of_region, // the block does not lie inside [0, frame_count)
   misaligned,    // the first frame is not a multiple of 2^order
   overlap,       // the block overlaps a live block
   not_allocated, // a free of a block that is not live (double free included)
   wrong_order,   // a free of a live block with another order than it was allocated with
};

const char *contract_breach_name(ContractBreach breach);

class ShadowMap {
 public:
   explicit ShadowMap(std::uint64_t frame_count);

   std::uint64_t frame_count() const { return frame_count_; }
   std::uint64_t free_frames() const { return free_frames_; }
   std::uint64_t live_blocks() const { return live_blocks_; }
   // Blocks marked allocated or free so far: equal counts mean the free frames did not change.
   std::uint64_t changes() const { return changes_; }
   // Bit f of word f / 64 is set when frame f is allocated.
   const std::vector<std::uint64_t> &allocated_bits() const { return bits_; }

   ContractBreach check_alloc(std::uint64_t frame, std::uint32_t order) const;
   ContractBreach check_free(std::uint64_t frame, std::uint32_t order) const;
   // Records a block as live / free. The caller has checked it, or accepts a corrupt record.
   void mark_allocated(std::uint64_t frame, std::uint32_t order);
   void mark_free(std::uint64_t frame, std::uint32_t order);

 private:
   bool any_allocated(std::uint64_t frame, std::uint32_t order) const;
   void set_bits(std::uint64_t frame, std::uint32_t order, bool allocated);

   std::uint64_t frame_count_;
   std::uint64_t free_frames_;
   std::uint64_t live_blocks_ = 0;
   std::uint64_t changes_ = 0;
   std::vector<std::uint64_t> bits_;
   std::vector<std::uint8_t> live_order_plus_one_; // 0: no live block starts at this frame
};

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
   if (order >= 63 || frame >= frame_count_ ||
       (std::uint64_t{1} << order) > frame_count_ - frame) {
      return ContractBreach::out_of_region;
   }
   if ((frame & ((std::uint64_t{1} << order) - 1)) != 0) {
      return ContractBreach::misaligned;
   }
   return any_allocated(frame, order) ? ContractBreach::overlap : ContractBreach::none;
}

inline ContractBreach ShadowMap::check_free(std::uint64_t frame, std::uint32_t order) const {
   if (frame >= frame_count_) {
      return ContractBreach::out_of_region;
   }
   std::uint8_t recorded = live_order_plus_one_[frame];
   if (recorded == 0) {
      return ContractBreach::not_allocated;
   }
   return recorded == order + 1 ? ContractBreach::none : ContractBreach::wrong_order;
}

inline void ShadowMap::set_bits(std::uint64_t frame, std::uint32_t order, bool allocated) {
   if (order < 6) {
      std::uint64_t mask = ((std::uint64_t{1} << (1u << order)) - 1) << (frame % 64);
      bits_[frame / 64] = allocated ? bits_[frame / 64] | mask : bits_[frame / 64] & ~mask;
      return;
   }
   std::uint64_t first = frame / 64;
   std::uint64_t words = std::uint64_t{1} << (order - 6);
   for (std::uint64_t w = first; w < first + words; ++w) {
      bits_[w] = allocated ? ~std::uint64_t{0} : 0;
   }
}

inline void ShadowMap::mark_allocated(std::uint64_t frame, std::uint32_t order) {
   set_bits(frame, order, true);
   live_order_plus_one_[frame] = static_cast<std::uint8_t>(order + 1);
   free_frames_ -= std::uint64_t{1} << order;
   ++live_blocks_;
   ++changes_;
}

inline void ShadowMap::mark_free(std::uint64_t frame, std::uint32_t order) {
   set_bits(frame, order, false);
   live_order_plus_one_[frame] = 0;
   free_frames_ += std::uint64_t{1} << order;
   --live_blocks_;
   ++changes_;
}

} // namespace memfrag::plugin
