// The traced kernel's own free layout through a trace: its frame numbers are real, so applying
// each event to the free-frame snapshot taken at the start of the capture follows its free-block
// histogram, which results show beside each plugin's (RunCounts::reference_timeline).
#pragma once

#include "core/results/model.hpp"
#include "core/workload/trace/free_frames.hpp"
#include "core/workload/trace/trace_event.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::workload::trace {

// A sample point: after `event_index` events the replay had executed `op_index` operations.
struct SamplePoint {
   std::uint64_t event_index = 0;
   std::uint64_t op_index = 0;
};

// The free state of `free_frames` in the shape of the host's samples, with the kernel's indices.
results::FreeState free_state_of(const FreeFrameSet &free_frames, std::uint32_t max_order,
                                 std::uint64_t op_index);

// Applies `events` to a copy of `start`, sampling at each point (points in event order).
std::vector<results::FreeState> traced_layout_timeline(const FreeFrameSet &start,
                                                       std::span<const TraceEvent> events,
                                                       std::span<const SamplePoint> points,
                                                       std::uint32_t max_order);

} // namespace memfrag::workload::trace
