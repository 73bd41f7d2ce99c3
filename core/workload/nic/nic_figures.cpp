#include "core/workload/nic/nic_figures.hpp"

#include <limits>

namespace memfrag::workload::nic {
namespace {

double share_pct(std::uint64_t part, std::uint64_t whole) {
   return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

} // namespace

void NicFigures::report(results::RunCounts &counts) const {
   auto &figures = counts.workload_figures;
   const auto add = [&](const char *name, std::uint64_t value) {
      figures.emplace_back(name, static_cast<double>(value));
   };
   const std::uint64_t drops = drops_no_buffer + drops_alloc_failed;
   add("interface_up", interface_up ? 1 : 0);
   add("packets_offered", packets_offered);
   add("packets_transmitted", packets_transmitted);
   add("tx_ring_full", tx_ring_full);
   add("bytes_transmitted", bytes_transmitted);
   add("packets_received", packets_received);
   add("bytes_received", bytes_received);
   add("drops", drops);
   figures.emplace_back("drop_pct", share_pct(drops, packets_transmitted));
   add("drops_no_buffer", drops_no_buffer);
   add("drops_alloc_failed", drops_alloc_failed);
   add("refill_requests", refill_requests);
   add("refill_failures", refill_failures);
   add("fill_failures", fill_failures);
   add("pool_reuses", pool_reuses);
   add("rx_descriptors_used", rx_descriptors_used);
   // Undefined without a frame received: NaN, written as null.
   const double descriptors_per_packet =
       packets_received == 0
           ? std::numeric_limits<double>::quiet_NaN()
           : static_cast<double>(rx_descriptors_used) / static_cast<double>(packets_received);
   figures.emplace_back("descriptors_per_packet", descriptors_per_packet);
   add("max_descriptors_per_packet", max_descriptors_per_packet);
   add("bytes_contiguous", bytes_contiguous);
   add("bytes_scatter_gather", bytes_scatter_gather);
   add("payload_errors", payload_errors);
   add("dma_maps", dma_maps);
   add("dma_unmaps", dma_unmaps);
   if (dma_probe_blocked) {
      add("dma_probe_blocked", *dma_probe_blocked ? 1 : 0);
   }
   if (blocked_dma) {
      add("blocked_dma", *blocked_dma);
   }
   if (interrupts) {
      add("interrupts", *interrupts);
   }
}

} // namespace memfrag::workload::nic
