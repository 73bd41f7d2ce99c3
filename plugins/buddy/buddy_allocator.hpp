// The reference binary buddy allocator: one free list per order, blocks split on the way down and
// merged with their buddy on the way back, all bookkeeping in host-given metadata (README.md).
#pragma once

#include "block_layout.hpp"
#include "frame_state.hpp"
#include "free_lists.hpp"
#include "memfrag/cpp/plugin.hpp"
#include "region_checks.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace memfrag::buddy {

class BuddyAllocator {
 public:
   static constexpr cpp::AllocatorInfo info{
       "buddy", "Binary buddy allocator", "memfrag", "1.0.0",
       "Reference binary buddy allocator with per-order free lists, O(1) split and merge, and a "
       "reserve watermark only atomic requests may dip into."};

   static constexpr std::array params{
       cpp::int_param("max_order",
                      "Highest block order kept on a free list (blocks of 2^order frames).", 10, 0,
                      max_supported_order),
       cpp::int_param("reserve_frames",
                      "Free frames a non-atomic request may not take: it fails rather than leave "
                      "fewer free.",
                      0, 0, int64_t{1} << 40),
   };

   static constexpr std::array stat_names{"splits", "merges", "free_frames", "reserve_refusals",
                                          "ignored_frees"};

   // 9 bytes per frame (README.md); SIZE_MAX when the region has more frames than the uint32
   // links can number.
   static std::size_t metadata_size(const cpp::Config &config);

   explicit BuddyAllocator(const cpp::CreateContext &context);

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept;

   uint32_t order_count() const noexcept { return max_order_ + 1; }
   uint64_t frame_count() const noexcept { return frame_count_; }
   uint64_t free_frames() const noexcept { return free_frames_; }
   // Whether `frame` starts a block of `order` that is handed out.
   bool is_allocated_head(uint64_t frame, uint32_t order) const noexcept {
      return states_[frame] == allocated_head_state(order);
   }
   uint64_t free_blocks(uint32_t order) const noexcept { return free_lists_.count(order); }
   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;

 private:
   void add_initial_free_blocks() noexcept;
   bool reserve_forbids(uint64_t frames, uint32_t flags) noexcept;
   // Kept out of line so the common case, a block of the exact order on its list, needs no
   // registers for the loop.
   [[gnu::noinline]] void split_down(uint32_t frame, uint32_t from_order,
                                     uint32_t to_order) noexcept;

   RegionView region_view() const noexcept;

   uint64_t frame_count_;
   uint32_t max_order_;
   uint64_t reserve_frames_;
   uint8_t *states_;
   FreeLists free_lists_;
   uint64_t free_frames_;
   uint64_t splits_ = 0;
   uint64_t merges_ = 0;
   uint64_t reserve_refusals_ = 0;
   uint64_t ignored_frees_ = 0;
};

inline uint64_t BuddyAllocator::alloc(uint32_t order, uint32_t flags, uint32_t) noexcept {
   if (order > max_order_) [[unlikely]] {
      return MEMFRAG_NO_FRAME;
   }
   const uint64_t frames = uint64_t{1} << order;
   if (reserve_forbids(frames, flags)) [[unlikely]] {
      return MEMFRAG_NO_FRAME;
   }
   const uint32_t source_order = free_lists_.first_nonempty_order_from(order);
   if (source_order > max_order_) [[unlikely]] {
      return MEMFRAG_NO_FRAME;
   }
   const uint32_t frame = free_lists_.pop(source_order);
   if (source_order != order) {
      split_down(frame, source_order, order);
   }
   states_[frame] = allocated_head_state(order);
   free_frames_ -= frames;
   return frame;
}

// Atomic requests may use the reserve; everything else fails rather than go below it.
inline bool BuddyAllocator::reserve_forbids(uint64_t frames, uint32_t flags) noexcept {
   if ((flags & MEMFRAG_REQ_ATOMIC) != 0 || free_frames_ >= frames + reserve_frames_) {
      return false;
   }
   if (free_frames_ >= frames) {
      ++reserve_refusals_;
   }
   return true;
}

// A free that does not match a live block (out of range, wrong order, double free) breaks the
// host's side of the contract; it is counted and ignored so the metadata stays consistent.
inline void BuddyAllocator::free(uint64_t frame, uint32_t order, uint32_t) noexcept {
   if (frame >= frame_count_ || order > max_order_ || states_[frame] != allocated_head_state(order))
       [[unlikely]] {
      ++ignored_frees_;
      return;
   }
   states_[frame] = inside_block_state;
   free_frames_ += uint64_t{1} << order;
   const FreedBlock merged =
       merge_with_buddies(states_, frame_count_, max_order_, static_cast<uint32_t>(frame), order,
                          [this](uint32_t buddy, uint32_t buddy_order) {
                             free_lists_.unlink(buddy, buddy_order);
                             ++merges_;
                          });
   free_lists_.push(merged.frame, merged.order);
   states_[merged.frame] = free_head_state(merged.order);
}

} // namespace memfrag::buddy
