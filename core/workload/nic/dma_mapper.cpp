#include "core/workload/nic/dma_mapper.hpp"

#include "core/platform/clock.hpp"

#include <stdexcept>

namespace memfrag::workload::nic {

DmaMapper::DmaMapper(memfrag::nic::Device &device, DmaMapping mode, std::span<std::byte> region)
    : device_(device), mode_(mode), region_(region), ns_per_tick_(platform::ns_per_tick()) {
}

void DmaMapper::map_region() {
   if (mode_ == DmaMapping::whole) {
      region_address_ = map_own(region_.data(), region_.size());
      region_mapped_ = true;
   }
}

void DmaMapper::unmap_region() {
   if (region_mapped_) {
      unmap_own(region_address_, region_.size());
      region_mapped_ = false;
   }
}

std::uint64_t DmaMapper::map(std::byte *address, std::size_t bytes) {
   if (mode_ == DmaMapping::per_buffer) {
      return map_own(address, bytes);
   }
   if (address < region_.data() || address + bytes > region_.data() + region_.size()) {
      throw std::logic_error("NIC harness: a buffer outside the region has no address in the "
                             "region's DMA mapping");
   }
   return region_address_ + static_cast<std::uint64_t>(address - region_.data());
}

void DmaMapper::unmap(std::uint64_t device_address, std::size_t bytes) {
   if (mode_ == DmaMapping::per_buffer) {
      unmap_own(device_address, bytes);
   }
}

std::uint64_t DmaMapper::map_own(std::byte *address, std::size_t bytes) {
   const std::uint64_t start = platform::ticks();
   const std::uint64_t device_address = device_.map_dma(address, bytes);
   map_latency_.record(
       static_cast<std::uint64_t>(static_cast<double>(platform::ticks() - start) * ns_per_tick_));
   return device_address;
}

void DmaMapper::unmap_own(std::uint64_t device_address, std::size_t bytes) {
   const std::uint64_t start = platform::ticks();
   device_.unmap_dma(device_address, bytes);
   unmap_latency_.record(
       static_cast<std::uint64_t>(static_cast<double>(platform::ticks() - start) * ns_per_tick_));
}

} // namespace memfrag::workload::nic
