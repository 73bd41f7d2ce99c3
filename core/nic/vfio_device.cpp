#include "core/nic/vfio_device.hpp"

#include <stdexcept>

namespace memfrag::nic {
namespace {

constexpr std::uint64_t kFrameBytes = 4096;

} // namespace

VfioDevice::VfioDevice(const std::string &address, platform::VfioInterrupts interrupts)
    : pci_(address) {
   pci_.enable_interrupts(interrupts);
}

volatile std::uint32_t &VfioDevice::reg(std::uint32_t offset) {
   if (offset % 4 != 0 || offset + 4 > pci_.bar0_bytes()) {
      throw std::out_of_range(describe() + ": register offset " + std::to_string(offset) +
                              " is outside BAR0");
   }
   return pci_.bar0()[offset / 4];
}

std::uint32_t VfioDevice::read32(std::uint32_t offset) {
   return reg(offset);
}

void VfioDevice::write32(std::uint32_t offset, std::uint32_t value) {
   reg(offset) = value;
}

std::uint64_t VfioDevice::map_dma(void *address, std::size_t length) {
   if (length == 0 || length % kFrameBytes != 0 ||
       reinterpret_cast<std::uintptr_t>(address) % kFrameBytes != 0) {
      throw std::invalid_argument(describe() + ": DMA mappings are whole frames");
   }
   const std::uint64_t iova = next_iova_;
   pci_.map_dma(address, iova, length);
   next_iova_ += length + kFrameBytes;
   return iova;
}

void VfioDevice::unmap_dma(std::uint64_t iova, std::size_t length) {
   pci_.unmap_dma(iova, length);
}

std::uint64_t VfioDevice::wait_interrupt(std::chrono::microseconds timeout) {
   return pci_.wait_interrupt(timeout);
}

} // namespace memfrag::nic
