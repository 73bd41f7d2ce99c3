// The software backend: an in-process model of the 82574L with the register and descriptor
// semantics the driver core relies on. Writing TDT sends the queued frames; with MAC loopback
// each comes straight back to the receive ring, split across as many descriptors as the buffer
// size needs (end-of-packet on the last). Without enough descriptors for the whole frame it is
// dropped and RNBC counts it. Every access to descriptors and buffers is real DMA into this
// process's memory, translated by the model's IOMMU (or, without one, by the physical address
// plan below); an access nothing translates is refused and counted in blocked_dma().
#pragma once

#include "core/nic/device.hpp"
#include "core/nic/soft_iommu.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::nic {

struct SoftDeviceConfig {
   // With an IOMMU (the default) the device reaches only what map_dma() mapped. Without one,
   // device addresses are physical: the model treats `memory` (the region, the simulated
   // physical memory) as lying at kSoftPhysicalBase, map_dma() translates into it and
   // unmap_dma() withdraws nothing.
   bool iommu = true;
   std::span<std::byte> memory;
};

// Where the model without an IOMMU places the region in its physical address space.
inline constexpr std::uint64_t kSoftPhysicalBase = std::uint64_t{1} << 36;

class SoftDevice final : public Device {
 public:
   explicit SoftDevice(const SoftDeviceConfig &config);

   std::uint32_t read32(std::uint32_t offset) override;
   void write32(std::uint32_t offset, std::uint32_t value) override;
   std::uint64_t map_dma(void *address, std::size_t length) override;
   void unmap_dma(std::uint64_t iova, std::size_t length) override;
   std::uint64_t wait_interrupt(std::chrono::microseconds timeout) override;
   Contiguity required_contiguity() const override;
   std::optional<std::uint64_t> blocked_dma() const override { return blocked_dma_; }
   std::string describe() const override;

   // Frames the receiver dropped as longer than 1522 bytes while long packets were off (ROC).
   std::uint64_t oversize_frames() const { return oversize_frames_; }
   // Live IOMMU mappings (0 without an IOMMU).
   std::size_t dma_mappings() const { return iommu_.mappings(); }

   // Bytes of the register window the model implements (up to RAH0 and beyond it).
   static constexpr std::uint32_t kWindowBytes = 0x6000;

 private:
   std::uint32_t &reg(std::uint32_t offset);
   void reset();
   void transmit();
   bool transmit_descriptor(std::uint32_t index);
   void receive(std::span<const std::byte> frame);
   bool receive_chunk(std::span<const std::byte> chunk, bool last);
   void raise(std::uint32_t cause);
   // The bytes behind device address [address, address + length), or nullptr (counted).
   std::byte *dma(std::uint64_t address, std::size_t length);
   std::uint64_t ring_base(std::uint32_t low_offset) const;

   SoftDeviceConfig config_;
   SoftIommu iommu_;
   std::vector<std::uint32_t> registers_;
   std::vector<std::byte> tx_frame_; // the frame being gathered from transmit descriptors
   bool tx_frame_faulted_ = false;
   std::uint64_t blocked_dma_ = 0;
   std::uint64_t oversize_frames_ = 0;
};

} // namespace memfrag::nic
