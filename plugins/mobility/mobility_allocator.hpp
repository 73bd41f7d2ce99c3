// Grouping pages by mobility: a buddy allocator whose region is cut into pageblocks, each typed
// unmovable, reclaimable or movable, with one set of per-order free lists per type. A request is
// served from its own type's lists first and falls back to another type's largest free block,
// claiming that block's pageblock when at least half of it is free (README.md).
#pragma once

#include "../buddy/block_layout.hpp"
#include "../buddy/frame_state.hpp"
#include "../buddy/free_lists.hpp"
#include "memfrag/cpp/plugin.hpp"
#include "mobility_stats.hpp"
#include "pageblock_types.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace memfrag::mobility {

class MobilityAllocator {
 public:
   static constexpr cpp::AllocatorInfo info{
       "mobility", "Buddy grouping pages by mobility", "memfrag", "1.0.0",
       "Buddy allocator with pageblocks typed unmovable, reclaimable or movable, per-type free "
       "lists and the kernel's claim-or-steal fallback (Linux 2.6.24 anti-fragmentation)."};

   static constexpr std::array params{
       cpp::int_param("max_order", "Highest block order kept on a free list.", 10, 0,
                      max_histogram_order),
       cpp::int_param("pageblock_order",
                      "Order of a pageblock, the unit that carries a mobility type (at most "
                      "max_order).",
                      9, 0, max_histogram_order),
   };

   static constexpr auto stat_names = mobility::stat_names;

   // 9 bytes per frame and 1 per pageblock (README.md); SIZE_MAX when the region has more frames
   // than the uint32 links can number.
   static std::size_t metadata_size(const cpp::Config &config);

   explicit MobilityAllocator(const cpp::CreateContext &context);

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept;

   uint32_t order_count() const noexcept { return max_order_ + 1; }
   uint64_t free_blocks(uint32_t order) const noexcept;
   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;

   // What a strategy built on top of the grouping (plugins/compaction) reads and does.
   uint64_t frame_count() const noexcept { return frame_count_; }
   uint32_t max_order() const noexcept { return max_order_; }
   uint32_t pageblock_order() const noexcept { return pageblock_order_; }
   uint64_t pageblock_count() const noexcept { return pageblock_count_; }
   uint64_t pageblock_frames(uint32_t pageblock) const noexcept;
   uint8_t pageblock_type(uint32_t pageblock) const noexcept { return types_[pageblock]; }
   uint64_t pageblocks_of_type(uint8_t type) const noexcept;
   // The state byte of a frame (frame_state.hpp): a head's kind and order, or inside a block.
   uint8_t frame_state(uint32_t frame) const noexcept { return states_[frame]; }
   uint64_t free_frames() const noexcept { return free_frames_; }
   uint64_t fragmenting_fallbacks() const noexcept { return fragmenting_fallbacks_; }
   // True when some type's lists hold a free block of at least `order`.
   bool has_free_block(uint32_t order) const noexcept;
   // __rmqueue_smallest on one type's lists, with no fallback: MEMFRAG_NO_FRAME when they hold
   // no block of at least `order`.
   uint64_t alloc_from_type(uint32_t order, uint8_t type) noexcept;
   // Hands out the first 2^order frames of the free block whose head is `frame` (a free block
   // of at least that order), the rest going back to the free lists.
   uint64_t take_free_block(uint32_t frame, uint32_t order) noexcept;
   // Gives a pageblock a new type, its free blocks moving to that type's lists. The pageblock
   // must not lie inside a free block larger than itself. A pageblock leaving the highatomic
   // type merges with its free buddies again.
   void set_pageblock_type(uint32_t pageblock, uint8_t type) noexcept;

 private:
   struct Source {
      uint32_t frame;
      uint32_t order;
   };

   uint8_t type_at(uint32_t frame) const noexcept { return types_[frame >> pageblock_order_]; }
   buddy::FreeLists &lists_at(uint32_t frame) noexcept { return lists_[type_at(frame)]; }
   void push_free(uint32_t frame, uint32_t order) noexcept;
   void add_initial_free_blocks() noexcept;
   Source take_fallback(uint32_t order, uint8_t type) noexcept;
   void steal(Source source, uint8_t type) noexcept;
   void claim_pageblock(uint32_t pageblock, Source source, uint8_t type) noexcept;
   void move_free_blocks(uint32_t pageblock, uint32_t kept_frame, uint8_t type) noexcept;
   uint64_t free_frames_in_pageblock(uint32_t pageblock) const noexcept;
   uint64_t hand_out(Source source, uint32_t order) noexcept;
   void split_down(uint32_t frame, uint32_t from_order, uint32_t to_order) noexcept;
   void merge_and_push(uint32_t frame, uint32_t order) noexcept;
   uint32_t merge_limit(uint32_t frame) const noexcept;
   bool may_merge(uint32_t frame, uint32_t buddy, uint32_t order) const noexcept;

   bool validate_types(cpp::Diagnostic &diagnostic) const;
   bool validate_highatomic_apart(cpp::Diagnostic &diagnostic) const;
   bool validate_type_lists(cpp::Diagnostic &diagnostic, uint8_t type) const;
   bool validate_counts(cpp::Diagnostic &diagnostic, uint64_t free_heads) const;

   uint64_t frame_count_;
   uint32_t max_order_;
   uint32_t pageblock_order_;
   uint64_t pageblock_count_;
   uint8_t *states_;
   uint8_t *types_;
   std::array<buddy::FreeLists, type_count> lists_;
   uint64_t free_frames_;
   uint64_t fallbacks_ = 0;
   uint64_t fragmenting_fallbacks_ = 0;
   uint64_t claimed_pageblocks_ = 0;
   uint64_t ignored_frees_ = 0;
};

} // namespace memfrag::mobility
