#include "core/platform/virtual_window.hpp"

#include "core/platform/region_memory.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <system_error>

namespace memfrag::platform {

VirtualWindow::VirtualWindow(int file, std::uint32_t slot_frames, std::uint32_t slots)
    : file_(file), slot_frames_(slot_frames) {
   if (slot_frames == 0 || slots == 0) {
      return;
   }
   bytes_ = std::size_t{slots} * slot_frames * kFrameSize;
   void *reserved = mmap(nullptr, bytes_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                         -1, 0);
   if (reserved == MAP_FAILED) {
      throw std::system_error(errno, std::generic_category(),
                              "cannot reserve the window for stitched blocks");
   }
   base_ = static_cast<std::byte *>(reserved);
   for (std::uint32_t slot = slots; slot-- > 0;) {
      free_slots_.push_back(slot);
   }
}

VirtualWindow::~VirtualWindow() {
   if (base_ != nullptr) {
      munmap(base_, bytes_);
   }
}

// Puts an inaccessible reservation back over part of the window.
bool VirtualWindow::reserve_range(std::byte *start, std::size_t bytes) {
   return mmap(start, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
               -1, 0) != MAP_FAILED;
}

std::int64_t VirtualWindow::map(std::span<const std::uint64_t> frames) {
   if (free_slots_.empty() || frames.size() > slot_frames_) {
      return -1;
   }
   const std::uint32_t slot = free_slots_.back();
   std::byte *target = address(slot);
   for (std::size_t index = 0; index < frames.size(); ++index) {
      void *mapped = mmap(target + index * kFrameSize, kFrameSize, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_FIXED, file_, static_cast<off_t>(frames[index] * kFrameSize));
      if (mapped == MAP_FAILED) {
         reserve_range(target, index * kFrameSize);
         return -1;
      }
   }
   free_slots_.pop_back();
   return slot;
}

void VirtualWindow::unmap(std::uint32_t slot) {
   reserve_range(address(slot), std::size_t{slot_frames_} * kFrameSize);
   free_slots_.push_back(slot);
}

} // namespace memfrag::platform
