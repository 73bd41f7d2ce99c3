// Figures derived from a NicSpec that the loader checks and the driver plans with: time on the
// wire, the line rate at the configured size mix, the memory the interface needs at bring-up,
// and the operations a run is expected to take.
#pragma once

#include "core/workload/generator_spec.hpp"
#include "core/workload/nic/nic_spec.hpp"

#include <cstdint>

namespace memfrag::workload::nic {

// Nanoseconds a frame of `bytes` occupies the line: the frame with its check sequence,
// preamble and inter-frame gap (24 bytes more), at spec.line_gbps, rounded up.
std::uint64_t wire_ns(const NicSpec &spec, std::uint32_t bytes);
// Frames per second the line carries back to back at the size mix's mean wire time.
double line_rate_pps(const NicSpec &spec);
// Mean idle time between bursts that makes the long-run rate spec.rate_pps.
std::uint64_t mean_burst_gap_ns(const NicSpec &spec);
// Expected duration of the traffic: packets / rate_pps.
std::uint64_t traffic_duration_ns(const NicSpec &spec);

// Order of the block holding `descriptors` ring descriptors.
std::uint32_t ring_order(std::uint32_t descriptors);
// Frames the interface takes at bring-up: both rings, one transmit buffer per transmit
// descriptor, and a full receive ring.
std::uint64_t bring_up_frames(const NicSpec &spec);
// Mean receive descriptors a frame of the size mix fills.
double descriptors_per_frame(const NicSpec &spec);
// Operations of a run: the background's, the interface's bring-up and teardown, and an
// allocation and a free per receive buffer consumed (page-pool buffers mostly come back).
std::uint64_t expected_ops(const NicSpec &spec, const GeneratorSpec &background);

} // namespace memfrag::workload::nic
