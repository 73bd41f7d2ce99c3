#include "core/workload/nic/traffic_plan.hpp"

#include "core/nic/descriptor_ring.hpp"

#include <cmath>

namespace memfrag::workload::nic {
namespace {

constexpr std::uint32_t kWireOverheadBytes = 4 + 8 + 12; // FCS, preamble, inter-frame gap

double total_weight(const NicSpec &spec) {
   double total = 0.0;
   for (const auto &size : spec.sizes) {
      total += static_cast<double>(size.weight);
   }
   return total;
}

double mean_wire_ns(const NicSpec &spec) {
   double sum = 0.0;
   for (const auto &size : spec.sizes) {
      sum += static_cast<double>(size.weight) * static_cast<double>(wire_ns(spec, size.bytes));
   }
   return sum / total_weight(spec);
}

} // namespace

std::uint64_t wire_ns(const NicSpec &spec, std::uint32_t bytes) {
   const double bits = 8.0 * (bytes + kWireOverheadBytes);
   return static_cast<std::uint64_t>(std::ceil(bits / spec.line_gbps));
}

double line_rate_pps(const NicSpec &spec) {
   return 1e9 / mean_wire_ns(spec);
}

std::uint64_t mean_burst_gap_ns(const NicSpec &spec) {
   const double period_ns = 1e9 / static_cast<double>(spec.rate_pps);
   const double idle_ns = spec.burst * (period_ns - mean_wire_ns(spec));
   return idle_ns > 0.0 ? static_cast<std::uint64_t>(idle_ns) : 0;
}

std::uint64_t traffic_duration_ns(const NicSpec &spec) {
   return static_cast<std::uint64_t>(1e9 * static_cast<double>(spec.packets) /
                                     static_cast<double>(spec.rate_pps));
}

std::uint32_t ring_order(std::uint32_t descriptors) {
   return order_for_bytes(std::uint64_t{descriptors} * memfrag::nic::kDescriptorBytes);
}

std::uint64_t bring_up_frames(const NicSpec &spec) {
   const BufferLayout layout = buffer_layout(spec);
   return (std::uint64_t{1} << ring_order(spec.rx_descriptors)) +
          (std::uint64_t{1} << ring_order(spec.tx_descriptors)) + spec.tx_descriptors +
          (std::uint64_t{spec.rx_descriptors} - 1) * (std::uint64_t{1} << layout.order);
}

double descriptors_per_frame(const NicSpec &spec) {
   const BufferLayout layout = buffer_layout(spec);
   double sum = 0.0;
   for (const auto &size : spec.sizes) {
      const auto pieces = (size.bytes + layout.buffer_bytes - 1) / layout.buffer_bytes;
      sum += static_cast<double>(size.weight) * pieces;
   }
   return sum / total_weight(spec);
}

std::uint64_t expected_ops(const NicSpec &spec, const GeneratorSpec &background) {
   const double per_packet =
       spec.buffers == BufferPolicy::page_pool ? 0.0 : 2.0 * descriptors_per_frame(spec);
   const std::uint64_t interface = 2 * (3 + spec.tx_descriptors + spec.rx_descriptors);
   return background.ops + interface +
          static_cast<std::uint64_t>(per_packet * static_cast<double>(spec.packets));
}

} // namespace memfrag::workload::nic
