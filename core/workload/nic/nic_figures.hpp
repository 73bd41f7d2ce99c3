// What the NIC harness counts, deterministic for a seed with the soft backend, reported as the
// run's workload figures (docs/nic.md lists them).
#pragma once

#include "core/results/model.hpp"

#include <cstdint>
#include <optional>

namespace memfrag::workload::nic {

struct NicFigures {
   bool interface_up = false;             // bring-up got its rings and buffers
   std::uint64_t packets_offered = 0;     // frames the arrival process offered
   std::uint64_t tx_ring_full = 0;        // offered frames the transmit ring had no room for
   std::uint64_t packets_transmitted = 0; // GPTC
   std::uint64_t bytes_transmitted = 0;
   std::uint64_t packets_received = 0; // whole frames taken off the receive ring
   std::uint64_t bytes_received = 0;
   std::uint64_t drops_no_buffer = 0;    // RNBC while every refill had succeeded
   std::uint64_t drops_alloc_failed = 0; // RNBC while the ring was short of failed refills
   std::uint64_t refill_requests = 0;    // atomic allocations asked for receive buffers
   std::uint64_t refill_failures = 0;
   std::uint64_t fill_failures = 0; // bring-up's (normal) allocations of the first buffers
   std::uint64_t pool_reuses = 0;   // page-pool: buffers posted again without an allocation
   std::uint64_t rx_descriptors_used = 0;
   std::uint64_t max_descriptors_per_packet = 0;
   std::uint64_t bytes_contiguous = 0;     // of frames received in one buffer
   std::uint64_t bytes_scatter_gather = 0; // of frames split across several
   std::uint64_t payload_errors = 0;       // frames whose bytes, length or sequence were wrong
   std::uint64_t dma_maps = 0, dma_unmaps = 0;
   std::optional<bool> dma_probe_blocked;    // the probe's write to an unmapped address
   std::optional<std::uint64_t> blocked_dma; // as the device saw it, when it can tell
   std::optional<std::uint64_t> interrupts;  // interrupts the device delivered, if enabled

   // Appends the figures, by name, to `counts.workload_figures`.
   void report(results::RunCounts &counts) const;
};

} // namespace memfrag::workload::nic
