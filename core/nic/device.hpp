// The boundary between the NIC driver core and a device: the register window of an
// 82574L-compatible controller and the DMA mapping that lets it reach host memory. The driver
// core (rings, refill, buffer policies) is written once against this interface; the software
// model and the vfio backend implement it, so both run the very same driver code.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace memfrag::nic {

// What the device needs from memory before it may reach an address by DMA.
enum class Contiguity : std::uint8_t {
   none,     // scatter-gather: every descriptor names one frame, nothing spans frames
   iova,     // behind an IOMMU: a buffer must be contiguous in the device's address space only
   physical, // no IOMMU: a buffer must be physically contiguous
};

class Device {
 public:
   virtual ~Device() = default;

   // 32-bit register access at a byte offset of the register window (BAR0 on real hardware).
   // The device acts on writes as the hardware does: writing a tail register hands descriptors
   // to it. A model may process them before write32() returns; real hardware does so later, so
   // the driver core always learns completion from the descriptors' status bits.
   virtual std::uint32_t read32(std::uint32_t offset) = 0;
   virtual void write32(std::uint32_t offset, std::uint32_t value) = 0;

   // Makes [address, address + length) of this process's memory reachable by the device and
   // returns the I/O virtual address the device must be given. `address` and `length` are
   // multiples of 4096. Throws std::runtime_error (with the OS's reason) when it cannot.
   virtual std::uint64_t map_dma(void *address, std::size_t length) = 0;
   // Withdraws a mapping made by map_dma(); afterwards a device access there must fail.
   virtual void unmap_dma(std::uint64_t iova, std::size_t length) = 0;

   // Blocks until the device raises an interrupt or `timeout` passes; returns how many it
   // raised since the last call (0: none). A device without interrupts (polling) returns 0 at
   // once.
   virtual std::uint64_t wait_interrupt(std::chrono::microseconds timeout) = 0;

   // What the device demands of receive buffers it writes by DMA: iova behind an IOMMU,
   // physical without one (map_dma() then returns physical addresses and withdraws nothing).
   virtual Contiguity required_contiguity() const = 0;

   // Device accesses the IOMMU blocked because no mapping covered them, when the backend can
   // observe them (the software model counts them); nullopt when it cannot (a real IOMMU
   // reports faults to the kernel log only: the driver then learns of a blocked write from
   // the buffer it left untouched).
   virtual std::optional<std::uint64_t> blocked_dma() const = 0;

   // For results and messages: "soft" or "vfio 0000:00:02.0".
   virtual std::string describe() const = 0;
};

} // namespace memfrag::nic
