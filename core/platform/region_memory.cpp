#include "core/platform/region_memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace memfrag::platform {
namespace {

[[noreturn]] void fail(const std::string &what, std::uint64_t frame_count) {
   throw std::system_error(errno, std::generic_category(),
                           "cannot " + what + " a region of " + std::to_string(frame_count) +
                               " frames");
}

} // namespace

RegionMemory::RegionMemory(std::uint64_t frame_count, RegionAccess access)
   : frame_count_(frame_count) {
   if (frame_count == 0) {
      return;
   }
   int protection = access == RegionAccess::none ? PROT_NONE : PROT_READ | PROT_WRITE;
   file_ = memfd_create("memfrag-region", MFD_CLOEXEC);
   if (file_ < 0) {
      fail("create the memory file of", frame_count);
   }
   const auto bytes = static_cast<off_t>(frame_count * kFrameSize);
   if (ftruncate(file_, bytes) != 0) {
      close(file_);
      fail("size the memory file of", frame_count);
   }
   void *mapping = mmap(nullptr, frame_count * kFrameSize, protection,
                        MAP_SHARED | MAP_NORESERVE, file_, 0);
   if (mapping == MAP_FAILED) {
      close(file_);
      fail("map", frame_count);
   }
   base_ = static_cast<std::byte *>(mapping);
}

RegionMemory::~RegionMemory() {
   if (base_ != nullptr) {
      munmap(base_, frame_count_ * kFrameSize);
   }
   if (file_ >= 0) {
      close(file_);
   }
}

} // namespace memfrag::platform
