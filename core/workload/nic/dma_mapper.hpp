// How the driver gets the addresses it gives the device: the region mapped once at bring-up
// (nic.dma_map = "whole", as DPDK does) or each buffer mapped on its own when it is posted and
// unmapped when the device has filled it ("per-buffer", as a kernel driver's dma_map_single()).
// Every map_dma() and unmap_dma() call is counted and timed.
#pragma once

#include "core/metrics/latency_histogram.hpp"
#include "core/nic/device.hpp"
#include "core/workload/nic/nic_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace memfrag::workload::nic {

class DmaMapper {
 public:
   DmaMapper(memfrag::nic::Device &device, DmaMapping mode, std::span<std::byte> region);

   DmaMapping mode() const { return mode_; }
   // Whole: maps the region. Per-buffer: nothing to do.
   void map_region();
   void unmap_region();

   // The device address of [address, address + bytes): inside the region's mapping (whole; the
   // range must lie in the region), or a mapping of its own (per-buffer).
   std::uint64_t map(std::byte *address, std::size_t bytes);
   // Ends what map() began: withdraws the buffer's own mapping (per-buffer); nothing (whole).
   void unmap(std::uint64_t device_address, std::size_t bytes);
   // A mapping of its own whatever the mode, and its withdrawal: for the DMA probe.
   std::uint64_t map_own(std::byte *address, std::size_t bytes);
   void unmap_own(std::uint64_t device_address, std::size_t bytes);

   std::uint64_t maps() const { return map_latency_.count(); }
   std::uint64_t unmaps() const { return unmap_latency_.count(); }
   const metrics::LatencyHistogram &map_latency() const { return map_latency_; }
   const metrics::LatencyHistogram &unmap_latency() const { return unmap_latency_; }

 private:
   memfrag::nic::Device &device_;
   DmaMapping mode_;
   std::span<std::byte> region_;
   std::uint64_t region_address_ = 0;
   bool region_mapped_ = false;
   double ns_per_tick_;
   metrics::LatencyHistogram map_latency_;
   metrics::LatencyHistogram unmap_latency_;
};

} // namespace memfrag::workload::nic
