#include "core/platform/guarded_bytes.hpp"

#include "core/platform/region_memory.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <system_error>

namespace memfrag::platform {
namespace {

constexpr std::byte kCanary{0xa5};

std::size_t round_up(std::size_t value, std::size_t multiple) {
   return (value + multiple - 1) / multiple * multiple;
}

} // namespace

GuardedBytes::GuardedBytes(std::size_t size, std::size_t alignment) : size_(size) {
   accessible_size_ = round_up(size == 0 ? 1 : size, kFrameSize);
   mapping_size_ = accessible_size_ + 2 * kFrameSize;
   void *mapping = mmap(nullptr, mapping_size_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   if (mapping == MAP_FAILED) {
      throw std::system_error(errno, std::generic_category(),
                              "cannot map " + std::to_string(size) + " guarded bytes");
   }
   mapping_ = static_cast<std::byte *>(mapping);
   accessible_ = mapping_ + kFrameSize;
   if (mprotect(accessible_, accessible_size_, PROT_READ | PROT_WRITE) != 0) {
      int error = errno;
      munmap(mapping_, mapping_size_);
      throw std::system_error(error, std::generic_category(), "cannot open guarded bytes");
   }
   data_ = accessible_ + accessible_size_ - round_up(size, alignment);
   std::memset(accessible_, static_cast<int>(kCanary), accessible_size_);
   std::memset(data_, 0, size_);
}

GuardedBytes::~GuardedBytes() {
   munmap(mapping_, mapping_size_);
}

std::optional<std::ptrdiff_t> GuardedBytes::overwritten_slack() const {
   for (std::byte *slack = accessible_; slack < data_; ++slack) {
      if (*slack != kCanary) {
         return slack - data_;
      }
   }
   for (std::byte *slack = data_ + size_; slack < accessible_ + accessible_size_; ++slack) {
      if (*slack != kCanary) {
         return slack - data_;
      }
   }
   return std::nullopt;
}

} // namespace memfrag::platform
