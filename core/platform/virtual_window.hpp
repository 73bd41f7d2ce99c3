// A reserved stretch of address space where frames of a region's memory file are mapped a
// second time, side by side, in fixed-size slots: the OS half of stitching single frames into
// one virtually contiguous block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::platform {

class VirtualWindow {
 public:
   // Reserves `slots` slots of `slot_frames` frames each, inaccessible until mapped; nothing is
   // reserved when either is 0. `file` is the region's memory file. Throws std::system_error.
   VirtualWindow(int file, std::uint32_t slot_frames, std::uint32_t slots);
   ~VirtualWindow();
   VirtualWindow(const VirtualWindow &) = delete;
   VirtualWindow &operator=(const VirtualWindow &) = delete;

   std::uint32_t slot_frames() const { return slot_frames_; }
   bool has_free_slot() const { return !free_slots_.empty(); }

   // Maps `frames` (at most slot_frames()) into a free slot, in order, and returns the slot.
   // Returns -1, mapping nothing, when no slot is free or the OS refuses.
   std::int64_t map(std::span<const std::uint64_t> frames);
   // Makes the slot inaccessible again and frees it.
   void unmap(std::uint32_t slot);
   std::byte *address(std::uint32_t slot) const {
      return base_ + std::size_t{slot} * slot_frames_ * 4096;
   }

 private:
   bool reserve_range(std::byte *start, std::size_t bytes);

   int file_;
   std::uint32_t slot_frames_;
   std::byte *base_ = nullptr;
   std::size_t bytes_ = 0;
   std::vector<std::uint32_t> free_slots_;
};

} // namespace memfrag::platform
