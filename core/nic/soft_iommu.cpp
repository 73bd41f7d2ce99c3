#include "core/nic/soft_iommu.hpp"

#include <stdexcept>
#include <string>

namespace memfrag::nic {
namespace {

constexpr std::size_t kFrameBytes = 4096;

bool frame_aligned(std::uint64_t value) {
   return value % kFrameBytes == 0;
}

} // namespace

std::uint64_t SoftIommu::map(std::byte *address, std::size_t length) {
   if (length == 0 || !frame_aligned(length) ||
       !frame_aligned(reinterpret_cast<std::uintptr_t>(address))) {
      throw std::invalid_argument("map_dma: address and length must be non-zero multiples of "
                                  "4096, got " +
                                  std::to_string(length) + " bytes");
   }
   const std::uint64_t iova = next_iova_;
   mappings_.emplace(iova, Mapping{address, length});
   next_iova_ += length + kFrameBytes;
   return iova;
}

void SoftIommu::unmap(std::uint64_t iova, std::size_t length) {
   const auto found = mappings_.find(iova);
   if (found == mappings_.end() || found->second.length != length) {
      throw std::invalid_argument("unmap_dma: no mapping of " + std::to_string(length) +
                                  " bytes at IOVA " + std::to_string(iova));
   }
   mappings_.erase(found);
}

std::byte *SoftIommu::translate(std::uint64_t iova, std::size_t length) const {
   auto found = mappings_.upper_bound(iova);
   if (found == mappings_.begin()) {
      return nullptr;
   }
   --found;
   const std::uint64_t offset = iova - found->first;
   if (offset > found->second.length || length > found->second.length - offset) {
      return nullptr;
   }
   return found->second.address + offset;
}

} // namespace memfrag::nic
