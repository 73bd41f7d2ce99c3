// The vfio backend: a real 82574L-compatible controller driven from user space. Registers are
// 32-bit accesses to its BAR0 mapped into this process; DMA mappings are made in the device's
// own IOMMU context (VFIO_IOMMU_MAP_DMA) at IOVAs this backend hands out; interrupts are an
// MSI-X or MSI vector delivered to an eventfd, or none (polling).
#pragma once

#include "core/nic/device.hpp"
#include "core/platform/vfio_pci.hpp"

#include <cstdint>
#include <string>

namespace memfrag::nic {

class VfioDevice final : public Device {
 public:
   // Opens the device at PCI address `address` and wires `interrupts`. Throws
   // std::runtime_error naming what is missing (memfrag nic probe explains it too).
   VfioDevice(const std::string &address, platform::VfioInterrupts interrupts);

   std::uint32_t read32(std::uint32_t offset) override;
   void write32(std::uint32_t offset, std::uint32_t value) override;
   // IOVAs are handed out upwards from 4 GiB, never reused, one unmapped frame between two
   // ranges: a stale or overrunning device address always faults in the IOMMU.
   std::uint64_t map_dma(void *address, std::size_t length) override;
   void unmap_dma(std::uint64_t iova, std::size_t length) override;
   std::uint64_t wait_interrupt(std::chrono::microseconds timeout) override;
   Contiguity required_contiguity() const override { return Contiguity::iova; }
   // The IOMMU reports faults to the kernel log only.
   std::optional<std::uint64_t> blocked_dma() const override { return std::nullopt; }
   std::string describe() const override { return "vfio " + pci_.address(); }

 private:
   volatile std::uint32_t &reg(std::uint32_t offset);

   platform::VfioPciDevice pci_;
   std::uint64_t next_iova_ = std::uint64_t{1} << 32;
};

} // namespace memfrag::nic
