// A PCI device driven from user space through vfio: its container (the IOMMU context), its
// IOMMU group and its device file, BAR0 mapped into this process, DMA mappings made with
// VFIO_IOMMU_MAP_DMA, and one interrupt vector delivered to an eventfd. Every failure names
// what is missing on this machine (no /dev/vfio, a device not bound to vfio-pci, a group that
// is not viable, no IOMMU) and how to provide it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace memfrag::platform {

enum class VfioInterrupts : std::uint8_t {
   none, // polling: no vector is enabled
   msix, // MSI-X vector 0
   msi,  // MSI
};

class VfioPciDevice {
 public:
   // Opens the device at PCI address `address` ("0000:00:02.0"), maps BAR0 and enables bus
   // mastering. Throws std::runtime_error naming the address and what is missing.
   explicit VfioPciDevice(const std::string &address);
   ~VfioPciDevice();
   VfioPciDevice(const VfioPciDevice &) = delete;
   VfioPciDevice &operator=(const VfioPciDevice &) = delete;

   const std::string &address() const { return address_; }
   volatile std::uint32_t *bar0() const { return bar0_; }
   std::size_t bar0_bytes() const { return bar0_bytes_; }

   // Makes [address, address + length) of this process reachable by the device at `iova`
   // (pinned, read and write). Throws std::runtime_error with the kernel's reason.
   void map_dma(void *address, std::uint64_t iova, std::size_t length);
   void unmap_dma(std::uint64_t iova, std::size_t length);

   // Wires vector 0 of `kind` to an eventfd. Throws std::runtime_error when the device has no
   // such vector or the kernel refuses.
   void enable_interrupts(VfioInterrupts kind);
   VfioInterrupts interrupts() const { return interrupts_; }
   // Waits for the enabled vector to fire, at most `timeout` rounded up to a millisecond (0:
   // not at all); consumes what fired and returns how many times it fired since the last call.
   // 0 at once without a vector.
   std::uint64_t wait_interrupt(std::chrono::microseconds timeout);

 private:
   void release();
   void open_group(int group);
   void open_device();
   void map_bar0();
   void enable_bus_master();

   std::string address_;
   int container_ = -1;
   int group_ = -1;
   int device_ = -1;
   int eventfd_ = -1;
   VfioInterrupts interrupts_ = VfioInterrupts::none;
   std::uint64_t config_offset_ = 0;
   volatile std::uint32_t *bar0_ = nullptr;
   std::size_t bar0_bytes_ = 0;
};

} // namespace memfrag::platform
