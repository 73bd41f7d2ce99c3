// The free extents of a region in address order, kept in the host-given metadata with boundary
// tags (Knuth, TAOCP vol. 1, 2.5, Algorithm C): the length of each free extent is written at its
// first and at its last frame, and two bitmaps mark those frames. Freeing a range finds its free
// neighbours from the frames just outside it in constant time; the extents are visited in
// address order by scanning the bitmap of first frames, whose non-empty words a summary bitmap
// marks, so long allocated stretches cost one bit each.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace memfrag::extent {

// One free extent: `length` frames from `start`.
struct Extent {
   uint64_t start = 0;
   uint64_t length = 0;
   uint64_t end() const noexcept { return start + length; }
};

class ExtentMap {
 public:
   // Frame numbers and lengths are kept in 32 bits: regions of more frames are refused.
   static constexpr uint64_t max_frame_count = UINT32_MAX;

   // Metadata bytes for a region of `frame_count` frames: 4 per frame for the tags and two bits
   // per frame for the bitmaps, plus one bit per 64 frames for the summary.
   static std::size_t bytes_for(uint64_t frame_count) noexcept;

   // Every frame starts free: one extent covering the region (none for an empty region).
   ExtentMap(std::span<std::byte> metadata, uint64_t frame_count) noexcept;

   uint64_t frame_count() const noexcept { return frame_count_; }
   uint64_t free_frames() const noexcept { return free_frames_; }
   uint64_t extent_count() const noexcept { return extent_count_; }

   // Gives back [start, start + length), which must be allocated, merging it with the free
   // extents right before and after it. Returns the extent it became part of.
   Extent release(uint64_t start, uint64_t length) noexcept;
   // Takes [start, start + length) out of the free extent `from`, which holds it; what is left
   // on either side stays free.
   void take(const Extent &from, uint64_t start, uint64_t length) noexcept;

   // Calls visit(extent) for each free extent in address order until it returns false.
   template <typename Visit> void for_each(Visit &&visit) const noexcept;

   // Read access for validate(): the bitmaps and tags as stored.
   bool starts_extent(uint64_t frame) const noexcept { return bit(starts_, frame); }
   bool ends_extent(uint64_t frame) const noexcept { return bit(ends_, frame); }
   uint32_t tag(uint64_t frame) const noexcept { return tags_[frame]; }
   bool summary_matches() const noexcept;
   // Frames marked as first / last frame of a free extent.
   uint64_t start_marks() const noexcept { return marks(starts_); }
   uint64_t end_marks() const noexcept { return marks(ends_); }

 private:
   static constexpr uint64_t kWordBits = 64;

   static uint64_t words_for(uint64_t bits) noexcept { return (bits + kWordBits - 1) / kWordBits; }
   static bool bit(const uint64_t *bits, uint64_t index) noexcept {
      return (bits[index / kWordBits] >> (index % kWordBits) & 1u) != 0;
   }
   void add(uint64_t start, uint64_t length) noexcept;
   void remove(uint64_t start, uint64_t length) noexcept;
   void set_start(uint64_t frame, bool value) noexcept;
   uint64_t marks(const uint64_t *bits) const noexcept;

   uint64_t frame_count_;
   uint32_t *tags_;    // [frame] length of the free extent starting or ending there
   uint64_t *starts_;  // bit per frame: a free extent starts here
   uint64_t *ends_;    // bit per frame: a free extent ends here (its last frame)
   uint64_t *summary_; // bit per word of starts_: the word is not zero
   uint64_t summary_words_;
   uint64_t free_frames_ = 0;
   uint64_t extent_count_ = 0;
};

template <typename Visit> void ExtentMap::for_each(Visit &&visit) const noexcept {
   for (uint64_t s = 0; s < summary_words_; ++s) {
      for (uint64_t words = summary_[s]; words != 0; words &= words - 1) {
         const uint64_t word = s * kWordBits + static_cast<uint64_t>(std::countr_zero(words));
         for (uint64_t starts = starts_[word]; starts != 0; starts &= starts - 1) {
            const uint64_t start =
                word * kWordBits + static_cast<uint64_t>(std::countr_zero(starts));
            if (!visit(Extent{start, tags_[start]})) {
               return;
            }
         }
      }
   }
}

} // namespace memfrag::extent
