#include "core/platform/region_memory.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace memfrag::platform {

RegionMemory::RegionMemory(std::uint64_t frame_count, RegionAccess access)
   : frame_count_(frame_count) {
   if (frame_count == 0) {
      return;
   }
   int protection = access == RegionAccess::none ? PROT_NONE : PROT_READ | PROT_WRITE;
   void *mapping = mmap(nullptr, frame_count * kFrameSize, protection,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
   if (mapping == MAP_FAILED) {
      throw std::system_error(errno, std::generic_category(),
                              "cannot map a region of " + std::to_string(frame_count) + " frames");
   }
   base_ = static_cast<std::byte *>(mapping);
}

RegionMemory::~RegionMemory() {
   if (base_ != nullptr) {
      munmap(base_, frame_count_ * kFrameSize);
   }
}

} // namespace memfrag::platform
