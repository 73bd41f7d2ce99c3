// Free lists of a buddy allocator, one per order: doubly-linked through per-frame link arrays in
// the host-given metadata, so that any block can be unlinked in O(1) when its buddy merges with
// it, plus a bitmask of non-empty orders so that finding the smallest usable order is one
// count-trailing-zeros instead of a scan.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace memfrag::buddy {

// The highest order the per-frame state byte and the non-empty bitmask can describe.
inline constexpr uint32_t max_supported_order = 20;

// Marks the end of a list; also why a region may hold at most this many frames minus one.
inline constexpr uint32_t no_link = UINT32_MAX;

// The links of the first frame of a free block; meaningless for any other frame.
struct FrameLinks {
   uint32_t next;
   uint32_t prev;
};

class FreeLists {
 public:
   explicit FreeLists(FrameLinks *links) noexcept : links_(links) {
      heads_.fill(no_link);
      counts_.fill(0);
   }

   // Puts the block starting at `frame` at the head of the order's list, so the most recently
   // freed block (likeliest to be cache-hot) is the next one handed out.
   void push(uint32_t frame, uint32_t order) noexcept {
      const uint32_t old_head = heads_[order];
      links_[frame] = {old_head, no_link};
      if (old_head != no_link) {
         links_[old_head].prev = frame;
      }
      heads_[order] = frame;
      ++counts_[order];
      nonempty_orders_ |= 1u << order;
   }

   // Removes and returns the head of the order's list, which must not be empty.
   uint32_t pop(uint32_t order) noexcept {
      const uint32_t frame = heads_[order];
      const uint32_t next = links_[frame].next;
      heads_[order] = next;
      if (next != no_link) {
         links_[next].prev = no_link;
      }
      note_removed(order);
      return frame;
   }

   // Removes the block starting at `frame`, which must be on the order's list.
   void unlink(uint32_t frame, uint32_t order) noexcept {
      const FrameLinks links = links_[frame];
      if (links.prev != no_link) {
         links_[links.prev].next = links.next;
      } else {
         heads_[order] = links.next;
      }
      if (links.next != no_link) {
         links_[links.next].prev = links.prev;
      }
      note_removed(order);
   }

   // The smallest order >= `order` whose list is not empty, or a value above
   // max_supported_order when there is none.
   uint32_t first_nonempty_order_from(uint32_t order) const noexcept {
      return static_cast<uint32_t>(std::countr_zero(nonempty_orders_ >> order << order));
   }

   uint32_t head(uint32_t order) const noexcept { return heads_[order]; }
   uint64_t count(uint32_t order) const noexcept { return counts_[order]; }
   bool marked_nonempty(uint32_t order) const noexcept {
      return (nonempty_orders_ >> order & 1u) != 0;
   }
   const FrameLinks &links(uint32_t frame) const noexcept { return links_[frame]; }

 private:
   void note_removed(uint32_t order) noexcept {
      if (--counts_[order] == 0) {
         nonempty_orders_ &= ~(1u << order);
      }
   }

   FrameLinks *links_;
   std::array<uint32_t, max_supported_order + 1> heads_;
   std::array<uint64_t, max_supported_order + 1> counts_;
   uint32_t nonempty_orders_ = 0;
};

} // namespace memfrag::buddy
